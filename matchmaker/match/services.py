"""Matching rules: run the engine, confirm or reject proposals, keep capacity honest."""

import time
from datetime import datetime

from sqlalchemy import func, select, update

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..core.events import StaleTransition, record_creation, transition
from ..core.types import utcnow
from ..extensions import db
from ..notify.services import notify_staff
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.models import Need, NeedStatus, Resident
from . import loading, notices, runs
from .models import (
    MatchRun,
    MatchRunStatus,
    Pairing,
    PairingStatus,
    Proposal,
    ProposalStatus,
    RejectReason,
    RunOrigin,
)
from .withdrawals import withdraw_open_proposals


class NothingToMatch(Exception):
    """No open needs, or no volunteers with room, in the scope asked for."""

    def __init__(self, what: str):
        self.what = what  # "needs", "volunteers", or "awaiting" (every need left waiting)
        super().__init__(what)


class RunInProgress(Exception):
    """Another matching run is under way, or finished while this one was reading: this one
    is not made (it would duplicate or replace that run's proposals)."""


class VolunteerFull(Exception):
    """The volunteer's capacity was taken by another confirmation first, or they are no
    longer approved (suspended since the run proposed them)."""


def run_matching(
    *,
    community_ids: set[int] | None,
    by: User | None,
    dry_run: bool = False,
    progress=None,
    fresh_since: datetime | None = None,
    origin: RunOrigin | None = None,
) -> tuple[MatchRun, list[Proposal]]:
    """Propose volunteers for every open need in scope, replacing the scope's open proposals.

    :param community_ids: the needs' communities; None for all.
    :param dry_run: compute only: nothing is stored (the run is returned unsaved).
    :param fresh_since: leave alone the needs whose waiting proposals were made since then
        (a social worker may be deciding on them: the nightly run does not replace them).
    :param origin: what started it; by default the site when ``by`` is a person, else the CLI.
    :raises NothingToMatch: when the scope has no open needs (or ``fresh_since`` leaves none)
        or there are no volunteers.
    :raises RunInProgress: when another run is under way (one run at a time, whatever its
        scope: runs share the volunteers).
    """
    from .engine import propose
    from .explain import explain

    started = time.perf_counter()
    last_run = None if dry_run else _one_run_at_a_time()
    needs = loading.open_needs(community_ids)
    if not needs:
        raise NothingToMatch("needs")
    if fresh_since is not None:
        fresh = needs_awaiting_decision(fresh_since)
        needs = [n for n in needs if n.id not in fresh]
        if not needs:
            raise NothingToMatch("awaiting")
    volunteers = loading.available_volunteers()
    if not volunteers:
        raise NothingToMatch("volunteers")
    scorer = loading.current_scorer()
    need_records = {n.id: loading.need_record(n) for n in needs}
    need_records = loading.with_declined(loading.with_required_courses(needs, need_records))
    volunteer_records = {v.id: loading.volunteer_record(v) for v in volunteers}
    for fill in (
        loading.with_service_history,
        loading.with_past_outcomes,
        loading.with_courses_done,
        loading.with_interest,
    ):
        volunteer_records = fill(volunteer_records)
    result = propose(
        list(need_records.values()), list(volunteer_records.values()), scorer, progress=progress
    )
    run = MatchRun(
        scope=runs.scope_of(community_ids),
        scorer_version=result.scorer_version,
        needs_count=len(needs),
        volunteers_count=len(volunteers),
        proposals_count=sum(1 for p in result.proposals if p.rank == 0),
        unmatched_count=len(result.unmatched_need_ids),
        total_score=result.total_score,
        started_by_id=getattr(by, "id", None),
        origin=origin or (RunOrigin.WEB if by is not None else RunOrigin.CLI),
        status=MatchRunStatus.RUNNING,
    )
    rows = [
        Proposal(
            need_id=p.need_id,
            volunteer_id=p.volunteer_id,
            rank=p.rank,
            score=float(p.score),
            features=p.features,
            contributions=p.contributions,
            explanation_zh=explain(
                p,
                locale="zh_CN",
                need=need_records[p.need_id],
                volunteer=volunteer_records[p.volunteer_id],
            ),
            explanation_en=explain(
                p,
                locale="en",
                need=need_records[p.need_id],
                volunteer=volunteer_records[p.volunteer_id],
            ),
        )
        for p in result.proposals
    ]
    run.seconds = time.perf_counter() - started
    if dry_run:
        return run, rows
    db.session.add(run)
    db.session.flush()  # the run's first write: on SQLite, where a second run waits
    if _finished_since(last_run):
        raise RunInProgress()
    record_creation(run, by=by, why="matching run started")
    # A need a colleague decided while the engine ran (a proposal confirmed: the need is
    # matched) keeps that decision: the run leaves its proposals and proposes nothing for it.
    withdraw_open_proposals([n.id for n in needs], by=by, leave_decided=True)
    still_open = _still_open([n.id for n in needs])
    rows = [row for row in rows if row.need_id in still_open]
    unmatched = [row for row in runs.unmatched_rows(result) if row.need_id in still_open]
    for row in (*rows, *unmatched):
        row.run_id = run.id
    db.session.add_all([*rows, *unmatched])
    decided = len(needs) - len(still_open)
    run.needs_count = len(still_open)
    run.proposals_count = sum(1 for row in rows if row.rank == 0)
    run.unmatched_count = len(unmatched)
    run.finished_at = utcnow()
    why = f"{run.proposals_count} proposed, {run.unmatched_count} unmatched"
    transition(
        run,
        MatchRunStatus.DONE,
        by=by,
        why=why + (f", {decided} decided meanwhile" if decided else ""),
    )
    return run, rows


