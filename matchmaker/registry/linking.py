"""Linking residents' own accounts to their records (DESIGN §12): the queue of accounts
waiting in a social worker's communities, linking (audited, recorded, the resident told)
and undoing a link made to the wrong record."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Role, User, UserRole
from ..core.audit import audit
from ..core.events import record_change
from ..extensions import db
from ..notify.services import notify
from .models import Resident
from .privacy import accounts_visible_to


class AlreadyLinked(Exception):
    """The account, or the resident record, is already linked to another."""


def _unlinked_accounts(user: User):
    linked = select(Resident.user_id).where(Resident.user_id.is_not(None))
    holders = select(UserRole.user_id).where(UserRole.role == Role.RESIDENT)
    return accounts_visible_to(user).where(User.id.in_(holders), User.id.not_in(linked))


def unlinked_resident_accounts(user: User) -> list[User]:
    """Accounts holding the resident role that no resident record is linked to yet, of
    residents who live in ``user``'s communities (or named none)."""
    return list(db.session.scalars(_unlinked_accounts(user).order_by(User.id)))


def count_unlinked_accounts(user: User) -> int:
    """How many resident accounts in ``user``'s scope wait to be linked."""
    statement = _unlinked_accounts(user).subquery()
    return db.session.scalar(select(func.count()).select_from(statement))


def awaits_link(user: User) -> bool:
    """Whether ``user`` holds the resident role and no record is linked to them yet."""
    return user.has_role(Role.RESIDENT) and resident_of(user) is None


def is_linked(user: User) -> bool:
    """Whether a resident record is linked to ``user``'s account."""
    return resident_of(user) is not None


def resident_of(user: User) -> Resident | None:
    """The resident record linked to ``user``'s account, if any."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Resident).where(Resident.user_id == user.id))


def link_account(resident: Resident, user: User, *, by: User) -> None:
    """Link a resident's own account to their record (audited and recorded, DESIGN §12).

    :raises AlreadyLinked: if the record has an account or the account has a record.
        Under a race: one conditional write, so of two accounts linked to one record at
        once only the first is; the unique index refuses one account linked to two
        records. The caller rolls back.
    """
    user_id = user.id  # not read again once a refused write has ended the transaction
    if resident.user_id is not None or resident_of(user) is not None:
        raise AlreadyLinked(user_id)
    if not user.has_role(Role.RESIDENT):
        raise ValueError("only accounts holding the resident role can be linked")
    try:
        done = db.session.execute(
            update(Resident)
            .where(Resident.id == resident.id, Resident.user_id.is_(None))
            .values(user_id=user_id)
            .execution_options(synchronize_session=False)
        )
    except IntegrityError as exc:
        raise AlreadyLinked(user_id) from exc
    if done.rowcount != 1:
        raise AlreadyLinked(user_id)
    db.session.refresh(resident)
    audit(by, "link_account", resident, detail=f"user {user_id}")
    record_change(resident, by=by, why=f"linked to account {user_id}")
    notify(user, "account_linked", link="/needs/mine")


class NotLinked(Exception):
    """The record has no account linked (any more): someone unlinked it first."""


def unlink_account(resident: Resident, *, by: User, why: str) -> User:
    """Undo a link made to the wrong record: the account goes back to its community's queue
    and no longer reaches this record (audited and recorded, with the reason).

    One conditional write, so of two staff unlinking at once exactly one does it.

    :raises NotLinked: if the record has no account linked.
    """
    account = resident.user
    done = db.session.execute(
        update(Resident)
        .where(Resident.id == resident.id, Resident.user_id.is_not(None))
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
    if account is None or done.rowcount != 1:
        raise NotLinked(resident.id)
    db.session.refresh(resident)
    audit(by, "unlink_account", resident, detail=f"user {account.id}")
    record_change(resident, by=by, why=f"unlinked from account {account.id}: {why}")
    notify(account, "account_unlinked", link="/")
    return account
