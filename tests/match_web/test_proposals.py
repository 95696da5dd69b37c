"""Running matching, reading proposals, confirming and rejecting them."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from matchmaker.core import availability as av
from matchmaker.core.events import history
from matchmaker.match.models import (
    MatchRun,
    Pairing,
    PairingStatus,
    Proposal,
    ProposalStatus,
    RejectReason,
)
from matchmaker.notify.kinds import render
from matchmaker.notify.models import Notification
from matchmaker.recruit.models import Volunteer
from matchmaker.registry.models import Need, NeedStatus
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, NeedFactory, ResidentFactory, UserFactory


def run_matching(client):
    token = csrf_from(client.get("/match/proposals"))
    return client.post("/match/run", data={"csrf_token": token}, follow_redirects=True)


def waiting(db, need):
    return db.session.scalars(
        select(Proposal)
        .where(Proposal.need_id == need.id, Proposal.status == ProposalStatus.PROPOSED)
        .order_by(Proposal.rank)
    ).all()


def test_run_proposes_the_best_volunteer_with_an_alternative(worker_client, db, city):
    page = run_matching(worker_client).get_data(as_text=True)
    assert "李同社区" in page and "张邻社区" in page
    assert "同社区" in page  # the explanation, in words
    proposals = waiting(db, city["need"])
    assert [(p.rank, p.volunteer_id) for p in proposals] == [
        (0, city["best"].id),
        (1, city["second"].id),
    ]
    assert proposals[0].score > proposals[1].score
    run = db.session.scalar(select(MatchRun))
    assert (run.needs_count, run.proposals_count, run.unmatched_count) == (1, 1, 0)
    assert "待确认配对的需求：1" in worker_client.get("/").get_data(as_text=True)


def test_the_other_social_workers_of_the_community_are_told(worker_client, db, city):
    colleague = UserFactory(roles=["social_worker"], communities=[city["home"]], name="周社工")
    elsewhere = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    run_matching(worker_client)
    told = db.session.scalars(
        select(Notification).where(Notification.kind == "proposals_waiting")
    ).all()
    assert [(n.user_id, n.params, n.link) for n in told] == [
        (colleague.id, {"n": 1}, "/match/proposals")
    ]  # not the one who ran it, who is looking at them, nor another community's
    assert elsewhere.id not in {n.user_id for n in told}
    # a colleague ran it in the daytime: the text does not claim the nightly run did
    with force_locale("zh"):
        assert render(told[0]) == "配对已为您所负责社区的 1 项需求推荐了志愿者，等待您的决定。"
    with force_locale("en"):
        assert render(told[0]) == (
            "Matching proposed volunteers for 1 need in your communities; the proposals wait "
            "for your decision."
        )


def test_one_need_matched_reads_in_the_singular(worker_client, db, city):
    page = run_matching(worker_client).get_data(as_text=True)
    assert "配对完成：1 个待配对需求中，1 个已有推荐志愿者。" in page
    assert "有 1 个需求的配对建议等待您确认。" in page
    worker_client.set_cookie("mm_locale", "en")
    page = run_matching(worker_client).get_data(as_text=True)
    assert "Matching done: 1 of 1 open need has a proposed volunteer." in page
    assert "1 need has proposals waiting for a decision." in page


def test_running_again_replaces_waiting_proposals(worker_client, db, city):
    run_matching(worker_client)
    run_matching(worker_client)
    assert len(waiting(db, city["need"])) == 2
    withdrawn = select(func.count(Proposal.id)).where(Proposal.status == ProposalStatus.WITHDRAWN)
    assert db.session.scalar(withdrawn) == 2


def test_confirm_makes_an_active_pairing_and_withdraws_the_rest(worker_client, db, city):
    run_matching(worker_client)
    best = waiting(db, city["need"])[0]
    token = csrf_from(worker_client.get("/match/proposals"))
    response = worker_client.post(f"/match/proposals/{best.id}/confirm", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    pairing = db.session.scalar(select(Pairing))
    assert (pairing.need_id, pairing.volunteer_id, pairing.status) == (
        city["need"].id,
        city["best"].id,
        PairingStatus.ACTIVE,
    )
    assert db.session.get(Need, city["need"].id).status is NeedStatus.MATCHED
    assert db.session.get(Volunteer, city["best"].id).open_pairings == 1
    assert waiting(db, city["need"]) == []
    assert [e.to_state for e in history(pairing)] == ["confirmed", "active"]
    assert [e.to_state for e in history(db.session.get(Proposal, best.id))] == ["confirmed"]


def test_reject_with_a_reason_code(worker_client, db, city):
    run_matching(worker_client)
    alternative = waiting(db, city["need"])[1]
    token = csrf_from(worker_client.get("/match/proposals"))
    prefix = f"p{alternative.id}"
    worker_client.set_cookie("mm_locale", "en")
    no_note = worker_client.post(
        f"/match/proposals/{alternative.id}/reject",
        data={f"{prefix}-reason": "other", "csrf_token": token},
    )
    assert no_note.status_code == 422
    assert "Say what the other reason is." in no_note.get_data(as_text=True)
    response = worker_client.post(
        f"/match/proposals/{alternative.id}/reject",
        data={f"{prefix}-reason": "too_far", f"{prefix}-note": "要过河", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    rejected = db.session.get(Proposal, alternative.id)
    assert (rejected.status, rejected.reject_reason, rejected.note) == (
        ProposalStatus.REJECTED,
        RejectReason.TOO_FAR,
        "要过河",
    )


def test_a_decision_keeps_the_order_the_social_worker_chose(worker_client, db, city):
    run_matching(worker_client)
    alternative = waiting(db, city["need"])[1]
    page = worker_client.get("/match/proposals?sort=waiting")
    action = f"/match/proposals/{alternative.id}/reject?sort=waiting"
    assert f'action="{action}"' in page.get_data(as_text=True)
    prefix, token = f"p{alternative.id}", csrf_from(page)
    mistaken = worker_client.post(action, data={f"{prefix}-reason": "", "csrf_token": token})
    assert mistaken.status_code == 422
    assert '<option value="waiting" selected>' in mistaken.get_data(as_text=True)
    done = worker_client.post(action, data={f"{prefix}-reason": "too_far", "csrf_token": token})
    assert done.headers["Location"] == f"/match/proposals?sort=waiting#need-{city['need'].id}"
    told = worker_client.get(done.headers["Location"]).get_data(as_text=True)
    volunteer = db.session.get(Volunteer, alternative.volunteer_id).user.name
    assert f"已不再为{city['need'].resident.name}推荐{volunteer}" in told


def test_another_communitys_worker_cannot_decide(client, auth, db, city):
    other = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(city["worker"].email)
    run_matching(client)
    proposal = waiting(db, city["need"])[0]
    auth.logout()
    auth.login(other.email)
    assert "李同社区" not in client.get("/match/proposals").get_data(as_text=True)
    token = csrf_from(client.get("/match/proposals"))
    response = client.post(f"/match/proposals/{proposal.id}/confirm", data={"csrf_token": token})
    assert response.status_code == 404


def test_nothing_to_match_is_a_clear_message(client, auth, db):
    worker = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(worker.email)
    client.set_cookie("mm_locale", "en")
    page = run_matching(client).get_data(as_text=True)
    assert "There are no open needs in your communities to match." in page


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident"])
def test_only_staff_see_proposals(client, login_as, role):
    login_as(role)
    assert client.get("/match/proposals").status_code == 403


def test_no_volunteer_with_room_is_a_clear_message(client, auth, db, city):
    for volunteer in (city["best"], city["second"]):
        volunteer.open_pairings = volunteer.capacity
    db.session.commit()
    auth.login(city["worker"].email)
    client.set_cookie("mm_locale", "en")
    page = run_matching(client).get_data(as_text=True)
    assert "No approved volunteer has room for another pairing right now." in page
    assert db.session.scalar(select(func.count(MatchRun.id))) == 0


def test_a_rejected_volunteer_is_not_proposed_for_that_need_again(worker_client, db, city):
    run_matching(worker_client)
    best = waiting(db, city["need"])[0]
    token = csrf_from(worker_client.get("/match/proposals"))
    worker_client.post(
        f"/match/proposals/{best.id}/reject",
        data={f"p{best.id}-reason": "too_far", "csrf_token": token},
    )
    run_matching(worker_client)
    assert [p.volunteer_id for p in waiting(db, city["need"])] == [city["second"].id]


def test_after_a_pairing_ends_its_volunteer_is_not_proposed_for_the_need_again(
    worker_client, db, city
):
    from matchmaker.core.types import utcnow
    from matchmaker.supervise.ending import end_pairing

    run_matching(worker_client)
    token = csrf_from(worker_client.get("/match/proposals"))
    best = waiting(db, city["need"])[0]
    worker_client.post(f"/match/proposals/{best.id}/confirm", data={"csrf_token": token})
    db.session.expire_all()
    pairing = db.session.scalar(select(Pairing))
    end_pairing(pairing, by=city["worker"], reason="不合适", now=utcnow())
    db.session.commit()
    assert db.session.get(Need, city["need"].id).status is NeedStatus.OPEN
    run_matching(worker_client)
    assert [p.volunteer_id for p in waiting(db, city["need"])] == [city["second"].id]


def test_a_volunteer_suspended_after_the_run_cannot_be_confirmed(worker_client, db, city):
    from matchmaker.recruit.services import suspend

    run_matching(worker_client)
    best = waiting(db, city["need"])[0]
    token = csrf_from(worker_client.get("/match/proposals"))
    # A colleague suspends the volunteer between the run and this confirmation ...
    suspend(db.session.get(Volunteer, city["best"].id), by=city["worker"], reason="投诉待查")
    # ... as if a run that read the volunteers before the suspension stored it afterwards.
    db.session.execute(
        Proposal.__table__.update().values(status="proposed").where(Proposal.id == best.id)
    )
    db.session.commit()
    response = worker_client.post(f"/match/proposals/{best.id}/confirm", data={"csrf_token": token})
    assert response.status_code == 409
    assert "已被暂停" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Pairing.id))) == 0


def test_an_alternative_scoring_higher_says_why_it_is_not_first(worker_client, db, city):
    # Only 李同社区 can take the second need (Wednesday evening): the assignment gives it to
    # them, and the first need goes to 张邻社区, though 李同社区 scores higher there too.
    other = NeedFactory(
        resident=ResidentFactory(community=city["home"], name="赵周三"),
        open=True,
        skills=[city["escort"]],
        availability=av.mask_from_slots([9]),
    )
    page = run_matching(worker_client).get_data(as_text=True)
    first = [p for p in waiting(db, city["need"]) if p.rank == 0]
    assert [p.volunteer_id for p in first] == [city["second"].id]
    assert [p.volunteer_id for p in waiting(db, other) if p.rank == 0] == [city["best"].id]
    assert page.count("得分更高，但已被优先推荐给另一项需求") == 1
