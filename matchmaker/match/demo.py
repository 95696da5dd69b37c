"""Demo matching: one run over every open need, and some proposals already confirmed; at
the end of the demo, a fresh run as the nightly job would make."""

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .models import RunOrigin
from .services import NothingToMatch, confirm_proposal, run_matching

CONFIRMED = 15


def seed(rng) -> str:
    worker = db.session.scalar(select(User).where(User.email == "sw.beishan@example.org"))
    try:
        run, proposals = run_matching(community_ids=None, by=worker, origin=RunOrigin.DEMO)
    except NothingToMatch:
        return "no matching run (nothing to match)"
    best = sorted((p for p in proposals if p.rank == 0), key=lambda p: (-p.score, p.id))
    confirmed = 0
    for proposal in best:
        if confirmed == CONFIRMED:
            break
        if proposal.volunteer.open_pairings < proposal.volunteer.capacity:
            confirm_proposal(proposal, by=worker, note="demo data")
            confirmed += 1
    return f"1 matching run: {run.proposals_count} needs proposed, {confirmed} pairings confirmed"


def refresh(rng) -> str:
    """Propose again once the other domains have seeded, so the open proposals weigh the
    training done, past pairings and offers of help that exist now (the nightly run would)."""
    try:
        run, _ = run_matching(community_ids=None, by=None, origin=RunOrigin.DEMO)
    except NothingToMatch:
        return "no fresh matching run"
    return f"a fresh matching run: {run.proposals_count} needs proposed"
