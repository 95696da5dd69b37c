"""Social workers suspend an approved volunteer and reinstate them (DESIGN §3.1, §11)."""

import re

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.models import Event
from matchmaker.match.models import PairingStatus, Proposal, ProposalStatus
from matchmaker.notify.models import Notification
from matchmaker.recruit.models import Volunteer, VolunteerStatus
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    VolunteerFactory,
    propose,
)
from tests.supervise.builders import make_pairing


@pytest.fixture
def setting(db, login_as):
    home = CommunityFactory(name="文三社区")
    escort = SkillFactory(name="陪同出行")
    need = NeedFactory(resident=ResidentFactory(community=home), open=True, skills=[escort])
    volunteer = VolunteerFactory(
        approved=True, community=home, skills=[escort], user__name="李志愿"
    )
    worker = login_as("social_worker", communities=[home], name="陈社工")
    return {"home": home, "need": need, "volunteer": volunteer, "worker": worker}


def change(client, volunteer, action: str, reason: str = ""):
    url = f"/recruit/volunteers/{volunteer.id}"
    token = csrf_from(client.get(url))
    return client.post(f"{url}/{action}", data={"reason": reason, "csrf_token": token})


def fresh(db, volunteer) -> Volunteer:
    db.session.expire_all()
    return db.session.get(Volunteer, volunteer.id)


def run_matching(client):
    token = csrf_from(client.get("/match/proposals"))
    return client.post("/match/run", data={"csrf_token": token}, follow_redirects=True)


def test_suspending_needs_a_reason(client, db, setting):
    client.set_cookie("mm_locale", "en")
    response = change(client, setting["volunteer"], "suspend", "   ")
    assert response.status_code == 422
    assert "Say why the volunteer is suspended." in response.get_data(as_text=True)
    assert fresh(db, setting["volunteer"]).status is VolunteerStatus.APPROVED


