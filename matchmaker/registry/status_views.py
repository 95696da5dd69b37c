"""The resident's staff page, and making the record inactive or active again (DESIGN §11)."""

from flask import Blueprint, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.permissions import roles_required
from ..core.audit import audit
from ..core.events import InvalidTransition, history
from ..core.listing import record_url
from ..extensions import db
from ..supervise.labels import PAIRING_STATUS_LABELS
from ..wishes.labels import WISH_STATUS_LABELS
from . import status
from .account_forms import UnlinkAccountForm
from .forms import INACTIVE_STORED, ActionForm, InactiveForm
from .labels import template_labels
from .models import Resident, ResidentStatus
from .pairings import pairings_of_resident
from .privacy import STAFF, resident_or_404

bp = Blueprint("resident_status", __name__)
bp.context_processor(template_labels)


def render_resident(resident: Resident, *, code: int = 200, inactive_form=None, unlink_form=None):
    """The resident's page: details, needs and their pairings, what an inactive record still
    has open, history.

    Every showing of the page is a view of the record, written to the audit log (DESIGN §8).
    """
    events = history(resident)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    actors = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    inactive = resident.status is ResidentStatus.INACTIVE
    open_pairings = status.open_pairings_of(resident) if inactive else []
    page_html = render_template(
        "registry/resident.html",
        resident=resident,
        events=events,
        actors=actors,
        inactive_form=inactive_form or InactiveForm(formdata=None),
        unlink_form=unlink_form or UnlinkAccountForm(formdata=None, prefix="unlink"),
        action_form=ActionForm(formdata=None),
        pairing_status_labels=PAIRING_STATUS_LABELS,
        wish_status_labels=WISH_STATUS_LABELS,
        open_pairings=open_pairings,
        # those an inactive record still has open are listed with the way to end them
        pairings=[p for p in pairings_of_resident(resident) if p not in open_pairings],
        held_wishes=status.held_wishes_of(resident) if inactive else [],
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_resident", resident)
    db.session.commit()
    return page_html, code


def to_resident(resident: Resident):
    """The resident's page after a change made on it, leading back to the list it was
    opened from."""
    return redirect(record_url("registry.resident", "registry.residents", resident_id=resident.id))


def _conflict(resident_id: int):
    db.session.rollback()
    flash(_("Someone else changed this record's status just now; see where it stands."), "error")
    return render_resident(db.session.get(Resident, resident_id), code=409)


@bp.route("/residents/<int:resident_id>/inactive", methods=["POST"])
@roles_required(*STAFF)
def mark_inactive(resident_id: int):
    resident = resident_or_404(current_user, resident_id)
    if resident.status is not ResidentStatus.ACTIVE:
        return _conflict(resident_id)
    form = InactiveForm()
    if not form.validate_on_submit():
        return render_resident(resident, code=422, inactive_form=form)
    why = INACTIVE_STORED[form.reason.data]
    if form.note.data:
        why = f"{why}: {form.note.data}"
    try:
        outcome = status.mark_inactive(resident, by=current_user, why=why)
    except InvalidTransition:
        return _conflict(resident_id)
    db.session.commit()
    flash(_("The record of %(name)s is now inactive.", name=resident.name), "success")
    if outcome.closed_needs or outcome.withdrawn_wishes:
        flash(
            _(
                "Closed needs: %(needs)d. Withdrawn micro-wishes: %(wishes)d.",
                needs=len(outcome.closed_needs),
                wishes=len(outcome.withdrawn_wishes),
            ),
            "info",
        )
    if outcome.held_wishes:
        flash(
            ngettext(
                "%(num)d micro-wish is held by a donor's claim and was left alone; "
                "follow it up on the micro-wish review page.",
                "%(num)d micro-wishes are held by donors' claims and were left alone; "
                "follow them up on the micro-wish review page.",
                len(outcome.held_wishes),
            ),
            "info",
        )
    if outcome.open_pairings:
        flash(
            ngettext(
                "%(num)d pairing is still in place: end it on its supervision page.",
                "%(num)d pairings are still in place: end each on its supervision page.",
                len(outcome.open_pairings),
            ),
            "info",
        )
    return to_resident(resident)


@bp.route("/residents/<int:resident_id>/reactivate", methods=["POST"])
@roles_required(*STAFF)
def reactivate(resident_id: int):
    resident = resident_or_404(current_user, resident_id)
    if not ActionForm().validate_on_submit():
        return render_resident(resident, code=400)
    try:
        status.reactivate(resident, by=current_user)
    except InvalidTransition:
        return _conflict(resident_id)
    db.session.commit()
    flash(_("The record of %(name)s is active again.", name=resident.name), "success")
    return to_resident(resident)
