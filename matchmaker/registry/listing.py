"""Helpers shared by the registry's staff lists: paging, filters, the staff's communities."""

from flask import request
from sqlalchemy import select

from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community
from ..core.audit import audit
from ..core.listing import page_url  # noqa: F401 - the registry's views import it here
from ..core.listing import paginate as core_paginate
from ..extensions import db
from .privacy import id_in_range

PAGE_SIZE = 25


def paginate(statement, page_size: int = PAGE_SIZE):
    """The registry's lists page by PAGE_SIZE (see core.listing.paginate)."""
    return core_paginate(statement, page_size)


def communities_in_scope(user) -> list[Community]:
    ids = community_ids_visible_to(user)
    statement = select(Community).order_by(Community.street_id, Community.id)
    if ids is not None:
        statement = statement.where(Community.id.in_(sorted(ids) or [-1]))
    return list(db.session.scalars(statement))


def int_arg(name: str) -> int | None:
    """A query-string id, or None when absent, not a number or out of any id's range."""
    return id_in_range(request.args.get(name, type=int))


def audit_list_view(user, action: str, filters: dict, page: int) -> None:
    """One audit entry per staff list shown: a page of residents' names, phones or needs is
    a view of those records (DESIGN §8). The detail names the filters and the page."""
    shown = " ".join(f"{key}={value}" for key, value in filters.items() if value)
    audit(user, action, detail=f"{shown} page={page}".strip())