def test_the_reason_a_volunteer_reads_holds_no_phone_number(client, db, setting):
    typed = "服务对象家属（13712345678）投诉迟到"
    response = change(client, setting["volunteer"], "suspend", typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "志愿者会读到这段话：请删去其中的电话或身份证号（13712345678）" in body
    assert typed in body  # kept, to be edited
    assert fresh(db, setting["volunteer"]).status is VolunteerStatus.APPROVED
    notices = db.session.scalar(select(func.count(Notification.id)))
    assert notices == 0


def test_suspension_is_recorded_withdraws_proposals_and_tells_the_volunteer(
    client, auth, db, setting
):
    proposal = propose(setting["need"], setting["volunteer"])
    response = change(client, setting["volunteer"], "suspend", "督导回访期间暂停")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已撤回的待确认配对：1 条" in page
    volunteer = fresh(db, setting["volunteer"])
    assert volunteer.status is VolunteerStatus.SUSPENDED
    event = history(volunteer)[-1]
    assert (event.from_state, event.to_state, event.actor_id, event.reason) == (
        "approved",
        "suspended",
        setting["worker"].id,
        "督导回访期间暂停",
    )
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status is ProposalStatus.WITHDRAWN
    assert history(proposal)[-1].reason == "volunteer suspended"
    assert "待确认配对的需求：0" in client.get("/").get_data(as_text=True)

    auth.logout()
    auth.login(volunteer.user.email)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "您的志愿者资格已被暂停" in inbox and "督导回访期间暂停" in inbox
    me = client.get("/volunteers/me").get_data(as_text=True)
    assert "已暂停" in me and "督导回访期间暂停" in me


def test_a_suspended_volunteer_is_not_matched_nor_offers_help(client, auth, db, setting):
    change(client, setting["volunteer"], "suspend", "暂停服务")
    client.set_cookie("mm_locale", "en")
    page = run_matching(client).get_data(as_text=True)
    assert "No approved volunteer has room for another pairing right now." in page

    auth.logout()
    auth.login(setting["volunteer"].user.email)
    board = client.get("/needs/board")
    token = csrf_from(board)
    assert "Your volunteer status is suspended" in board.get_data(as_text=True)
    refused = client.post(
        f"/needs/board/{setting['need'].id}/help", data={"csrf_token": token, "next": "/"}
    )
    assert refused.status_code == 403
    flashed = re.search(r"data-flash>([^<]*)<", refused.get_data(as_text=True)).group(1)
    assert flashed.startswith("Your volunteer status is suspended")


def test_reinstated_they_are_told_and_matched_again(client, auth, db, setting):
    change(client, setting["volunteer"], "suspend", "暂停服务")
    client.set_cookie("mm_locale", "en")
    assert change(client, setting["volunteer"], "reinstate", "").status_code == 422
    response = change(client, setting["volunteer"], "reinstate", "回访完成")
    assert response.status_code == 302
    volunteer = fresh(db, setting["volunteer"])
    assert volunteer.status is VolunteerStatus.APPROVED
    assert [(e.from_state, e.to_state) for e in history(volunteer)[-2:]] == [
        ("approved", "suspended"),
        ("suspended", "approved"),
    ]
    told = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == volunteer.user_id)
        .order_by(Notification.id)
    ).all()
    assert [(n.kind, n.params["reason"]) for n in told] == [
        ("volunteer_suspended", "暂停服务"),
        ("volunteer_reinstated", "回访完成"),
    ]
    run_matching(client)
    assert db.session.scalar(
        select(Proposal.volunteer_id).where(Proposal.status == ProposalStatus.PROPOSED)
    ) == (volunteer.id)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (VolunteerStatus.APPLIED, "suspend"),
        (VolunteerStatus.REJECTED, "suspend"),
        (VolunteerStatus.APPROVED, "reinstate"),
        (VolunteerStatus.MORE_INFO, "reinstate"),
    ],
)
def test_the_wrong_state_is_a_409_with_the_reason(client, db, setting, status, action):
    volunteer = VolunteerFactory(community=setting["home"], status=status)
    client.set_cookie("mm_locale", "en")
    response = change(client, volunteer, action, "原因")
    assert response.status_code == 409
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert fresh(db, volunteer).status is status
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_other_communities_and_public_roles_cannot_suspend(client, auth, login_as, db, setting):
    stranger = VolunteerFactory(approved=True, community=CommunityFactory(name="古荡社区"))
    token = csrf_from(client.get("/recruit/review"))
    response = client.post(
        f"/recruit/volunteers/{stranger.id}/suspend", data={"reason": "x", "csrf_token": token}
    )
    assert response.status_code == 404
    auth.logout()
    login_as("volunteer")
    token = csrf_from(client.get("/"))
    response = client.post(
        f"/recruit/volunteers/{setting['volunteer'].id}/suspend",
        data={"reason": "x", "csrf_token": token},
    )
    assert response.status_code == 403
    assert fresh(db, stranger).status is VolunteerStatus.APPROVED
    assert fresh(db, setting["volunteer"]).status is VolunteerStatus.APPROVED


def test_open_pairings_are_counted_and_left_to_supervision(client, db, setting):
    pairing = make_pairing(community=setting["home"], volunteer=setting["volunteer"])
    url = f"/recruit/volunteers/{setting['volunteer'].id}"
    assert "该志愿者仍有 1 个未结束的结对" in client.get(url).get_data(as_text=True)
    change(client, setting["volunteer"], "suspend", "暂停服务")
    db.session.expire_all()
    assert db.session.get(type(pairing), pairing.id).status is PairingStatus.ACTIVE
    page = client.get(url).get_data(as_text=True)
    assert "该志愿者仍有 1 个未结束的结对" in page and "恢复资格" in page


def test_an_admin_suspends_a_volunteer_of_any_community(client, auth, login_as, db, setting):
    auth.logout()
    login_as("admin")
    assert change(client, setting["volunteer"], "suspend", "暂停服务").status_code == 302
    assert fresh(db, setting["volunteer"]).status is VolunteerStatus.SUSPENDED
    assert db.session.scalar(select(func.count(Event.id)).where(Event.to_state == "suspended"))
