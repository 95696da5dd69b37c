"""The staff's list of their communities' wishes beyond the review and delivery queues
(/wishes/review, "Other wishes"): filtered by state and by a title or a resident's name, a
page at a time, so that any wish — an old claimed one to follow up, a published one to
withdraw — is a search away. The page names residents, so each view is one audit entry
(DESIGN §8), as the resident, need and pairing lists are."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_

from ..accounts.models import User
from ..core.audit_details import status_search_reading
from ..core.listing import choice_arg, page_url, paginate, search_text
from ..registry.listing import audit_list_view
from ..registry.models import Resident
from . import services
from .labels import WISH_STATUS_LABELS
from .models import MicroWish, WishStatus

PAGE_SIZE = 25
#: the default: every state the two queues above it do not show
OTHERS = "others"
EVERY = "all"
#: what the queues above the list hold, so the default leaves them out
QUEUED = (*services.REVIEW_STATES, WishStatus.DELIVERED)
STATUS_CHOICES = {
    OTHERS: _l("Not waiting for you"),
    **{s.value: WISH_STATUS_LABELS[s] for s in WishStatus},
    EVERY: _l("All"),
}


def status_arg() -> str:
    """The state filter from the query string; anything unknown is the default."""
    return choice_arg("status", STATUS_CHOICES, OTHERS)


def filtered_wishes(user: User, status: str, q: str) -> Select:
    """``user``'s communities' wishes in ``status`` with ``q`` in the title or the
    resident's name, newest first."""
    statement = services.wishes_visible_to(user)
    if status == OTHERS:
        statement = statement.where(MicroWish.status.not_in(QUEUED))
    elif status != EVERY:
        statement = statement.where(MicroWish.status == WishStatus(status))
    if q:  # wishes_visible_to joins the resident
        statement = statement.where(
            or_(
                MicroWish.title.contains(q, autoescape=True),
                Resident.name.contains(q, autoescape=True),
            )
        )
    return statement.order_by(MicroWish.id.desc())


def wish_list(user: User) -> dict:
    """The list's rows, paging and filters for the template; the view is audited."""
    status, q = status_arg(), search_text(limit=50)
    rows, total, page, last_page = paginate(filtered_wishes(user, status, q), PAGE_SIZE)
    filters = {"q": q, "status": status}
    audit_list_view(user, "view_wish_list", filters, page)
    return {
        "recent": rows,
        "total": total,
        "page": page,
        "last_page": last_page,
        "page_url": lambda n: page_url(n, anchor="recent-heading"),  # below the queues
        "filters": filters,
        "status_choices": STATUS_CHOICES,
    }


status_search_reading("view_wish_list", STATUS_CHOICES)
