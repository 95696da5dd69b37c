"""Volunteers apply, see their outcome and edit their profile; approved changes are events."""

import re

import pytest
from sqlalchemy import select

from matchmaker.accounts.models import Role, User
from matchmaker.core import availability as av
from matchmaker.core.events import history
from matchmaker.recruit.models import Volunteer, VolunteerStatus
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    LanguageFactory,
    SkillFactory,
    VolunteerFactory,
)


@pytest.fixture
def catalogue(db):
    return {
        "community": CommunityFactory(name="文三社区"),
        "sign": SkillFactory(name="手语", name_en="Sign language"),
        "escort": SkillFactory(name="陪同出行", name_en="Escorting"),
        "mandarin": LanguageFactory(name="普通话", name_en="Mandarin"),
    }


def application(catalogue, token, **changes):
    data = {
        "community": catalogue["community"].id,
        "radius_km": "3",
        "capacity": "1",
        "skills": [str(catalogue["sign"].id)],
        "languages": [str(catalogue["mandarin"].id)],
        "availability": ["tue-morning", "thu-morning"],
        "gender": "female",
        "background_check_consent": "y",
        "consent": "y",
        "csrf_token": token,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_register_as_volunteer_leads_to_the_application(client, db, catalogue):
    page = client.get("/register")
    response = client.post(
        "/register",
        data={
            "role": "volunteer",
            "name": "赵志愿",
            "login": "zhao@example.org",
            "password": "kind-heart-42",
            "confirm": "kind-heart-42",
            "consent": "y",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.headers["Location"] == "/volunteers/signup"


def test_apply_creates_an_applied_profile_with_consent(client, login_as, db, catalogue):
    user = login_as("volunteer")
    token = csrf_from(client.get("/volunteers/signup"))
    response = client.post("/volunteers/signup", data=application(catalogue, token))
    assert response.status_code == 302
    volunteer = db.session.scalar(select(Volunteer).where(Volunteer.user_id == user.id))
    assert volunteer.status is VolunteerStatus.APPLIED
    assert volunteer.availability == av.mask_from_slots([3, 9])
    assert [s.name for s in volunteer.skills] == ["手语"]
    assert volunteer.privacy_terms_version and volunteer.privacy_consented_at
    assert [e.to_state for e in history(volunteer)] == ["applied"]
    page = client.get("/volunteers/me").get_data(as_text=True)
    assert "等待审核" in page and "周二 上午" not in page and "周二上午" in page


def test_a_donor_who_applies_becomes_a_volunteer_too(client, login_as, db, catalogue):
    user = login_as("donor")
    token = csrf_from(client.get("/volunteers/signup"))
    client.post("/volunteers/signup", data=application(catalogue, token))
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {Role.DONOR, Role.VOLUNTEER}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"skills": None}, "Choose at least one skill."),
        ({"availability": None}, "Tick at least one time of the week."),
        ({"availability": ["someday-noon"]}, "Not a valid choice"),
        ({"radius_km": "500"}, "between 0.5 and 50"),
        ({"radius_km": "far"}, "Not a valid float value."),
        ({"capacity": "0"}, "Enter a number from 1 to 5."),
        ({"consent": None}, "You must agree to the privacy terms to apply."),
        ({"gender": "other"}, "Not a valid choice"),
        ({"community": "99999"}, "Not a valid choice"),
        ({"community": ""}, "Choose your community."),  # never one picked for them
    ],
)
def test_bad_application_is_a_field_error(client, login_as, db, catalogue, changes, message):
    login_as("volunteer")
    client.set_cookie("mm_locale", "en")
    token = csrf_from(client.get("/volunteers/signup"))
    response = client.post("/volunteers/signup", data=application(catalogue, token, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Volunteer)) is None


def test_approved_volunteer_changing_skills_or_area_is_an_event(client, db, auth, catalogue):
    volunteer = VolunteerFactory(
        approved=True, community=catalogue["community"], skills=[catalogue["sign"]]
    )
    auth.login(volunteer.user.email)
    other = CommunityFactory(name="古荡社区")
    token = csrf_from(client.get("/volunteers/signup"))
    response = client.post(
        "/volunteers/signup",
        data=application(
            catalogue,
            token,
            community=other.id,
            skills=[str(catalogue["sign"].id), str(catalogue["escort"].id)],
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Volunteer, volunteer.id)
    last = history(changed)[-1]
    assert (last.from_state, last.to_state) == ("approved", "approved")
    assert "手语 → 手语、陪同出行" in last.reason
    assert "古荡社区" in last.reason
    assert changed.status is VolunteerStatus.APPROVED


def test_answering_a_request_for_more_information_goes_back_to_the_queue(
    client, db, auth, catalogue
):
    volunteer = VolunteerFactory(
        status=VolunteerStatus.MORE_INFO,
        status_reason="请补充周末的空闲时间",
        community=catalogue["community"],
    )
    auth.login(volunteer.user.email)
    form = client.get("/volunteers/signup")
    # the question stands beside the details that answer it, and the button says it goes back
    assert "请补充周末的空闲时间" in form.get_data(as_text=True)
    assert "保存并重新提交给社工" in form.get_data(as_text=True)
    token = csrf_from(form)
    client.post("/volunteers/signup", data=application(catalogue, token))
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).status is VolunteerStatus.APPLIED


def test_me_without_a_profile_goes_to_the_application(client, login_as):
    login_as("volunteer")
    assert client.get("/volunteers/me").headers["Location"] == "/volunteers/signup"


def test_the_privacy_terms_link_is_in_the_readers_brackets(client, login_as, catalogue):
    login_as("volunteer")
    zh = client.get("/volunteers/signup").get_data(as_text=True)
    assert '（<a href="/privacy">阅读隐私条款</a>）' in zh
    client.set_cookie("mm_locale", "en")
    en = client.get("/volunteers/signup").get_data(as_text=True)
    assert ' (<a href="/privacy">read the privacy terms</a>)' in en


def test_signup_needs_login(client):
    assert "/login" in client.get("/volunteers/signup").headers["Location"]


def test_a_skill_switched_off_since_stays_on_a_saved_profile(client, db, auth, catalogue):
    """The catalogue page promises retired entries stay on existing records: saving the
    profile unchanged must not drop one (the volunteer would leave matching for it)."""
    haircut = SkillFactory(name="理发", name_en="Haircuts", active=False)
    volunteer = VolunteerFactory(
        approved=True, community=catalogue["community"], skills=[catalogue["sign"], haircut]
    )
    auth.login(volunteer.user.email)
    page = client.get("/volunteers/signup").get_data(as_text=True)
    assert re.search(rf'<input[^>]*value="{haircut.id}"[^>]*checked', page)
    response = client.post(
        "/volunteers/signup",
        data=application(
            catalogue,
            csrf_from(client.get("/volunteers/signup")),
            skills=[str(catalogue["sign"].id), str(haircut.id)],
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert {s.name for s in db.session.get(Volunteer, volunteer.id).skills} == {"手语", "理发"}
    # a new applicant is not offered it
    auth.logout()
    auth.login(VolunteerFactory(community=catalogue["community"]).user.email)
    assert "理发" not in client.get("/volunteers/signup").get_data(as_text=True)
