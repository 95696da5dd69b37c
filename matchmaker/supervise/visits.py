"""The visits on a pairing page, a page at a time and newest first.

A year of weekly visits is well over a hundred logs, each with its rating form: all on one
page, a phone scrolls for metres. Whoever acts on a visit (rates, verifies, rejects,
approves a change) comes back to the page of visits that shows it, at its heading.
"""

from flask import url_for
from sqlalchemy import Select, and_, func, or_, select

from ..core.listing import paginate
from ..extensions import db
from ..match.models import Pairing
from .models import ServiceLog

#: visits on one page of a pairing
PAGE_SIZE = 20


def logs_of(pairing: Pairing) -> Select:
    """The pairing's logs, newest first; the id settles two with the same start, so that a
    visit is on one page only."""
    return (
        select(ServiceLog)
        .where(ServiceLog.pairing_id == pairing.id)
        .order_by(
            ServiceLog.service_date.desc(), ServiceLog.start_time.desc(), ServiceLog.id.desc()
        )
    )


def page_of(log: ServiceLog) -> int:
    """The page of its pairing's visits that shows ``log``."""
    newer = or_(
        ServiceLog.service_date > log.service_date,
        and_(
            ServiceLog.service_date == log.service_date,
            or_(
                ServiceLog.start_time > log.start_time,
                and_(ServiceLog.start_time == log.start_time, ServiceLog.id > log.id),
            ),
        ),
    )
    before = db.session.scalar(
        select(func.count(ServiceLog.id)).where(ServiceLog.pairing_id == log.pairing_id, newer)
    )
    return before // PAGE_SIZE + 1


def visits_page(pairing: Pairing, at: ServiceLog | None = None):
    """(logs, total, page, last_page): the page showing ``at`` if given, else the page the
    query string asks for."""
    return paginate(logs_of(pairing), PAGE_SIZE, page=page_of(at) if at is not None else None)


def page_url(pairing_id: int, page: int, back: str | None = None) -> str:
    """Another page of a pairing's visits, at the visits' heading; ``back``: the list of
    pairings it was opened from (core.listing.back_to), which its "Back to" link keeps."""
    return url_for(
        "supervise.pairing",
        pairing_id=pairing_id,
        page=page if page > 1 else None,
        back=back,
        _anchor="logs-heading",
    )


def url_of(log: ServiceLog, *, done: bool = False, back: str | None = None) -> str:
    """The pairing page showing ``log``, at its heading; ``done``: an action on it just
    succeeded, and its card repeats the message (the page's own is scrolled away); ``back``
    as for ``page_url``."""
    page = page_of(log)
    return url_for(
        "supervise.pairing",
        pairing_id=log.pairing_id,
        page=page if page > 1 else None,
        done=log.id if done else None,
        back=back,
        _anchor=f"log-{log.id}",
    )
