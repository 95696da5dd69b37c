"""Paging for staff lists: one count, one page of rows, links that keep the filters."""

from flask import request, url_for
from sqlalchemy import func, select

from ..extensions import db


def paginate(statement, page_size: int, page: int | None = None):
    """(rows, total, page, last_page) for ``statement``; any bad page number is clamped.

    :param page: the page to show; by default the query string's ``page``.
    """
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    last_page = max(1, -(-total // page_size))
    if page is None:
        page = request.args.get("page", 1, type=int) or 1
    page = min(max(1, page), last_page)
    rows = db.session.scalars(statement.limit(page_size).offset((page - 1) * page_size)).all()
    return rows, total, page, last_page


def page_url(page: int, anchor: str | None = None, endpoint: str | None = None) -> str:
    """This list's address with its filters kept, at another page (at ``anchor``: a list
    below other sections). ``endpoint`` names the list where an action's refusal shows it."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(endpoint or request.endpoint, **args, _anchor=anchor)


def choice_arg(name: str, choices, default: str) -> str:
    """A filter from the query string that must be one of ``choices``; anything else is the
    default (a hand-edited address shows the usual list, not an error)."""
    value = request.args.get(name) or ""
    return value if value in choices else default


def search_text(name: str = "q", limit: int = 100) -> str:
    """A free-text search from the query string: trimmed, at most ``limit`` characters (NUL
    characters are already out: ``core.requests``)."""
    return (request.args.get(name) or "").strip()[:limit]
