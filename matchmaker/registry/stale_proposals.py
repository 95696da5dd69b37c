"""Proposals a need's closing or changing makes stale (DESIGN §3 step 2: proposed →
withdrawn): a social worker must not confirm a volunteer for a need that is closed, or that
asks for something else now. The next run proposes afresh."""

from ..accounts.models import User
from .models import Need

#: Recorded on each waiting proposal withdrawn for these reasons.
NEED_CLOSED = "need closed"
NEED_EDITED = "need edited"
RESIDENT_EDITED = "resident's record changed"

#: What matching reads of a need (match.loading.need_record, train.services.requires): a
#: change to one of these makes its waiting proposals stale. The service type and notes
#: are read by people only.
MATCHED_NEED_FIELDS = frozenset(
    {"skills", "availability", "home_visit", "gender_preference", "urgency"}
)
#: ... and of its resident (distance, same community, languages, past outcomes with the
#: same disability category, courses the pairing requires).
MATCHED_RESIDENT_FIELDS = frozenset({"community", "languages", "disability_category"})


def withdraw_waiting_proposals(needs: list[Need], *, by: User | None, why: str) -> int:
    """Withdraw the proposals still waiting for ``needs``; returns how many. One a colleague
    decided meanwhile is left as decided."""
    from ..match.withdrawals import withdraw_open_proposals  # match builds on the registry

    if not needs:
        return 0
    return withdraw_open_proposals([n.id for n in needs], by=by, why=why, leave_decided=True)