#: The PostgreSQL advisory lock a matching run holds until it commits (only runs take it).
RUN_LOCK = 0x6D61746368  # "match"


def _one_run_at_a_time() -> int:
    """Refuse a run while another is under way; return the id of the latest run done, for
    ``_finished_since`` to compare with at the run's first write.

    PostgreSQL: a transaction-level advisory lock, tried, so that a second run is refused at
    once rather than kept waiting to replace the first's proposals. SQLite has no such lock
    but one writer at a time: a second run waits at its first write until the first has
    committed, and there finds it.

    :raises RunInProgress: if another run holds the lock.
    """
    postgresql = db.engine.dialect.name == "postgresql"
    if postgresql and not db.session.scalar(select(func.pg_try_advisory_xact_lock(RUN_LOCK))):
        raise RunInProgress()
    done = select(func.max(MatchRun.id)).where(MatchRun.status == MatchRunStatus.DONE)
    return db.session.scalar(done) or 0


def _finished_since(last_run: int) -> bool:
    """Has a run been done since the run numbered ``last_run``?"""
    newer = select(MatchRun.id).where(
        MatchRun.id > last_run, MatchRun.status == MatchRunStatus.DONE
    )
    return db.session.scalar(newer.limit(1)) is not None


def _still_open(need_ids: list[int]) -> set[int]:
    """Those of the needs that are still open (as committed now, not as the run read them)."""
    return set(
        db.session.scalars(
            select(Need.id).where(Need.id.in_(need_ids), Need.status == NeedStatus.OPEN)
        )
    )


def needs_awaiting_decision(since: datetime) -> set[int]:
    """Needs holding waiting proposals of a run started since ``since``: a social worker may
    be deciding on them."""
    return set(
        db.session.scalars(
            select(Proposal.need_id)
            .join(MatchRun, MatchRun.id == Proposal.run_id)
            .where(Proposal.status == ProposalStatus.PROPOSED, MatchRun.started_at > since)
        )
    )


def tell_staff_of_proposals(run: MatchRun, *, besides: User | None = None) -> int:
    """Tell the social workers of each community how many of its needs the run proposed a
    volunteer for (but ``besides``, who ran it and is looking at them); returns how many
    were told."""
    rows = db.session.execute(
        select(Resident.community_id, func.count(func.distinct(Proposal.need_id)))
        .join(Need, Need.id == Proposal.need_id)
        .join(Resident, Resident.id == Need.resident_id)
        .where(Proposal.run_id == run.id, Proposal.status == ProposalStatus.PROPOSED)
        .group_by(Resident.community_id)
    ).all()
    return sum(
        notify_staff(
            community_id, "proposals_waiting", link="/match/proposals", besides=besides, n=n
        )
        for community_id, n in rows
    )


