"""Two social workers confirm conflicting proposals at the same moment: exactly one wins."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import func, select

from matchmaker.match.models import Pairing, Proposal, ProposalStatus
from matchmaker.match.services import run_matching
from tests.factories import UserFactory
from tests.live import logged_in_opener


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
