"""The staff's list of the pairings of their communities (/supervise/pairings): filtered by
status (those not ended, by default) and by a resident's or volunteer's name, a page at a
time. Each page shown names residents, so it is one audit entry (DESIGN §8), as the
resident and need lists are."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_

from ..accounts.models import User
from ..core.audit_details import status_search_reading
from ..core.listing import choice_arg, page_url, paginate, search_text
from ..extensions import db
from ..match.models import OPEN_PAIRING_STATES, Pairing, PairingStatus
from ..recruit.models import Volunteer
from ..registry.labels import template_labels as registry_labels
from ..registry.listing import PAGE_SIZE, audit_list_view
from ..registry.models import Resident
from .labels import PAIRING_STATUS_LABELS, template_labels
from .services import staff_pairings

#: the default: confirmed, active and suspended pairings, those a social worker follows up
NOT_ENDED = "open"
EVERY = "all"
#: the status filter's choices, value → label, in the order the form offers them
STATUS_CHOICES = {
    NOT_ENDED: _l("Not ended"),
    **{status.value: label for status, label in PAIRING_STATUS_LABELS.items()},
    EVERY: _l("All"),
}


def status_arg() -> str:
    """The status filter from the query string; anything unknown is the default."""
    return choice_arg("status", STATUS_CHOICES, NOT_ENDED)


def filtered_pairings(user: User, status: str, q: str) -> Select:
    """``user``'s pairings (their communities only) in ``status``, with ``q`` in the resident's
    or the volunteer's name, newest first."""
    statement = staff_pairings(user).join(Pairing.volunteer).join(Volunteer.user)
    if status == NOT_ENDED:
        statement = statement.where(Pairing.status.in_(OPEN_PAIRING_STATES))
    elif status != EVERY:
        statement = statement.where(Pairing.status == PairingStatus(status))
    if q:
        statement = statement.where(
            or_(Resident.name.contains(q, autoescape=True), User.name.contains(q, autoescape=True))
        )
    return statement.order_by(Pairing.confirmed_at.desc(), Pairing.id.desc())


def render_staff_list(user: User):
    """The list page for a social worker or administrator; the view is audited."""
    status, q = status_arg(), search_text(limit=50)
    rows, total, page, last_page = paginate(filtered_pairings(user, status, q), PAGE_SIZE)
    filters = {"q": q, "status": status}
    page_html = render_template(
        "supervise/pairings.html",
        pairings=rows,
        staff=True,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        filters=filters,
        status_choices=STATUS_CHOICES,
        **template_labels(),
        **registry_labels(),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit_list_view(user, "view_pairing_list", filters, page)  # it shows residents' names
    db.session.commit()
    return page_html


status_search_reading("view_pairing_list", STATUS_CHOICES)
