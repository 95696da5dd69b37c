"""E-mail: a real message in Chinese reaches an SMTP sink; a refusing server loses nothing."""

import email
import email.policy
from datetime import timedelta

from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.notify.models import EmailStatus, Notification
from matchmaker.notify.services import notify, set_email_notifications
from matchmaker.scheduler.models import JobOutcome
from matchmaker.scheduler.runner import run_job
from tests.factories import UserFactory


def _waiting(user, title="助听器电池"):
    notify(user, "wish_thanked", link="/wishes/mine", title=title)
    db.session.commit()
    return db.session.scalar(select(Notification).where(Notification.user_id == user.id))


def test_a_chinese_message_arrives_correctly_encoded(db, sink):
    donor = UserFactory(roles=["donor"], name="张爱心", email="zhang@example.org")
    notification = _waiting(donor)
    assert notification.email_status is EmailStatus.PENDING
    run = run_job("send_email", utcnow())
    assert run.outcome is JobOutcome.OK and run.counts["sent"] == 1
    (envelope,) = sink.messages
    assert envelope.rcpt_tos == ["zhang@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert "助听器电池" in message["Subject"] and "感谢" in message["Subject"]
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "居民感谢您认领的微心愿“助听器电池”" in body and "/wishes/mine" in body
    assert "张爱心" in str(message["To"])
    db.session.refresh(notification)
    assert notification.email_status is EmailStatus.SENT
    # Sent once: the next run finds nothing to send.
    assert run_job("send_email", utcnow() + timedelta(minutes=5)).counts["sent"] == 0
    assert len(sink.messages) == 1


def test_an_english_reader_gets_english(db, sink):
    donor = UserFactory(roles=["donor"], email="ann@example.org", locale="en")
    _waiting(donor, title="radio")
    run_job("send_email", utcnow())
    message = email.message_from_bytes(
        sink.messages[0].original_content, policy=email.policy.default
    )
    assert "The resident thanked you" in message.get_content()


def test_a_refusing_server_leaves_the_notification_queued_and_the_job_ok(db, smtp):
    donor = UserFactory(roles=["donor"], email="zhang@example.org")
    notification = _waiting(donor)
    now = utcnow()
    run = run_job("send_email", now)  # nothing listens on the port: connection refused
    assert run.outcome is JobOutcome.OK and run.counts["failed"] == 1
    db.session.refresh(notification)
    assert notification.email_status is EmailStatus.PENDING
    assert notification.email_attempts == 1 and "Refused" in notification.email_last_error
    assert notification.email_next_try_at > now
    # Not retried before its time; still in the inbox meanwhile.
    assert run_job("send_email", now + timedelta(minutes=1)).counts["failed"] == 0
    assert notification.read_at is None


def test_the_retry_succeeds_once_the_server_is_back(db, sink):
    donor = UserFactory(roles=["donor"], email="zhang@example.org")
    notification = _waiting(donor)
    notification.email_attempts, notification.email_last_error = 1, "ConnectionRefusedError"
    notification.email_next_try_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert run_job("send_email", utcnow()).counts["sent"] == 1
    db.session.refresh(notification)
    assert notification.email_status is EmailStatus.SENT and len(sink.messages) == 1


def test_an_opted_out_user_gets_no_email(db, sink):
    donor = UserFactory(roles=["donor"], email="zhang@example.org")
    notification = _waiting(donor)
    set_email_notifications(donor, False)
    db.session.commit()
    notify(donor, "wish_thanked", title="收音机")
    db.session.commit()
    run_job("send_email", utcnow())
    assert sink.messages == []
    statuses = set(db.session.scalars(select(Notification.email_status)))
    assert statuses == {EmailStatus.NONE}
    assert notification.id  # both stay in the inbox


def test_without_smtp_the_job_is_skipped_and_mail_waits(db, app):
    assert not app.config.get("SMTP_HOST")
    donor = UserFactory(roles=["donor"], email="zhang@example.org")
    notification = _waiting(donor)
    assert run_job("send_email", utcnow()).outcome is JobOutcome.SKIPPED
    db.session.refresh(notification)
    assert notification.email_status is EmailStatus.PENDING
