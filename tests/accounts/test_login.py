"""Logging in and out, the database-counted throttle, changing password."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from matchmaker.accounts import services
from matchmaker.accounts.models import LoginAttempt
from matchmaker.accounts.views import _throttled_message
from matchmaker.core.types import utcnow
from tests.conftest import PASSWORD, csrf_from
from tests.factories import UserFactory


def test_login_with_email_or_phone_then_logout(client, auth, db):
    UserFactory(email="a@example.org", phone="13900000001", roles=["donor"])
    assert auth.login("A@example.org").status_code == 302
    assert "退出登录" in client.get("/").get_data(True) or "Log out" in client.get("/").get_data(
        True
    )
    auth.logout()
    assert auth.login("139 0000 0001").status_code == 302


def test_wrong_password_is_a_generic_message(client, auth, db):
    UserFactory(email="a@example.org")
    client.set_cookie("mm_locale", "en")
    response = auth.login("a@example.org", "wrong-pass-1")
    assert response.status_code == 401
    assert "The mobile number, e-mail or password is not right." in response.get_data(True)
    unknown = auth.login("nobody@example.org", "wrong-pass-1")
    assert unknown.get_data(True).count("is not right") == 1


def test_disabled_account_cannot_log_in(client, auth, db):
    UserFactory(email="a@example.org", disabled=True)
    assert auth.login("a@example.org").status_code == 401


def test_eleventh_wrong_password_in_a_minute_is_refused_even_if_right(client, auth, db):
    UserFactory(email="a@example.org")
    client.set_cookie("mm_locale", "en")
    for _ in range(10):
        assert auth.login("a@example.org", "wrong-pass-1").status_code == 401
    response = auth.login("a@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(True)
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 10


@pytest.mark.parametrize(
    ("locale", "seconds", "text"),
    [
        ("en", 1, "Wait 1 second and try again."),
        ("en", 42, "Wait 42 seconds and try again."),
        ("zh_CN", 1, "请等待 1 秒后重试。"),
    ],
)
def test_the_wait_reads_right_for_one_second_and_for_many(app, locale, seconds, text):
    with app.test_request_context(), force_locale(locale):
        assert text in _throttled_message(services.LoginThrottled(seconds))


def test_throttle_counts_per_address_across_accounts(app, db):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 5
    try:
        for n in range(5):
            with pytest.raises(services.BadCredentials):
                services.authenticate(f"u{n}@example.org", "x", address="10.0.0.9")
        with pytest.raises(services.LoginThrottled):
            services.authenticate("fresh@example.org", "x", address="10.0.0.9")
        with pytest.raises(services.BadCredentials):  # another address is not held back
            services.authenticate("fresh@example.org", "x", address="10.0.0.10")
    finally:
        app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 30


def test_throttle_lifts_after_the_window(db):
    UserFactory(email="a@example.org")
    start = utcnow()
    for _ in range(10):
        with pytest.raises(services.BadCredentials):
            services.authenticate("a@example.org", "bad", address="1.2.3.4", now=start)
    with pytest.raises(services.LoginThrottled) as refused:
        services.authenticate("a@example.org", PASSWORD, address="1.2.3.4", now=start)
    assert 1 <= refused.value.retry_after <= 61
    later = start + timedelta(seconds=61)
    user = services.authenticate("a@example.org", PASSWORD, address="1.2.3.4", now=later)
    assert user.email == "a@example.org"
    # success clears this account's failures
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 0


def test_login_redirects_only_to_local_next(client, db):
    UserFactory(email="a@example.org")
    page = client.get("/login")
    data = {"login": "a@example.org", "password": PASSWORD, "csrf_token": csrf_from(page)}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_change_password(client, auth, db):
    user = UserFactory(email="a@example.org")
    auth.login("a@example.org")
    client.set_cookie("mm_locale", "en")
    page = client.get("/account/password")
    token = csrf_from(page)
    wrong = client.post(
        "/account/password",
        data={
            "current": "nope-123",
            "password": "new-secret-9",
            "confirm": "new-secret-9",
            "csrf_token": token,
        },
    )
    assert wrong.status_code == 422
    assert "Your current password is not right." in wrong.get_data(True)
    ok = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "new-secret-9",
            "confirm": "new-secret-9",
            "csrf_token": token,
        },
    )
    assert ok.status_code == 302
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 401
    assert auth.login(user.email, "new-secret-9").status_code == 302


def test_change_password_needs_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused_with_a_message(client, db):
    client.set_cookie("mm_locale", "en")
    response = client.post("/login", data={"login": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(True)
