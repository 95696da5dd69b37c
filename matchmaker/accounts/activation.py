"""One-time codes staff issue: to activate an account an import created without a password
(§12), or to set a new one for someone who forgot theirs. The owner uses either at /activate.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from ..core.audit import audit
from ..core.types import utcnow
from ..extensions import db
from .models import ActivationCode, Role, User
from .passwords import hash_password
from .services import _login_key, _record_failure, _refuse_if_throttled, find_user_by_login

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
CODE_LENGTH = 8
VALID_FOR = timedelta(days=14)


class BadActivation(Exception):
    """Unknown login, wrong, used or expired code (not told apart, on purpose)."""


class CodeRefused(Exception):
    """No code for this account: ``reason`` is "staff" (an administrator resets the passwords
    of staff accounts: a code would let a social worker take one over) or "disabled"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def code_refusal(user: User) -> str | None:
    """Why no code may be issued for ``user`` (a ``CodeRefused`` reason), or None."""
    if user.has_role(Role.SOCIAL_WORKER, Role.ADMIN):
        return "staff"
    if not user.is_active:
        return "disabled"
    return None


def _digest(code: str) -> str:
    normalised = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


def issue_activation_code(
    user: User,
    *,
    by: User | None,
    now: datetime | None = None,
    valid_for: timedelta = VALID_FOR,
) -> str:
    """A new code for ``user`` (earlier unused ones stop working); shown once, stored hashed.

    For an account that has a password (its owner forgot it) the password keeps working until
    the code is used, and the owner is told a code was issued, in case they did not ask.

    ``by`` None: the owner asked for it themselves (``password_reset.email_reset_code``);
    it goes to their own e-mail, so staff accounts may have one too, and nobody else is told.

    :raises CodeRefused: for a disabled account, or a staff account when ``by`` is staff.
    """
    from ..notify.services import notify  # notify builds on accounts

    refusal = code_refusal(user)
    if refusal == "disabled" or (refusal and by is not None):
        raise CodeRefused(refusal)
    now = now or utcnow()
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.session.execute(
        delete(ActivationCode).where(
            ActivationCode.user_id == user.id, ActivationCode.used_at.is_(None)
        )
    )
    db.session.add(
        ActivationCode(
            user_id=user.id,
            code_hash=_digest(raw),
            issued_by_id=by.id if by else None,
            issued_at=now,
            expires_at=now + valid_for,
        )
    )
    resetting = bool(user.password_hash)
    detail = "by e-mail" if by is None else "new password" if resetting else ""
    audit(by, "issue_activation_code", user, detail=detail)
    if resetting and by is not None:
        notify(user, "password_code_issued", link="/activate", by=by.name)
    db.session.flush()
    return f"{raw[:4]}-{raw[4:]}"


def activate_account(
    login: str, code: str, password: str, *, address: str, now: datetime | None = None
) -> User:
    """Set the password of an account with the code staff gave its owner.

    Wrong codes count as failed logins, under the same throttle.

    :raises LoginThrottled: when over the failed-login limit.
    :raises BadActivation: if the login, code or its validity is wrong.
    """
    now = now or utcnow()
    key = _login_key(login)
    _refuse_if_throttled(key, address, now)
    user = find_user_by_login(key)
    match = None
    if user is not None and user.is_active:
        match = db.session.scalar(
            select(ActivationCode).where(
                ActivationCode.user_id == user.id,
                ActivationCode.code_hash == _digest(code),
                ActivationCode.used_at.is_(None),
                ActivationCode.expires_at > now,
            )
        )
    if match is None:
        _record_failure(key, address, now)
        raise BadActivation()
    match.used_at = now
    user.password_hash = hash_password(password)
    user.last_login_at = now
    db.session.flush()
    return user
