"""Account rules: registering, logging in under a throttle, passwords, preferences, staff."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..core.audit import audit
from ..core.events import record_change, record_creation, transition
from ..core.types import utcnow
from ..extensions import db
from .logins import normalise_login
from .models import LoginAttempt, Role, User, UserStatus
from .passwords import hash_password, verify_password
from .places import Community


class LoginTaken(Exception):
    """Another account already logs in with this e-mail address or phone number."""


class LoginThrottled(Exception):
    """Too many failed logins for this account or from this address; try again later."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


class BadCredentials(Exception):
    """Unknown login, wrong password, or a disabled account (not told apart, on purpose)."""


def find_user_by_login(login: str) -> User | None:
    """The account that logs in with ``login`` (already normalised), if any."""
    return db.session.scalar(select(User).where(or_(User.email == login, User.phone == login)))


def register_user(
    *,
    name: str,
    login: str,
    password: str | None,
    role: Role,
    locale: str | None = None,
    home_community: Community | None = None,
) -> User:
    """Create an account holding ``role``; ``password`` None leaves it to a one-time code.

    :param home_community: where a resident says they live: the social workers of that
        community see the account in their queue of accounts to link.

    A volunteer's application profile and a resident's link to their record are the
    recruit and registry domains' business (DESIGN §12); this grants the role only.

    :raises LoginTaken: if the e-mail or phone is in use. When a concurrent sign-up took it
        between the check and the insert, the unique index says so at flush; the session must
        then be rolled back by the caller.
    """
    user = _new_account(name, login, password, role, locale=locale, home_community=home_community)
    record_creation(user, by=None, why=f"registered as {role.value}")
    return user


def _new_account(
    name: str,
    login: str,
    password: str | None,
    role: Role,
    *,
    locale: str | None = None,
    home_community: Community | None = None,
) -> User:
    """A new account holding ``role``, flushed; its history is the caller's to start.

    :raises LoginTaken: as :func:`register_user` says.
    """
    kind, value = normalise_login(login)
    if find_user_by_login(value) is not None:
        raise LoginTaken(value)
    user = User(name=name.strip(), locale=locale, home_community=home_community)
    setattr(user, kind, value)
    if password is not None:
        user.password_hash = hash_password(password)
    user.grant(role)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the unique index is the final word under a race
        raise LoginTaken(value) from exc
    return user


def community_choices() -> dict[str, list[tuple[str, str]]]:
    """Every community, grouped under its district and street, for a registrant to find."""
    rows = db.session.scalars(select(Community).order_by(Community.street_id, Community.id))
    groups: dict[str, list[tuple[str, str]]] = {}
    for community in rows:
        street = community.street
        groups.setdefault(f"{street.district.name} · {street.name}", []).append(
            (str(community.id), community.name)
        )
    return groups


def authenticate(login: str, password: str, *, address: str, now: datetime | None = None) -> User:
    """The user whose login and password these are, counting failures against a limit.

    Failures are counted in the database per login and per client address within
    ``LOGIN_WINDOW_SECONDS``; once either count reaches its limit, every attempt is
    refused (even a right password) until the window has passed.

    :raises LoginThrottled: when over the limit.
    :raises BadCredentials: when the login or password is wrong or the account is disabled.
    """
    now = now or utcnow()
    key = _login_key(login)
    _refuse_if_throttled(key, address, now)
    user = find_user_by_login(key)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        _record_failure(key, address, now)
        raise BadCredentials()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.login == key))
    user.last_login_at = now
    db.session.flush()
    return user


