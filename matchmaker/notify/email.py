"""E-mail pending notifications over SMTP (``MATCHMAKER_SMTP_*``), retrying with backoff.

An SMTP server that is down never fails the job nor loses a notification: each one keeps
its place in the inbox, records the attempt and error, and is tried again later.
"""

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..core.smtp import connect
from ..extensions import db
from .kinds import render
from .models import EmailStatus, Notification

#: After this many failed attempts a notification is no longer e-mailed (it stays in the inbox).
MAX_ATTEMPTS = 8
BATCH = 200


def backoff(attempts: int) -> timedelta:
    """Wait 5, 10, 20 … minutes after each failure, at most 6 hours."""
    return min(timedelta(minutes=5 * 2 ** max(attempts - 1, 0)), timedelta(hours=6))


def build_message(notification: Notification, sender: str) -> EmailMessage:
    """A UTF-8 message in the recipient's language (Chinese by default)."""
    user = notification.user
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        text = render(notification)
        subject = _("Matchmaker: %(text)s", text=text if len(text) <= 40 else text[:39] + "…")
        body = [text, ""]
        if notification.link:
            body.append(current_app.config.get("SITE_URL", "").rstrip("/") + notification.link)
        body += ["", _("You can stop these e-mails in your notification settings.")]
        site = _("Matchmaker")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((site, sender))
    message["To"] = formataddr((user.name, user.email))
    message.set_content("\n".join(body), charset="utf-8")
    return message


def _failed(notification: Notification, error: Exception, now: datetime) -> bool:
    """Record a failed attempt; returns True if this was the last one allowed."""
    notification.email_attempts += 1
    notification.email_last_error = f"{type(error).__name__}: {error}"[:500]
    if notification.email_attempts >= MAX_ATTEMPTS:
        notification.email_status = EmailStatus.FAILED
        return True
    notification.email_next_try_at = now + backoff(notification.email_attempts)
    return False


def send_pending_email(now: datetime) -> dict:
    """Send notifications waiting for e-mail whose retry time has come (the e-mail job).

    Idempotent: a sent notification is never sent again. The caller commits.

    :returns: counts: sent, failed (to retry), gave_up, dropped (opted out meanwhile);
        ``{"smtp": "off"}`` when no SMTP host is configured (they keep waiting).
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return {"smtp": "off"}
    due = db.session.scalars(
        select(Notification)
        .where(
            Notification.email_status == EmailStatus.PENDING,
            or_(Notification.email_next_try_at.is_(None), Notification.email_next_try_at <= now),
        )
        .order_by(Notification.id)
        .limit(BATCH)
    ).all()
    counts = {"sent": 0, "failed": 0, "gave_up": 0, "dropped": 0}
    if not due:
        return counts
    sender = config["SMTP_SENDER"]
    try:
        connection = connect(config)
    except (OSError, smtplib.SMTPException) as error:
        for notification in due:
            counts["gave_up" if _failed(notification, error, now) else "failed"] += 1
        db.session.flush()
        return counts
    with connection:
        for notification in due:
            user = notification.user
            if not (user.email and user.email_notifications):
                notification.email_status = EmailStatus.NONE
                counts["dropped"] += 1
                continue
            try:
                connection.send_message(build_message(notification, sender))
            except (OSError, smtplib.SMTPException) as error:
                counts["gave_up" if _failed(notification, error, now) else "failed"] += 1
                continue
            notification.email_status, notification.email_sent_at = EmailStatus.SENT, now
            notification.email_attempts += 1
            counts["sent"] += 1
    db.session.flush()
    return counts
