"""Matching at the same moment: conflicting confirmations (exactly one wins), two runs (one
is made), a run and a confirmation (the confirmation stands)."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import func, select

from matchmaker.accounts.models import User
from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.match import loading, services
from matchmaker.match.models import MatchRun, MatchRunStatus, Pairing, Proposal, ProposalStatus
from matchmaker.match.services import RunInProgress, confirm_proposal, run_matching
from matchmaker.scheduler.jobs import RUN_IN_PROGRESS
from matchmaker.scheduler.models import JobOutcome
from matchmaker.scheduler.runner import run_job
from tests.conftest import csrf_from
from tests.factories import UserFactory
from tests.live import logged_in_opener, post_at_once


def proposals_opener(base: str, login: str):
    opener, _, token = logged_in_opener(base, login, "/match/proposals")
    return opener, token


def test_conflicting_confirmations_leave_one_pairing(live_server, db, city):
    colleague = UserFactory(roles=["social_worker"], communities=[city["home"]])
    run_matching(community_ids={city["home"].id}, by=city["worker"])
    db.session.commit()
    first, second = db.session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.PROPOSED).order_by(Proposal.rank)
    ).all()
    sessions = [
        proposals_opener(live_server, city["worker"].email),
        proposals_opener(live_server, colleague.email),
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm(session, proposal_id):
        opener, token = session
        body = urllib.parse.urlencode({"csrf_token": token}).encode()
        barrier.wait()
        try:
            response = opener.open(
                f"{live_server}/match/proposals/{proposal_id}/confirm", data=body
            )
            outcomes.append((response.status, ""))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, error.read().decode()))

    threads = [
        threading.Thread(target=confirm, args=(s, p.id))
        for s, p in zip(sessions, (first, second), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(code for code, _ in outcomes) == [302, 409]
    loser = next(text for code, text in outcomes if code == 409)
    assert "别人已先处理" in loser
    assert db.session.scalar(select(func.count(Pairing.id))) == 1


def test_two_needs_racing_for_a_volunteers_last_place(live_server, db, city):
    from matchmaker.match.models import MatchRun
    from tests.factories import NeedFactory

    other_need = NeedFactory(resident=city["need"].resident, open=True, skills=[city["escort"]])
    run = MatchRun(scope="all")
    db.session.add(run)
    db.session.flush()
    proposals = [
        Proposal(
            run_id=run.id,
            need_id=need.id,
            volunteer_id=city["best"].id,
            rank=0,
            score=0.9,
            features={},
            contributions={},
        )
        for need in (city["need"], other_need)
    ]
    db.session.add_all(proposals)
    db.session.commit()
    colleague = UserFactory(roles=["social_worker"], communities=[city["home"]])
    sessions = [
        proposals_opener(live_server, city["worker"].email),
        proposals_opener(live_server, colleague.email),
    ]
    barrier = threading.Barrier(2)
    codes = []

    def confirm(session, proposal_id):
        opener, token = session
        body = urllib.parse.urlencode({"csrf_token": token}).encode()
        barrier.wait()
        try:
            codes.append(
                opener.open(
                    f"{live_server}/match/proposals/{proposal_id}/confirm", data=body
                ).status
            )
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [
        threading.Thread(target=confirm, args=(s, p.id))
        for s, p in zip(sessions, proposals, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(codes) == [302, 409]
    assert db.session.scalar(select(func.count(Pairing.id))) == 1
    db.session.expire_all()
    assert db.session.get(type(city["best"]), city["best"].id).open_pairings == 1


def _meanwhile(app, monkeypatch, work):
    """Have ``work`` done by another request, in its own session and transaction, while the
    next run is reading (after the open needs, before the volunteers)."""
    read = loading.available_volunteers

    def available_volunteers(*args, **kwargs):
        monkeypatch.setattr(loading, "available_volunteers", read)
        with app.app_context():
            work()
        return read(*args, **kwargs)

    monkeypatch.setattr(loading, "available_volunteers", available_volunteers)


def _run(outcomes, worker_id):
    try:
        run_matching(community_ids=None, by=_db.session.get(User, worker_id))
    except RunInProgress:
        _db.session.rollback()
        outcomes.append("refused")
    else:
        _db.session.commit()
        outcomes.append("done")


def test_a_run_started_while_another_is_under_way_is_refused(app, city, monkeypatch):
    """On PostgreSQL the second is refused at once; on SQLite it waits for the first to commit
    and is refused then. Either way one run's proposals, none doubled or replaced."""
    outcomes = []
    _meanwhile(app, monkeypatch, lambda: _run(outcomes, city["worker"].id))

    _run(outcomes, city["worker"].id)

    assert sorted(outcomes) == ["done", "refused"]
    _db.session.expire_all()
    runs = _db.session.scalars(select(MatchRun)).all()
    assert [r.status for r in runs] == [MatchRunStatus.DONE]
    statuses = _db.session.scalars(select(Proposal.status)).all()
    assert statuses == [ProposalStatus.PROPOSED] * 2  # the need's two candidates, once