def _refuse_if_throttled(key: str, address: str, now: datetime) -> None:
    cfg = current_app.config
    window = timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"])
    since = now - window
    per_login = _failures_since(LoginAttempt.login == key, since)
    per_address = _failures_since(LoginAttempt.address == address, since)
    if (
        per_login[0] >= cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or per_address[0] >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        oldest = min(t for n, t in (per_login, per_address) if t is not None)
        raise LoginThrottled(max(1, int((oldest + window - now).total_seconds()) + 1))


def _record_failure(key: str, address: str, now: datetime) -> None:
    db.session.add(LoginAttempt(login=key, address=address, at=now))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
    db.session.flush()


def _login_key(login: str) -> str:
    try:
        return normalise_login(login)[1]
    except ValueError:
        return (login or "").strip().lower()[:254]


def _failures_since(condition, since: datetime) -> tuple[int, datetime | None]:
    count, oldest = db.session.execute(
        select(func.count(LoginAttempt.id), func.min(LoginAttempt.at)).where(
            condition, LoginAttempt.at >= since
        )
    ).one()
    return count, oldest


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password if ``current`` is right; False (nothing changed) if not."""
    if not verify_password(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    db.session.flush()
    return True


def reset_password(user: User, new: str, *, by: User, why: str = "") -> None:
    """An administrator sets a password for someone who forgot theirs: audited, and recorded
    in the account's history with ``why`` (a reason typed)."""
    user.password_hash = hash_password(new)
    audit(by, "reset_password", user, detail=why)
    db.session.flush()
    record_change(user, by=by, why=_with_reason("new password set", why))


def set_preferences(user: User | None, *, locale=None, large_text=None, high_contrast=None) -> None:
    """Remember display choices on the account (anonymous visitors keep them in cookies)."""
    if user is None:
        return
    if locale is not None:
        user.locale = locale
    if large_text is not None:
        user.large_text = large_text
    if high_contrast is not None:
        user.high_contrast = high_contrast
    db.session.flush()


def create_staff(
    *,
    name: str,
    login: str,
    password: str | None,
    role: Role,
    by: User | None,
    communities: list[Community] = (),
) -> User:
    """Create an admin or social worker account (staff are never self-registered); the role
    and any communities given are written to the audit log, and the account's history says
    who created it: the administrator ``by``, or None for the command line (create-admin).

    :raises ValueError: for a social worker without a community (they would see nothing).
    :raises LoginTaken: as :func:`register_user` says.
    """
    if role is Role.SOCIAL_WORKER and not communities:
        raise ValueError("a social worker needs at least one community")
    user = _new_account(name, login, password, role)
    how = "created by an administrator" if by is not None else "created on the command line"
    record_creation(user, by=by, why=f"{how} as {role.value}")
    user.communities = list(communities)
    audit(by, "grant_role", user, detail=role.value)
    if user.communities:
        audit(by, "assign_communities", user, detail=_community_ids(user.communities))
    return user


def _with_reason(text: str, why: str) -> str:
    """A system-written ``text`` with the reason a person typed, as histories and the audit
    log store it ("roles now volunteer: asked to help")."""
    return f"{text}: {why}" if why else text


def _community_ids(communities) -> str:
    return ",".join(str(c.id) for c in communities)


def set_roles(user: User, roles: set[Role], *, by: User, why: str = "") -> None:
    """Replace a user's roles; every change is written to the audit log, and the roles they
    now hold to the account's history, with ``why`` (a reason typed) in both."""
    before = set(user.roles)
    for row in list(user.role_rows):
        if row.role not in roles:
            user.role_rows.remove(row)
            audit(by, "revoke_role", user, detail=_with_reason(row.role.value, why))
    for role in sorted(roles - user.roles, key=lambda r: r.value):
        user.grant(role)
        audit(by, "grant_role", user, detail=_with_reason(role.value, why))
    db.session.flush()
    if user.roles != before:
        held = ",".join(sorted(r.value for r in user.roles))
        record_change(user, by=by, why=_with_reason(f"roles now {held}", why))


def assign_communities(
    user: User, communities: list[Community], *, by: User, why: str = ""
) -> None:
    """Set the communities a social worker looks after (their staff scope): written to the
    audit log, and to the account's history with ``why`` (a reason typed)."""
    user.communities = list(communities)
    audit(by, "assign_communities", user, detail=_community_ids(communities))
    db.session.flush()
    ids = _community_ids(communities) or "-"
    record_change(user, by=by, why=_with_reason(f"communities now {ids}", why))


def set_active(user: User, active: bool, *, by: User, why: str = "") -> None:
    """Disable or re-enable an account, recorded in its history and the audit log with
    ``why``; a disabled account cannot log in, and its open sessions end at their next
    request. A volunteer's waiting proposals are withdrawn and the social workers of their
    open pairings told (recruit.disabled_accounts); a donor's open offers are withdrawn."""
    transition(user, UserStatus.ACTIVE if active else UserStatus.DISABLED, by=by, why=why)
    audit(by, "enable_account" if active else "disable_account", user, detail=why)
    if not active:
        # the domains that build on accounts
        from ..offers.services import withdraw_offers_of_disabled_donor
        from ..recruit.disabled_accounts import volunteer_account_disabled

        volunteer_account_disabled(user, by=by)
        withdraw_offers_of_disabled_donor(user, by=by)
