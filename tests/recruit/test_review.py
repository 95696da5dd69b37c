"""Social workers review applications from their own communities only."""

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.recruit.models import BackgroundCheck, Volunteer, VolunteerStatus
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, SkillFactory, VolunteerFactory


@pytest.fixture
def setting(db, login_as):
    mine, theirs = CommunityFactory(name="宝石社区"), CommunityFactory(name="翠苑一区社区")
    applicant = VolunteerFactory(community=mine, user__name="申请人甲")
    stranger = VolunteerFactory(community=theirs, user__name="外社区乙")
    worker = login_as("social_worker", communities=[mine])
    return {"mine": mine, "applicant": applicant, "stranger": stranger, "worker": worker}


def decide(client, volunteer, **data):
    url = f"/recruit/volunteers/{volunteer.id}"
    token = csrf_from(client.get(url))
    return client.post(f"{url}/decision", data={**data, "csrf_token": token})


def test_queue_lists_only_my_communities(client, setting):
    page = client.get("/recruit/review").get_data(as_text=True)
    assert "申请人甲" in page
    assert "外社区乙" not in page
    assert "共找到 1 名志愿者。" in page
    client.set_cookie("mm_locale", "en")
    assert "1 volunteer found." in client.get("/recruit/review").get_data(as_text=True)


def test_other_communities_volunteers_are_404(client, setting):
    assert client.get(f"/recruit/volunteers/{setting['stranger'].id}").status_code == 404
    token = csrf_from(client.get("/recruit/review"))
    response = client.post(
        f"/recruit/volunteers/{setting['stranger'].id}/decision",
        data={"decision": "approved", "csrf_token": token},
    )
    assert response.status_code == 404


def test_approve_is_an_event_and_the_applicant_sees_it(client, auth, db, setting):
    response = decide(client, setting["applicant"], decision="approved")
    assert response.status_code == 302
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, setting["applicant"].id)
    assert volunteer.status is VolunteerStatus.APPROVED
    event = history(volunteer)[-1]
    assert (event.from_state, event.to_state, event.actor_id) == (
        "applied",
        "approved",
        setting["worker"].id,
    )
    auth.logout()
    auth.login(volunteer.user.email)
    assert "已通过" in client.get("/volunteers/me").get_data(as_text=True)


def test_reject_needs_a_reason_the_applicant_then_reads(client, auth, db, setting):
    client.set_cookie("mm_locale", "en")
    refused = decide(client, setting["applicant"], decision="rejected", reason="  ")
    assert refused.status_code == 422
    assert "Give a reason the applicant can act on." in refused.get_data(as_text=True)
    assert (
        decide(client, setting["applicant"], decision="rejected", reason="本期名额已满").status_code
        == 302
    )
    auth.logout()
    auth.login(setting["applicant"].user.email)
    page = client.get("/volunteers/me").get_data(as_text=True)
    assert "本期名额已满" in page

    # final: the profile is not offered for editing, and a change sent anyway is refused
    assert "Edit my profile" not in page and "This decision is final" in page
    assert client.get("/volunteers/signup").headers["Location"] == "/volunteers/me"
    radius = setting["applicant"].radius_km
    token = csrf_from(client.get("/volunteers/me"))
    refused = client.post("/volunteers/signup", data={"csrf_token": token, "radius_km": "2"})
    assert refused.status_code == 409
    assert "your profile can no longer be changed" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Volunteer, setting["applicant"].id).radius_km == radius


def test_more_information(client, db, setting):
    decide(client, setting["applicant"], decision="more_info", reason="请补充周末时间")
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, setting["applicant"].id)
    assert volunteer.status is VolunteerStatus.MORE_INFO
    assert volunteer.status_reason == "请补充周末时间"


def test_deciding_twice_is_a_409_not_a_500(client, db, setting):
    url = f"/recruit/volunteers/{setting['applicant'].id}"
    token = csrf_from(client.get(url))
    first = client.post(f"{url}/decision", data={"decision": "approved", "csrf_token": token})
    second = client.post(
        f"{url}/decision", data={"decision": "rejected", "reason": "x", "csrf_token": token}
    )
    assert (first.status_code, second.status_code) == (302, 409)


def test_background_check_is_recorded(client, db, setting):
    url = f"/recruit/volunteers/{setting['applicant'].id}"
    token = csrf_from(client.get(url))
    client.post(f"{url}/background-check", data={"result": "passed", "csrf_token": token})
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, setting["applicant"].id)
    assert volunteer.background_check is BackgroundCheck.PASSED
    assert volunteer.can_take_home_visits
    assert "background check: not_started → passed" in history(volunteer)[-1].reason


def test_a_background_check_without_a_result_says_what_to_choose(client, db, setting):
    url = f"/recruit/volunteers/{setting['applicant'].id}"
    token = csrf_from(client.get(url))
    response = client.post(f"{url}/background-check", data={"csrf_token": token})
    assert response.status_code == 422
    assert "请选择审查结果。" in response.get_data(as_text=True)


def test_filters_and_search(client, db, setting):
    sign = SkillFactory(name="手语")
    VolunteerFactory(
        community=setting["mine"], user__name="会手语的丙", skills=[sign], approved=True
    )
    page = client.get(f"/recruit/review?status=all&skill={sign.id}").get_data(as_text=True)
    assert "会手语的丙" in page and "申请人甲" not in page
    page = client.get("/recruit/review?status=approved&q=丙").get_data(as_text=True)
    assert "会手语的丙" in page
    VolunteerFactory(community=setting["mine"], user__name="Ann Lee", approved=True)
    page = client.get("/recruit/review?status=all&q=ann").get_data(as_text=True)
    assert "Ann Lee" in page and "会手语的丙" not in page  # names match whatever the case
    page = client.get("/recruit/review?status=all&q=%25").get_data(as_text=True)
    assert "Ann Lee" not in page and "会手语的丙" not in page  # '%' is text, not a pattern
    assert client.get("/recruit/review?page=-3&community=x").status_code == 200


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident"])
def test_public_roles_cannot_review(client, login_as, db, role):
    volunteer = VolunteerFactory()
    login_as(role)
    assert client.get("/recruit/review").status_code == 403
    assert client.get(f"/recruit/volunteers/{volunteer.id}").status_code == 403


def test_admin_sees_every_community(client, auth, login_as, db):
    VolunteerFactory(user__name="任一社区丁")
    login_as("admin")
    assert "任一社区丁" in client.get("/recruit/review").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Volunteer.id))) == 1


def test_home_counts_applications_waiting(client, setting):
    VolunteerFactory(community=setting["mine"])
    VolunteerFactory(community=setting["mine"], approved=True)
    page = client.get("/").get_data(as_text=True)
    assert "待审核的志愿者申请：2" in page


@pytest.mark.parametrize(
    ("status", "check", "matchable", "home_visits"),
    [
        (VolunteerStatus.APPLIED, BackgroundCheck.PASSED, False, True),
        (VolunteerStatus.APPROVED, BackgroundCheck.NOT_STARTED, True, False),
        (VolunteerStatus.APPROVED, BackgroundCheck.FAILED, True, False),
        (VolunteerStatus.SUSPENDED, BackgroundCheck.PASSED, False, True),
    ],
)
def test_only_approved_are_matchable_and_only_checked_visit_homes(
    db, status, check, matchable, home_visits
):
    from matchmaker.recruit.services import is_matchable

    volunteer = VolunteerFactory(status=status, background_check=check)
    assert is_matchable(volunteer) is matchable
    assert volunteer.can_take_home_visits is home_visits