def test_a_proposal_confirmed_while_a_run_reads_stands(app, city, monkeypatch):
    run_matching(community_ids=None, by=city["worker"])
    _db.session.commit()
    first = _db.session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.PROPOSED).order_by(Proposal.rank)
    ).first()

    def confirm():
        worker = _db.session.get(User, city["worker"].id)
        confirm_proposal(_db.session.get(Proposal, first.id), by=worker)
        _db.session.commit()

    _meanwhile(app, monkeypatch, confirm)

    run, _ = run_matching(community_ids=None, by=city["worker"])
    _db.session.commit()

    assert run.status is MatchRunStatus.DONE
    assert (run.needs_count, run.proposals_count) == (0, 0)  # its need was decided meanwhile
    assert "1 decided meanwhile" in history(run)[-1].reason
    _db.session.expire_all()
    assert _db.session.get(Proposal, first.id).status is ProposalStatus.CONFIRMED
    assert ProposalStatus.PROPOSED not in _db.session.scalars(select(Proposal.status)).all()
    assert _db.session.scalar(select(func.count(Pairing.id))) == 1


def test_two_runs_started_at_once_make_one_set_of_proposals(live_server, city):
    colleague = UserFactory(roles=["social_worker"], communities=[city["home"]])
    sessions = [proposals_opener(live_server, u.email) for u in (city["worker"], colleague)]

    outcomes = post_at_once(
        f"{live_server}/match/run",
        [(opener, {"csrf_token": token}) for opener, token in sessions],
    )

    codes = sorted(code for code, _ in outcomes)
    _db.session.expire_all()
    runs = _db.session.scalars(select(MatchRun.status)).all()
    statuses = sorted(s.value for s in _db.session.scalars(select(Proposal.status)))
    if codes == [302, 409]:  # at the same time: the second refused
        assert "已有一次配对运行正在进行" in next(body for code, body in outcomes if code == 409)
        assert (runs, statuses) == ([MatchRunStatus.DONE], ["proposed"] * 2)
    else:  # one after the other: the second replaced the first's proposals
        assert codes == [302, 302], outcomes
        assert runs == [MatchRunStatus.DONE] * 2
        assert statuses == ["proposed"] * 2 + ["withdrawn"] * 2


def test_a_refused_run_is_said_so_and_not_recorded_as_failed(client, auth, city, monkeypatch):
    def under_way():
        raise RunInProgress()

    monkeypatch.setattr(services, "_one_run_at_a_time", under_way)
    auth.login(city["worker"].email)
    page = client.get("/match/proposals")

    response = client.post("/match/run", data={"csrf_token": csrf_from(page)})

    assert response.status_code == 409
    assert "已有一次配对运行正在进行" in response.get_data(as_text=True)
    assert _db.session.scalars(select(MatchRun)).all() == []
    job = run_job("nightly_matching", utcnow())
    assert (job.outcome, job.error) == (JobOutcome.SKIPPED, RUN_IN_PROGRESS)
