"""The proposals a need has had, newest first, each with how it ended: the need page shows
them, so a social worker reads why a volunteer once proposed is no longer there."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..accounts.models import User
from ..core.models import Event
from ..extensions import db
from .models import MatchRun, Proposal, ProposalStatus

#: proposals shown on a need page; older ones stay in the runs' records
SHOWN = 30


@dataclass(frozen=True)
class ProposalOutcome:
    proposal: Proposal
    proposed_at: datetime
    #: the recorded move out of "proposed" (None while it waits)
    decided: Event | None
    decided_by: str | None


def proposals_of_need(need_id: int) -> list[ProposalOutcome]:
    """The need's latest ``SHOWN`` proposals, the newest run first and its choice before its
    alternatives, each with the event that ended it."""
    rows = db.session.execute(
        select(Proposal, MatchRun.started_at)
        .join(MatchRun, MatchRun.id == Proposal.run_id)
        .where(Proposal.need_id == need_id)
        .order_by(Proposal.run_id.desc(), Proposal.rank, Proposal.id)
        .limit(SHOWN)
    ).all()
    ids = [proposal.id for proposal, _ in rows]
    endings: dict[int, Event] = {}
    if ids:
        for event in db.session.scalars(
            select(Event)
            .where(
                Event.subject_type == Proposal.__tablename__,
                Event.subject_id.in_(ids),
                Event.from_state == ProposalStatus.PROPOSED.value,
            )
            .order_by(Event.id)
        ):
            endings[event.subject_id] = event
    actor_ids = {e.actor_id for e in endings.values() if e.actor_id}
    names = (
        dict(db.session.execute(select(User.id, User.name).where(User.id.in_(actor_ids))).all())
        if actor_ids
        else {}
    )
    return [
        ProposalOutcome(
            proposal,
            started_at,
            endings.get(proposal.id),
            names.get(getattr(endings.get(proposal.id), "actor_id", None)),
        )
        for proposal, started_at in rows
    ]
