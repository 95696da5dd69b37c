"""How a proposal's end reads on its need's page (registry/need.html): its state, and why,
in the reader's language. The reasons are stored as the services write them (English), or
as a social worker typed them."""

from flask_babel import lazy_gettext as _l

from ..core.histories import event_reason, known_reason, reason_pattern
from .forms import REASON_LABELS
from .models import ProposalStatus
from .need_proposals import ProposalOutcome
from .withdrawals import REPLACED_BY_RUN

PROPOSAL_STATUS_LABELS = {
    ProposalStatus.PROPOSED: _l("Waiting for a decision"),
    ProposalStatus.CONFIRMED: _l("Confirmed"),
    ProposalStatus.REJECTED: _l("Declined"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
}

known_reason(REPLACED_BY_RUN, _l("replaced by a newer matching run"))
reason_pattern(
    r"proposal (?P<id>\d+) was confirmed",
    _l("another proposal (no. %(id)s) was confirmed, for this need or for this volunteer"),
)


def why_it_ended(outcome: ProposalOutcome) -> str:
    """The rejection's reason and note, the confirmation's note, or why it was withdrawn."""
    proposal = outcome.proposal
    if proposal.status is ProposalStatus.REJECTED and proposal.reject_reason:
        label = str(REASON_LABELS[proposal.reject_reason])
        return f"{label}: {proposal.note}" if proposal.note else label
    if proposal.status is ProposalStatus.CONFIRMED:
        return event_reason(proposal.note)  # typed, or a text the system wrote (the demo's)
    return event_reason(outcome.decided.reason) if outcome.decided else ""
