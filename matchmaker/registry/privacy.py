"""Whose resident records and needs a staff member may see (DESIGN §8).

Every staff query of residents or needs starts from ``residents_visible_to`` or
``needs_visible_to``; a record outside the scope is answered with a 404, so its
existence is not revealed to a social worker of another community.
"""

from flask import abort
from sqlalchemy import Select, false, select

from ..accounts.models import Role, User
from ..accounts.permissions import community_ids_visible_to
from ..core.types import id_in_range
from ..extensions import db
from .models import Need, Resident

#: The roles that work with resident records: their scope is their communities (admins: all).
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)


def _scope_condition(user, column):
    """A WHERE clause limiting ``column`` (a community id) to ``user``'s scope, or None."""
    ids = community_ids_visible_to(user)
    if ids is None:
        return None
    if not ids:
        return false()
    return column.in_(sorted(ids))


def residents_visible_to(user) -> Select:
    """``select(Resident)`` limited to the communities ``user`` looks after (all for admins)."""
    statement = select(Resident)
    condition = _scope_condition(user, Resident.community_id)
    return statement if condition is None else statement.where(condition)


def needs_visible_to(user) -> Select:
    """``select(Need)`` limited to needs of residents ``user`` may see."""
    statement = select(Need).join(Need.resident)
    condition = _scope_condition(user, Resident.community_id)
    return statement if condition is None else statement.where(condition)


def accounts_visible_to(user) -> Select:
    """``select(User)`` limited to accounts a resident registered in ``user``'s communities.

    An account that names no community (registered before residents were asked) stays
    visible to all staff, so that nobody waits unseen.
    """
    statement = select(User)
    condition = _scope_condition(user, User.home_community_id)
    if condition is None:
        return statement
    return statement.where(User.home_community_id.is_(None) | condition)


def can_view_account(user, account: User) -> bool:
    ids = community_ids_visible_to(user)
    return ids is None or account.home_community_id is None or account.home_community_id in ids


def can_view_resident(user, resident: Resident) -> bool:
    ids = community_ids_visible_to(user)
    return ids is None or resident.community_id in ids


def can_view_need(user, need: Need) -> bool:
    return can_view_resident(user, need.resident)


def resident_or_404(user, resident_id: int) -> Resident:
    """The resident, if it exists and ``user`` may see it; else a 404 (never a 403)."""
    if id_in_range(resident_id) is None:
        abort(404)
    resident = db.session.get(Resident, resident_id)
    if resident is None or not can_view_resident(user, resident):
        abort(404)
    return resident


def need_or_404(user, need_id: int) -> Need:
    if id_in_range(need_id) is None:
        abort(404)
    need = db.session.get(Need, need_id)
    if need is None or not can_view_need(user, need):
        abort(404)
    return need
