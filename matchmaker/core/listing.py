"""Paging for staff lists: one count, one page of rows, links that keep the filters, and a
record's "Back to" link that returns to the list as it was (filters, order, page)."""

from urllib.parse import urlencode, urlsplit

from flask import request, url_for
from sqlalchemy import func, or_, select

from ..extensions import db
from .safety import safe_next

#: The query argument in which a list's rows carry the list's address to their records' pages.
BACK = "back"
#: A longer address is not carried (the record's page leads to the plain list instead): it
#: keeps record addresses short enough to read aloud, copy or print.
BACK_LIMIT = 500


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


def text_in(text: str, *columns):
    """The condition that ``text`` is part of any of ``columns`` as typed (``%`` and ``_``
    are characters, not wildcards), whatever its case."""
    return or_(*(column.icontains(text, autoescape=True) for column in columns))


def list_address(anchor: str | None = None) -> str | None:
    """This list's address with its filters, order and page (at ``anchor``: a list below other
    sections), for the links of its rows to carry as ``back``. None for the plain list, so
    that its rows' links stay the records' own addresses."""
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != BACK]
    if not pairs:
        return None
    path = url_for(request.endpoint, **(request.view_args or {}))
    address = f"{path}?{urlencode(pairs)}" + (f"#{anchor}" if anchor else "")
    return address if len(address) <= BACK_LIMIT else None


def back_to(endpoint: str, **values) -> str | None:
    """The list address this request carries (``?back=`` from ``list_address``, or a record's
    form's ``back`` field) when it is an address of this site's list ``endpoint``: what the
    record's "Back to" link, its forms and the redirects after them keep. None for anything
    else — another page, another site, a mangled address — so a link someone else made
    cannot send the reader elsewhere."""
    target = safe_next(request.values.get(BACK))
    if not target or len(target) > BACK_LIMIT:
        return None
    # list_address percent-encodes: a space, a control character (a header-splitting newline
    # in a redirect) or a raw non-ASCII letter means someone else made it.
    if not target.isascii() or any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return None
    if urlsplit(target).path != urlsplit(url_for(endpoint, **values)).path:
        return None
    return target


def record_url(endpoint: str, list_endpoint: str, **values) -> str:
    """A record's page (``endpoint``), carrying the list ``list_endpoint`` it was opened from
    when this request carries it (``back_to``): where an action on the record ends, so that
    the page's "Back to" link still leads to the list as it was."""
    return url_for(endpoint, **values, back=back_to(list_endpoint))


def back_url(endpoint: str, **values) -> str:
    """Where a record's "Back to" link leads: the list it was opened from, filters, order and
    page kept (``back_to``), else the plain list ``endpoint``."""
    return back_to(endpoint, **values) or url_for(endpoint, **values)
