"""Withdrawing proposals still waiting for a decision (proposed → withdrawn, DESIGN §3):
a new run replaces them, their need was closed or changed, their volunteer suspended."""

from sqlalchemy import select

from ..accounts.models import User
from ..core.events import StaleTransition, transition
from ..extensions import db
from .models import Proposal, ProposalStatus

#: Recorded on each waiting proposal a new run replaces (registry.stale_proposals has the
#: reasons for a need closed or changed).
REPLACED_BY_RUN = "replaced by a new run"


def withdraw_open_proposals(
    need_ids: list[int],
    *,
    by: User | None,
    why: str = REPLACED_BY_RUN,
    leave_decided: bool = False,
) -> int:
    """Withdraw the proposals still waiting for these needs — a new run replaces them, or
    the need was closed or changed so that they no longer fit; returns how many.

    :param leave_decided: leave as decided one a colleague confirmed or rejected meanwhile
        (closing or editing the need); otherwise (a run) that race raises.
    :raises StaleTransition: if a proposal was decided meanwhile and not ``leave_decided``.
    """
    condition = Proposal.need_id.in_(need_ids)
    return _withdraw_waiting(condition, by=by, why=why, leave_decided=leave_decided)


def withdraw_volunteer_proposals(volunteer_id: int, *, by: User | None, why: str) -> int:
    """Withdraw the proposals still waiting for a volunteer (e.g. one just suspended); returns
    how many. One a colleague decided meanwhile is left as decided."""
    condition = Proposal.volunteer_id == volunteer_id
    return _withdraw_waiting(condition, by=by, why=why, leave_decided=True)


def _withdraw_waiting(condition, *, by: User | None, why: str, leave_decided: bool) -> int:
    waiting = db.session.scalars(
        select(Proposal)
        .where(condition, Proposal.status == ProposalStatus.PROPOSED)
        .order_by(Proposal.id)
    ).all()
    withdrawn = 0
    for proposal in waiting:
        try:
            transition(proposal, ProposalStatus.WITHDRAWN, by=by, why=why)
        except StaleTransition:
            if not leave_decided:
                raise
            continue
        withdrawn += 1
    return withdrawn