def can_decide(user: User, proposal: Proposal) -> bool:
    """Social workers decide for needs in their communities; admins for all."""
    scope = community_ids_visible_to(user)
    return scope is None or proposal.need.resident.community_id in scope


def confirm_proposal(proposal: Proposal, *, by: User, note: str = "") -> Pairing:
    """Confirm a proposal: the need is matched and a pairing made (active once trained).

    Every step is a conditional write, so of two conflicting confirmations (one need, or one
    volunteer's last free place) exactly one succeeds; the caller rolls the loser back. Rows
    are locked in one order — need, volunteer, proposal — so that on PostgreSQL the loser
    waits for the winner instead of deadlocking with it.

    :raises StaleTransition: the proposal was decided, or the need matched, by someone else.
    :raises VolunteerFull: the volunteer's capacity was taken meanwhile, or they were
        suspended.
    """
    transition(proposal.need, NeedStatus.MATCHED, by=by, why=f"proposal {proposal.id} confirmed")
    taken = db.session.execute(
        update(Volunteer)
        .where(
            Volunteer.id == proposal.volunteer_id,
            Volunteer.status == VolunteerStatus.APPROVED,
            Volunteer.open_pairings < Volunteer.capacity,
        )
        .values(open_pairings=Volunteer.open_pairings + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise VolunteerFull(proposal.volunteer_id)
    db.session.refresh(proposal.volunteer, ["open_pairings"])
    transition(proposal, ProposalStatus.CONFIRMED, by=by, why=note)
    proposal.decided_at, proposal.decided_by_id, proposal.note = utcnow(), by.id, note
    pairing = Pairing(
        need_id=proposal.need_id, volunteer_id=proposal.volunteer_id, proposal_id=proposal.id
    )
    db.session.add(pairing)
    db.session.flush()
    record_creation(pairing, by=by, why=f"proposal {proposal.id} confirmed")
    if training_complete(proposal.volunteer, proposal.need):
        transition(pairing, PairingStatus.ACTIVE, by=by, why="training complete")
        pairing.activated_at = utcnow()
    notices.pairing_confirmed(pairing)
    _withdraw_conflicts(proposal, by=by)
    db.session.flush()
    return pairing


def _withdraw_conflicts(confirmed: Proposal, *, by: User) -> None:
    """Other proposals for the same need, and for the volunteer once they are full."""
    conflicts = select(Proposal).where(
        Proposal.status == ProposalStatus.PROPOSED, Proposal.id != confirmed.id
    )
    volunteer = confirmed.volunteer
    if volunteer.open_pairings >= volunteer.capacity:
        conflicts = conflicts.where(
            (Proposal.need_id == confirmed.need_id)
            | (Proposal.volunteer_id == confirmed.volunteer_id)
        )
    else:
        conflicts = conflicts.where(Proposal.need_id == confirmed.need_id)
    for proposal in db.session.scalars(conflicts).all():
        try:
            transition(
                proposal,
                ProposalStatus.WITHDRAWN,
                by=by,
                why=f"proposal {confirmed.id} was confirmed",
            )
        except StaleTransition:
            continue  # decided or withdrawn by someone else meanwhile: nothing to withdraw


def training_complete(volunteer: Volunteer, need: Need) -> bool:
    """Has the volunteer done every course the need requires (matchmaker.train)?

    With no course in the catalogue nothing is required, and a pairing is active at once.
    """
    from ..train.services import missing_courses  # train builds on match: import here

    return not missing_courses(volunteer, need)


def reject_proposal(proposal: Proposal, reason: RejectReason, *, by: User, note: str = "") -> None:
    """Reject with a reason code (training data for the next model).

    :raises ValueError: when the reason is "other" and no note says what it was.
    :raises StaleTransition: if someone decided it first.
    """
    if reason is RejectReason.OTHER and not note.strip():
        raise ValueError("a note is required for reason 'other'")
    transition(proposal, ProposalStatus.REJECTED, by=by, why=f"{reason.value}: {note}".strip())
    proposal.reject_reason, proposal.note = reason, note.strip()
    proposal.decided_at, proposal.decided_by_id = utcnow(), by.id
    db.session.flush()
