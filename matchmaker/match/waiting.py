"""The proposals waiting for a decision, as the proposals page and the home page's queue
count them: which needs in a reader's communities have some, in which order, on which page.
The database picks a page's needs, counts and positions; only the page's proposals load."""

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community
from ..extensions import db
from ..recruit.models import Volunteer
from ..registry.models import Need, Resident
from . import loading
from .models import Proposal, ProposalStatus


def _waiting_in_scope(user: User, *columns):
    statement = (
        select(*columns)
        .select_from(Proposal)
        .join(Proposal.need)
        .join(Need.resident)
        .where(Proposal.status == ProposalStatus.PROPOSED)
    )
    scope = community_ids_visible_to(user)
    if scope is not None:
        statement = statement.where(Resident.community_id.in_(sorted(scope)))
    return statement


def count_needs_with_proposals(user: User) -> int:
    """Needs in ``user``'s communities with proposals waiting for a decision."""
    return db.session.scalar(_waiting_in_scope(user, func.count(func.distinct(Proposal.need_id))))


def _needs_waiting_in_scope(user: User, *columns):
    """Needs in ``user``'s communities with proposals waiting, one row a need."""
    waiting = exists().where(
        Proposal.need_id == Need.id, Proposal.status == ProposalStatus.PROPOSED
    )
    statement = select(*columns).select_from(Need).join(Need.resident).where(waiting)
    scope = community_ids_visible_to(user)
    if scope is not None:
        statement = statement.where(Resident.community_id.in_(sorted(scope)))
    return statement


def _first_waiting_score():
    """The score of a need's first waiting proposal (lowest rank): what "score" orders by."""
    first = aliased(Proposal)
    return (
        select(first.score)
        .where(first.need_id == Need.id, first.status == ProposalStatus.PROPOSED)
        .order_by(first.rank, first.id)
        .limit(1)
        .scalar_subquery()
    )


#: the proposals page's orders, each ending in the need's id so that a page is always the same
WAITING_ORDERS = {
    "score": lambda: (_first_waiting_score().desc(), Need.id),
    "waiting": lambda: (func.coalesce(Need.opened_at, Need.created_at), Need.id),
    "urgency": lambda: (
        case(*((Need.urgency == u, level) for u, level in loading.URGENCY_LEVEL.items())).desc(),
        Need.id,
    ),
}


def waiting_by_community(user: User) -> list[tuple[Community, int]]:
    """The communities in ``user``'s scope with proposals waiting, and how many needs each
    has, by name."""
    counts = (
        _needs_waiting_in_scope(user, Resident.community_id, func.count(Need.id).label("needs"))
        .group_by(Resident.community_id)
        .subquery()
    )
    statement = (
        select(Community, counts.c.needs)
        .join(counts, counts.c.community_id == Community.id)
        .order_by(Community.name, Community.id)
    )
    return [(community, needs) for community, needs in db.session.execute(statement)]


def _waiting_needs(user: User, community_id: int | None, *columns):
    statement = _needs_waiting_in_scope(user, Need.id, *columns)
    if community_id is not None:
        statement = statement.where(Resident.community_id == community_id)
    return statement


def _waiting_order(sort: str) -> tuple:
    return WAITING_ORDERS.get(sort, WAITING_ORDERS["score"])()


def waiting_needs(
    user: User, *, sort: str = "score", community_id: int | None = None, page=(0, None)
) -> list[int]:
    """The ids of needs with proposals waiting in ``user``'s communities (or in
    ``community_id`` of them), in the order ``sort`` names (best score first): from the
    ``page``'s (offset, limit) on."""
    offset, limit = page
    statement = _waiting_needs(user, community_id).order_by(*_waiting_order(sort))
    return list(db.session.scalars(statement.offset(offset).limit(limit)))


def waiting_position(
    user: User, need_id: int, *, sort: str = "score", community_id: int | None = None
) -> int | None:
    """Where need ``need_id`` stands (from 0) in ``waiting_needs(user, sort=…,
    community_id=…)``; None when it has nothing waiting there."""
    number = func.row_number().over(order_by=_waiting_order(sort)).label("number")
    numbered = _waiting_needs(user, community_id, number).subquery()
    found = db.session.scalar(select(numbered.c.number).where(numbered.c.id == need_id))
    return None if found is None else found - 1


def waiting_proposals_of(need_ids: list[int]) -> list[tuple[Need, list[Proposal]]]:
    """The waiting proposals of ``need_ids``, grouped by need in that order (best rank
    first), with what the proposals page shows of them loaded together."""
    statement = (
        select(Proposal)
        .where(Proposal.need_id.in_(need_ids), Proposal.status == ProposalStatus.PROPOSED)
        .order_by(Proposal.need_id, Proposal.rank, Proposal.id)
        .options(
            joinedload(Proposal.need).joinedload(Need.resident).joinedload(Resident.community),
            joinedload(Proposal.volunteer).joinedload(Volunteer.user),
        )
    )
    grouped: dict[int, list[Proposal]] = {}
    for proposal in db.session.scalars(statement).unique():
        grouped.setdefault(proposal.need_id, []).append(proposal)
    # a need decided meanwhile (by someone else) has none left: it is not shown
    return [(grouped[i][0].need, grouped[i]) for i in need_ids if i in grouped]
