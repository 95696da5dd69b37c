"""Registering: roles granted, and every kind of bad input answered with a field error."""

import html
import re

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.models import Role, User
from matchmaker.core.events import history
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory
from tests.wishes.conftest import make_wish

GOOD = {
    "role": "volunteer",
    "name": "李明",
    "login": "13812345678",
    "password": "kind-heart-42",
    "confirm": "kind-heart-42",
    "consent": "y",
}


def register(client, locale="en", **changes):
    client.set_cookie("mm_locale", locale)
    page = client.get("/register")
    data = {**GOOD, **changes, "csrf_token": csrf_from(page)}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post("/register", data=data)


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident"])
def test_register_grants_the_chosen_role_and_logs_in(client, db, role):
    community = CommunityFactory()
    response = register(client, role=role, community=str(community.id))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.phone == "13812345678"))
    assert user.roles == {Role(role)}
    assert user.password_hash.startswith("$argon2id$")
    assert [e.to_state for e in history(user)] == ["active"]
    home = client.get("/").get_data(as_text=True)
    assert "李明" in home


def test_the_privacy_terms_link_is_in_the_readers_brackets(client):
    zh = client.get("/register").get_data(as_text=True)
    assert '（<a href="/privacy">阅读隐私条款</a>）' in zh
    client.set_cookie("mm_locale", "en")
    en = client.get("/register").get_data(as_text=True)
    assert ' (<a href="/privacy">read the privacy terms</a>)' in en


def test_staff_roles_cannot_be_chosen_at_registration(client, db):
    response = register(client, role="admin")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_phone_is_normalised_so_the_same_number_is_a_duplicate(client, db):
    UserFactory(email=None, phone="13812345678")
    response = register(client, login="+86 138-1234-5678")
    assert response.status_code == 422
    assert "An account with this mobile number or e-mail exists." in response.get_data(True)


def test_duplicate_email_ignores_case(client, db):
    UserFactory(email="li.ming@example.org")
    response = register(client, login="Li.Ming@Example.org")
    assert response.status_code == 422
    assert "An account with this mobile number or e-mail exists." in response.get_data(True)
    assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "abc123", "confirm": "abc123"}, "Use at least 8 characters."),
        ({"password": "12345678901", "confirm": "12345678901"}, "Mix letters with digits"),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"confirm": "kind-heart-43"}, "The two passwords do not match."),
        ({"name": "李" * 10_000}, "Use at most 50 characters."),
        ({"login": "not-a-login"}, "Enter an 11-digit mobile number or an e-mail address."),
        ({"consent": None}, "You must agree to the privacy terms"),
        ({"role": None}, "Choose how you will take part."),
    ],
)
def test_bad_input_gets_a_field_error_not_a_500(client, db, changes, message):
    response = register(client, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'class="error-summary"' in body
    assert 'aria-invalid="true"' in body or "<fieldset" in body
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_field_errors_come_in_chinese_by_default(client, db):
    response = register(client, locale="zh_CN", confirm="kind-heart-43", name="")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "两次输入的密码不一致" in body
    assert "请输入姓名" in body
    assert "The two passwords do not match." not in body


def test_what_was_typed_is_kept_after_an_error(client, db):
    body = register(client, confirm="other-pass-1").get_data(as_text=True)
    assert 'value="李明"' in body
    assert 'value="13812345678"' in body
    assert 'value="kind-heart-42"' not in body  # passwords are never echoed back


def test_huge_request_body_is_a_413_page(client, db):
    response = client.post("/register", data={"name": "x" * (9 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_resident_chooses_their_community_from_a_list_grouped_by_street(client, db):
    home = CommunityFactory(name="宝石社区", street__name="北山街道")
    CommunityFactory(name="文三社区", street__name="西溪街道")
    page = client.get("/register?role=resident").get_data(as_text=True)
    assert "仅限残疾人本人或监护人填写" in page  # the fieldset says whom it is for
    assert page.index('label="') < page.index("宝石社区")
    assert "北山街道" in page and "西溪街道" in page
    assert register(client, role="resident", community=str(home.id)).status_code == 302
    user = db.session.scalar(select(User).where(User.phone == "13812345678"))
    assert user.home_community == home


@pytest.mark.parametrize(
    ("locale", "message"),
    [("en", "Residents: choose the community you live in."), ("zh_CN", "居民请选择您居住的社区")],
)
def test_a_resident_without_a_community_is_asked_for_it(client, db, locale, message):
    CommunityFactory()
    response = register(client, locale=locale, role="resident")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'class="error-summary"' in body and 'href="#community"' in body
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_community_not_in_the_list_is_refused(client, db):
    CommunityFactory()
    response = register(client, role="resident", community="99999")
    assert response.status_code == 422
    assert "Choose a community from the list." in response.get_data(as_text=True)
    assert register(client, role="resident", community="junk").status_code == 422
    assert db.session.scalar(select(func.count(User.id))) == 0


@pytest.mark.parametrize("role", ["volunteer", "donor"])
def test_volunteers_and_donors_are_not_asked_for_a_community(client, db, role):
    community = CommunityFactory()
    assert register(client, role=role).status_code == 302
    user = db.session.scalar(select(User))
    assert user.home_community is None
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/logout"))})
    # a community left chosen before switching away from "resident" is not kept
    response = register(client, role=role, login="13812340000", community=str(community.id))
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.phone == "13812340000")).home_community is None


def _href(page, text: str) -> str:
    """The href of the link in <main> whose text is ``text`` (the header has its own)."""
    main = page[page.index("<main") :]
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', main)
    assert match, f"no link {text!r}"
    return html.unescape(match.group(1))


def test_a_donor_registering_from_a_wish_lands_back_on_it(client, db):
    wish = make_wish()
    page = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    link = _href(page, "注册为爱心人士")
    form = client.get(link)
    assert form.status_code == 200
    # the "log in instead" link on the form keeps the way back too
    assert _href(form.get_data(as_text=True), "登录") == f"/login?next=/wishes/{wish.id}"
    data = {**GOOD, "role": "donor", "csrf_token": csrf_from(form)}
    response = client.post(link, data=data)  # the form posts to its own address
    assert response.status_code == 302
    assert response.headers["Location"] == f"/wishes/{wish.id}"
    assert "认领这个心愿" in client.get(f"/wishes/{wish.id}").get_data(as_text=True)


def test_the_login_page_passes_the_way_back_on_to_registering(client, db):
    page = client.get("/login?next=/wishes/7").get_data(as_text=True)
    assert _href(page, "注册") == "/register?next=/wishes/7"
    outside = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    assert _href(outside, "注册") == "/register"


@pytest.mark.parametrize(
    "target", ["https://evil.example/wishes/1", "//evil.example/wishes/1", "/\\evil.example"]
)
def test_registering_ignores_a_next_off_the_site(client, db, target):
    form = client.get("/register", query_string={"role": "donor", "next": target})
    assert _href(form.get_data(as_text=True), "登录") == "/login"
    data = {**GOOD, "role": "donor", "csrf_token": csrf_from(form)}
    response = client.post("/register", query_string={"next": target}, data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_new_volunteer_still_goes_to_the_application_first(client, db):
    form = client.get("/register?next=/wishes/1")
    data = {**GOOD, "csrf_token": csrf_from(form)}
    response = client.post("/register?next=/wishes/1", data=data)
    assert response.headers["Location"] == "/volunteers/signup"
