"""A forgotten password, for someone who logs in with an e-mail address on a site that sends
e-mail: a one-time code (valid an hour) is e-mailed to them, to use at /activate.

The answer never tells whether an account exists. Each request counts against the login
throttle of that login and address, so nobody can flood an inbox through the form.
"""

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.smtp import connect
from ..core.types import utcnow
from ..extensions import db
from .activation import CodeRefused, issue_activation_code
from .logins import LoginFormatError, normalise_login
from .models import User
from .services import _record_failure, _refuse_if_throttled, find_user_by_login

#: how long an e-mailed code works: it may sit in a shared mailbox, unlike one given in person
EMAILED_VALID_FOR = timedelta(hours=1)

log = logging.getLogger(__name__)


def email_enabled() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def email_reset_code(login: str, *, address: str, now: datetime | None = None) -> bool:
    """E-mail a one-time code to the active account that logs in with the e-mail ``login``.

    :returns: False if sending failed (no code is then issued); True when it
        was sent, and also when there is no such account (the caller says the same either way).
    :raises LoginThrottled: over the login throttle's limits.
    :raises ValueError: if ``login`` is not an e-mail address.
    """
    now = now or utcnow()
    try:
        kind, key = normalise_login(login)
    except LoginFormatError:
        raise ValueError(login) from None
    if kind != "email":
        raise ValueError(login)
    _refuse_if_throttled(key, address, now)
    _record_failure(key, address, now)
    user = find_user_by_login(key)
    if user is None or not user.email:
        return True
    # A savepoint, so that a mail that cannot go out leaves the account's codes as they were:
    # one its social worker just handed over keeps working. The failed attempt still counts.
    savepoint = db.session.begin_nested()
    try:
        code = issue_activation_code(user, by=None, now=now, valid_for=EMAILED_VALID_FOR)
    except CodeRefused:  # a disabled account: told nothing, like an unknown one
        savepoint.rollback()
        return True
    if _send(user, code):
        savepoint.commit()
        return True
    savepoint.rollback()
    return False


def _send(user: User, code: str) -> bool:
    config = current_app.config
    locale = user.locale or config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        message = EmailMessage()
        message["Subject"] = _("Matchmaker: your code to choose a new password")
        message["From"] = formataddr((_("Matchmaker"), config["SMTP_SENDER"]))
        message["To"] = formataddr((user.name, user.email))
        site = config.get("SITE_URL", "").rstrip("/")
        message.set_content(
            "\n".join(
                [
                    _("Your one-time code: %(code)s", code=code),
                    "",
                    _("It works once, within an hour, at:"),
                    site + url_for("accounts.activate"),
                    "",
                    _("If you did not ask for it, ignore this e-mail: your password is unchanged."),
                ]
            ),
            charset="utf-8",
        )
    try:
        with connect(config) as connection:
            connection.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("password code e-mail to user %s failed: %s", user.id, error)
        return False
    return True
