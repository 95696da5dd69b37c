"""A forgotten password, by e-mail: a one-time code reaches the owner's inbox and sets a new
password at /activate; the answer never tells whether an account exists."""

import email
import email.policy
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.accounts.activation import BadActivation, activate_account, issue_activation_code
from matchmaker.accounts.models import ActivationCode
from matchmaker.core.models import AuditEntry
from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from tests.conftest import csrf_from
from tests.factories import UserFactory

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")


def _ask(client, login: str):
    page = client.get("/account/forgot")
    return client.post("/account/forgot", data={"email": login, "csrf_token": csrf_from(page)})


def _mail(envelope):
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


def test_a_donor_gets_a_code_by_e_mail_and_chooses_a_new_password(client, auth, sink):
    donor = UserFactory(roles=["donor"], name="张爱心", email="zhang@example.org")
    login_page = client.get("/login").get_data(as_text=True)
    assert 'href="/account/forgot"' in login_page
    asked = _ask(client, " Zhang@Example.org ")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/activate?login=Zhang@Example.org"
    activate = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "我们已向它发送了一次性码" in activate
    assert 'value="Zhang@Example.org"' in activate  # the login is filled in
    (envelope,) = sink.messages
    assert envelope.rcpt_tos == ["zhang@example.org"]
    message = _mail(envelope)
    assert "新密码" in message["Subject"]
    body = message.get_content()
    code = CODE.search(body)[0]
    assert "/activate" in body and "一小时内" in body
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_id == donor.id))
    assert (entry.action, entry.actor_id, entry.detail) == (
        "issue_activation_code",
        None,
        "by e-mail",
    )

    assert auth.login("zhang@example.org").status_code == 302  # the old password still works
    auth.logout()
    page = client.get("/activate")
    done = client.post(
        "/activate",
        data={
            "login": "zhang@example.org",
            "code": code,
            "password": "brand-new-pass-7",
            "confirm": "brand-new-pass-7",
            "csrf_token": csrf_from(page),
        },
    )
    assert done.status_code == 302
    auth.logout()
    assert auth.login("zhang@example.org", "brand-new-pass-7").status_code == 302


def test_the_same_answer_for_an_unknown_or_disabled_account_and_no_mail(client, sink):
    UserFactory(roles=["donor"], email="off@example.org", status="disabled")
    for login in ("nobody@example.org", "off@example.org"):
        asked = _ask(client, login)
        assert asked.status_code == 302 and asked.headers["Location"].startswith("/activate")
    assert sink.messages == []


def test_a_mobile_number_or_nothing_is_refused_with_a_message(client, sink):
    client.set_cookie("mm_locale", "en")
    for login in ("13812345678", "", "not an address"):
        refused = _ask(client, login)
        assert refused.status_code == 422
        assert "e-mail address you log in with" in refused.get_data(as_text=True)
    assert sink.messages == []


def test_an_e_mailed_code_works_for_an_hour(db, sink, app):
    from matchmaker.accounts.password_reset import email_reset_code

    UserFactory(roles=["donor"], email="late@example.org")
    with app.test_request_context():
        assert email_reset_code("late@example.org", address="1.1.1.1")
    db.session.commit()
    code = CODE.search(_mail(sink.messages[0]).get_content())[0]
    with pytest.raises(BadActivation):
        activate_account(
            "late@example.org",
            code,
            "late-pass-77",
            address="1.1.1.1",
            now=utcnow() + timedelta(minutes=61),
        )


def test_requests_are_throttled_like_logins(client, sink, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 3)
    UserFactory(roles=["donor"], email="flood@example.org")
    for _ in range(3):
        assert _ask(client, "flood@example.org").status_code == 302
    client.set_cookie("mm_locale", "en")
    refused = _ask(client, "flood@example.org")
    assert refused.status_code == 429 and "Too many" in refused.get_data(as_text=True)
    assert len(sink.messages) == 3


def test_a_mail_server_that_is_down_is_said_plainly(client, smtp, db):
    UserFactory(roles=["donor"], email="down@example.org")
    client.set_cookie("mm_locale", "en")
    failed = _ask(client, "down@example.org")  # nothing listens on the port
    assert failed.status_code == 503
    assert "could not be sent just now" in failed.get_data(as_text=True)


def test_a_mail_that_cannot_go_out_leaves_the_code_staff_gave(client, smtp, db):
    owner = UserFactory(roles=["volunteer"], email="kept@example.org")
    staff = UserFactory(roles=["social_worker"])
    given = issue_activation_code(owner, by=staff)
    db.session.commit()
    assert _ask(client, "kept@example.org").status_code == 503  # nothing listens on the port
    db.session.expire_all()
    codes = db.session.scalars(select(ActivationCode).where(ActivationCode.user_id == owner.id))
    assert [code.issued_by_id for code in codes] == [staff.id]
    activated = activate_account(
        "kept@example.org", given, "a-new-password-2026", address="127.0.0.1"
    )
    assert activated.id == owner.id


def test_without_e_mail_the_page_says_whom_to_ask(client, db):
    page = client.get("/account/forgot")
    body = page.get_data(as_text=True)
    assert (
        page.status_code == 200
        and "本网站不发送电子邮件" in body
        and "<form" not in body[body.index("<main") :]
    )
    posted = client.post("/account/forgot", data={"email": "a@example.org"})
    assert posted.status_code in (400, 409)  # no form to post: refused either way
