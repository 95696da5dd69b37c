"""Changing a need (/needs/<id>/edit): staff until it is matched, the resident while it waits
for review. The need keeps its waiting time and history; the change is recorded."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.models import Role
from ..accounts.permissions import is_staff
from ..core.audit import audit
from ..core.events import InvalidTransition
from ..core.forms import catalogue_choices
from ..core.i18n import current_locale
from ..core.listing import record_url
from ..core.types import id_in_range
from ..extensions import db
from . import linking, need_status_views, need_views
from .forms import NeedForm, ResidentNeedForm
from .labels import template_labels
from .models import Need, NeedStatus, ServiceType
from .need_edits import EDITABLE_STATES, RESIDENT_EDITABLE_STATES, edit_need
from .privacy import need_or_404

bp = Blueprint("need_edit", __name__)
bp.context_processor(template_labels)


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit(need_id: int):
    if is_staff(current_user):
        return _staff_edit(need_or_404(current_user, need_id))
    if current_user.has_role(Role.RESIDENT):
        return _resident_edit(need_id)
    abort(403)


def _saved(changed: list[str]):
    db.session.commit()
    if changed:
        flash(_("Your changes are saved."), "success")
    else:
        flash(_("Nothing was changed."), "info")


def _staff_edit(need: Need):
    if need.status not in EDITABLE_STATES:
        return need_status_views.refused(need)
    skills = need_views.active_skills()
    skills += [s for s in need.skills if s not in skills]  # a retired skill stays choosable
    form = NeedForm(
        data={
            "service_type": need.service_type.value,
            "skills": [str(s.id) for s in need.skills],
            "availability": need.availability,
            "urgency": need.urgency.value,
            "home_visit": need.home_visit,
            "gender_preference": need.gender_preference.value if need.gender_preference else "any",
            "notes": need.notes,
        }
    )
    form.opening = need.status is NeedStatus.OPEN
    form.skills.choices = catalogue_choices(skills, current_locale())
    if form.validate_on_submit():
        try:
            changed = edit_need(need, by=current_user, **need_views.need_fields(form, skills))
        except InvalidTransition:
            return need_status_views.refused(need)
        _saved(changed)
        return redirect(record_url("needs.detail", "needs.index", need_id=need.id))
    # The form names the resident: showing it is a view of their record (DESIGN §8).
    audit(current_user, "view_resident", need.resident, detail=f"need {need.id}")
    db.session.commit()
    status = 422 if form.errors else 200
    return render_template(
        "registry/need_form.html", form=form, resident=need.resident, need=need
    ), status


def _too_late():
    db.session.rollback()
    flash(
        _(
            "Your social worker has already checked this request, so it cannot be changed "
            "here any more. Please tell them what should change."
        ),
        "error",
    )
    return need_views.mine(), 409


def _resident_edit(need_id: int):
    resident = linking.resident_of(current_user)
    need = db.session.get(Need, need_id) if id_in_range(need_id) else None
    if resident is None or need is None or need.resident_id != resident.id:
        abort(404)
    if need.status not in RESIDENT_EDITABLE_STATES:
        return _too_late()
    form = ResidentNeedForm(
        data={
            "service_type": need.service_type.value,
            "notes": need.notes,
            "availability": need.availability,
            "home_visit": "yes" if need.home_visit else "no",
        }
    )
    if form.validate_on_submit():
        try:
            changed = edit_need(
                need,
                by=current_user,
                states=RESIDENT_EDITABLE_STATES,
                why="changed by the resident",
                service_type=ServiceType(form.service_type.data),
                notes=form.notes.data,
                availability=form.availability.mask,
                home_visit=form.home_visit.data == "yes",
            )
        except InvalidTransition:
            return _too_late()
        _saved(changed)
        return redirect(url_for("needs.mine"))
    status = 422 if form.errors else 200
    return render_template("registry/need_request.html", form=form, need=need), status
