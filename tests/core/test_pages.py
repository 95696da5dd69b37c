"""Layout promises: language, display modes, security headers, error pages."""

from tests.conftest import csrf_from
from tests.factories import UserFactory


def test_chinese_is_the_default_language(client):
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN"' in body
    assert "跳到主要内容" in body


def test_language_choice_persists_in_a_cookie(client):
    page = client.get("/")
    response = client.post(
        "/preferences", data={"locale": "en", "next": "/privacy", "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    body = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="en"' in body
    assert "Skip to main content" in body


def test_display_modes_are_remembered_on_the_account(client, auth, db):
    user = UserFactory(email="a@example.org", roles=["volunteer"])
    auth.login("a@example.org")
    page = client.get("/")
    client.post("/preferences", data={"large_text": "1", "csrf_token": csrf_from(page)})
    client.post("/preferences", data={"high_contrast": "1", "csrf_token": csrf_from(page)})
    db.session.refresh(user)
    assert user.large_text and user.high_contrast
    # A new browser (no cookies) gets them back on logging in.
    fresh = client.application.test_client()
    login_page = fresh.get("/login")
    fresh.post(
        "/login",
        data={
            "login": "a@example.org",
            "password": "correct-horse-7",
            "csrf_token": csrf_from(login_page),
        },
    )
    html = fresh.get("/").get_data(as_text=True)
    assert 'class="text-large contrast-high"' in html
    assert 'aria-pressed="true"' in html


def test_unknown_preference_values_are_ignored(client):
    page = client.get("/")
    response = client.post(
        "/preferences",
        data={
            "locale": "xx",
            "large_text": "maybe",
            "next": "//evil.example",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "mm_locale" not in response.headers.get("Set-Cookie", "")


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_404_is_a_translated_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_no_page_loads_anything_from_another_site(client):
    for path in ("/", "/login", "/register", "/privacy"):
        body = client.get(path).get_data(as_text=True)
        assert 'src="http' not in body and 'href="http' not in body and '="//' not in body


def test_each_role_sees_its_own_summary_on_home(client, login_as):
    login_as("social_worker")
    body = client.get("/").get_data(as_text=True)
    assert 'id="role-social_worker"' in body
    assert "您负责的社区" in body
    assert 'id="role-volunteer"' not in body


def test_a_row_id_past_the_database_integer_is_a_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/99999999999999").status_code == 404
