"""A resident's account passed to the community they really live in.

Someone registering as a resident names their community, and only that community's social
workers (and admins) see the account to link it (DESIGN §8). When they named the wrong
one, a social worker who sees it passes it on, or they correct it themselves while they
wait; from then on it is the other community's.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..accounts.models import User
from ..accounts.places import Community
from ..core.events import StaleTransition, record_change
from ..core.histories import reason_pattern
from ..extensions import db
from ..notify.services import notify_staff


class SameCommunity(Exception):
    """The account already names that community."""


def hand_over_account(account: User, community: Community, *, by: User) -> None:
    """Move ``account`` to ``community``, recorded, and tell that community's social workers.

    :raises SameCommunity: when it names that community already.
    :raises StaleTransition: when a colleague moved it meanwhile (one of the two wins).
    """
    _move(account, community, by=by)
    notify_staff(community.id, "account_handed_over", link="/residents/accounts", besides=by)


def correct_own_community(account: User, community: Community) -> None:
    """The resident waiting to be linked says they live in ``community`` after all: their
    account moves there, recorded, and that community's social workers are told.

    :raises SameCommunity: when it names that community already.
    :raises StaleTransition: when a social worker passed it on meanwhile.
    """
    _move(account, community, by=account)
    notify_staff(community.id, "account_moved_by_resident", link="/residents/accounts")


def _move(account: User, community: Community, *, by: User) -> None:
    """Point the account at ``community`` with a write conditional on the community seen."""
    before = account.home_community_id
    if before == community.id:
        raise SameCommunity(community.id)
    unchanged = (
        User.home_community_id.is_(None) if before is None else User.home_community_id == before
    )
    moved = db.session.execute(
        update(User)
        .where(User.id == account.id, unchanged)
        .values(home_community_id=community.id)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise StaleTransition(account, account.status)
    db.session.expire(account, ["home_community_id", "home_community"])
    record_change(account, by=by, why=f"community {before or '-'} → {community.id}")


def _community_name(value: str):
    """A community id as the reason stores it ("-": none named), by its name."""
    if value == "-":
        return _l("none named")
    community = db.session.get(Community, int(value))
    if community is None:
        raise ValueError(value)  # shown as stored
    return community.name


# the account's history (admin's user page) reads the move in the reader's language
reason_pattern(
    r"community (?P<before>\d+|-) → (?P<after>\d+)",
    _l("community: %(before)s → %(after)s"),
    before=_community_name,
    after=_community_name,
)
