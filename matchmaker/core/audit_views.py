"""The audit log for administrators (/admin/audit, DESIGN §8): who viewed which resident
record, exported what, changed whose roles — newest first, filtered by person, action, day
and resident record (from a resident's page: who has seen this record).

Subjects are shown by kind and number with a link, never by a resident's name: the log
answers "who looked", and opening the record is itself audited.
"""

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, ValidationError

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..extensions import db
from .audit_details import audit_detail
from .forms import SiteForm, date_field, strip_text
from .i18n import local_zone
from .listing import page_url, paginate
from .models import AuditEntry
from .nav import role_link
from .types import id_in_range

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
role_link(
    "audit.index",
    _l("Audit log"),
    _l("Who viewed which resident record, exported data or changed roles, and when."),
    Role.ADMIN,
)
PAGE_SIZE = 50

#: What each recorded action means; an action missing here is shown as recorded.
ACTION_LABELS = {
    "view_resident": _l("Viewed a resident record"),
    "view_resident_list": _l("Viewed the resident list"),
    "view_need_list": _l("Viewed the needs list"),
    "view_pairing_list": _l("Viewed the pairings list"),
    "view_wish_list": _l("Viewed the micro-wish list"),
    "view_proposals": _l("Viewed the proposals waiting for a decision"),
    "view_supervision": _l("Viewed the supervision dashboard"),
    "view_training_waiting": _l("Viewed the pairings waiting for training"),
    "view_accounts_to_link": _l("Viewed the resident accounts waiting to be linked"),
    "view_account_to_link": _l("Viewed a resident account waiting to be linked"),
    "view_new_wish_form": _l("Viewed the residents listed in the new micro-wish form"),
    "view_user_list": _l("Viewed the list of accounts"),
    "view_account": _l("Viewed a resident's account"),
    "link_account": _l("Linked a resident's account"),
    "unlink_account": _l("Unlinked a resident's account"),
    "export": _l("Exported data"),
    "import_residents": _l("Imported residents"),
    "import_volunteers": _l("Imported volunteers"),
    "reset_password": _l("Reset a password"),
    "grant_role": _l("Granted a role"),
    "revoke_role": _l("Revoked a role"),
    "assign_communities": _l("Assigned communities"),
    "disable_account": _l("Disabled an account"),
    "enable_account": _l("Re-enabled an account"),
    "issue_activation_code": _l("Issued an activation code"),
    "add_place": _l("Added a place"),
    "save_place": _l("Changed a place"),
    "add_catalogue_entry": _l("Added a catalogue entry"),
    "edit_catalogue_entry": _l("Changed a catalogue entry"),
    "save_course": _l("Saved a course"),
}
SUBJECT_LABELS = {
    "resident": _l("Resident"),
    "user": _l("Account"),
    "course": _l("Course"),
    "district": _l("District"),
    "street": _l("Street"),
    "community": _l("Community"),
    "skill": _l("Skill"),
    "language": _l("Language"),
}
#: where a subject can be opened (endpoint, its id argument)
SUBJECT_LINKS = {
    "resident": ("registry.resident", "resident_id"),
    "user": ("admin.edit_user", "user_id"),
    "course": ("train.course", "course_id"),
}


class AuditFilter(SiteForm):
    class Meta:
        csrf = False  # read from the query string; it changes nothing

    who = SearchField(
        _l("Who (name or e-mail)"),
        filters=[strip_text],
        validators=[Length(max=100, message=_l("At most 100 characters."))],
    )
    action = SelectField(
        _l("Action"),
        choices=[SelectChoice("", _l("All actions"))]
        + [SelectChoice(key, label) for key, label in ACTION_LABELS.items()],
        validate_choice=False,
    )
    #: checked by validate_resident alone, so a wrong number gets one message, not two
    resident = SearchField(
        _l("Resident record no."), filters=[strip_text], render_kw={"inputmode": "numeric"}
    )
    start = date_field(_l("From"))
    end = date_field(_l("To"))

    def validate_action(self, field):
        if field.data and field.data not in ACTION_LABELS:
            raise ValidationError(_l("Choose an action from the list."))

    def validate_resident(self, field):
        if field.data and (not field.data.isdecimal() or id_in_range(int(field.data)) is None):
            raise ValidationError(_l("Enter a record number (digits only)."))

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


def _day_start(day) -> datetime:
    return datetime.combine(day, time(), tzinfo=local_zone()).astimezone(UTC)


def entries(form: AuditFilter):
    """``select(AuditEntry)`` for the form's filters, newest first."""
    statement = select(AuditEntry).outerjoin(User, AuditEntry.actor_id == User.id)
    who = form.who.data or ""
    if who:
        pattern = f"%{who}%"
        statement = statement.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    if form.action.data:
        statement = statement.where(AuditEntry.action == form.action.data)
    if form.resident.data:
        statement = statement.where(
            AuditEntry.subject_type == "resident", AuditEntry.subject_id == int(form.resident.data)
        )
    if form.start.data:
        statement = statement.where(AuditEntry.at >= _day_start(form.start.data))
    if form.end.data:
        statement = statement.where(AuditEntry.at < _day_start(form.end.data + timedelta(days=1)))
    return statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    form = AuditFilter(formdata=request.args)
    if not form.validate():
        # the message and the form as typed; no search, so no list that looks like its result
        return render_template("admin/audit.html", form=form, searched=False), 400
    rows, total, page, last_page = paginate(entries(form), PAGE_SIZE)
    ids = {entry.actor_id for entry in rows}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return render_template(
        "admin/audit.html",
        form=form,
        searched=True,
        entries=rows,
        actors=actors,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        action_labels=ACTION_LABELS,
        subject_labels=SUBJECT_LABELS,
        subject_links=SUBJECT_LINKS,
        audit_detail=audit_detail,
    )
