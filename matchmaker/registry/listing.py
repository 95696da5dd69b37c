"""Helpers shared by the registry's staff lists: paging, filters, the staff's communities."""

from flask import request, url_for
from sqlalchemy import func, select

from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community
from ..extensions import db
from .privacy import id_in_range

PAGE_SIZE = 25


def paginate(statement, page_size: int = PAGE_SIZE):
    """(rows, total, page, last_page) for ``statement``; any bad page number is clamped."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    last_page = max(1, -(-total // page_size))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), last_page)
    rows = db.session.scalars(statement.limit(page_size).offset((page - 1) * page_size)).all()
    return rows, total, page, last_page


def page_url(page: int) -> str:
    """This list's address with its filters kept, at another page."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(request.endpoint, **args)


def communities_in_scope(user) -> list[Community]:
    ids = community_ids_visible_to(user)
    statement = select(Community).order_by(Community.street_id, Community.id)
    if ids is not None:
        statement = statement.where(Community.id.in_(sorted(ids) or [-1]))
    return list(db.session.scalars(statement))


def int_arg(name: str) -> int | None:
    """A query-string id, or None when absent, not a number or out of any id's range."""
    return id_in_range(request.args.get(name, type=int))
