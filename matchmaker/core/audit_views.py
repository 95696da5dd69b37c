"""The audit log for administrators (/admin/audit, DESIGN §8): who viewed which resident
record, exported what, changed whose roles — newest first, filtered by person, action, day
and resident (by name or record number; from a resident's page: who has seen this record).

A resident or an account is shown by kind, number and name, as the administrator reads them
on the resident and account lists; the log is there to answer a resident who asks "who has
seen my details?", which starts from their name.
"""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, ValidationError

from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..extensions import db
from .audit import audit
from .audit_details import audit_detail, detail_pattern
from .audit_log import (
    RESIDENT_TEXT_MAX,
    entries,
    is_record_number,
    record_number,
    resident_filter,
    subject_names,
)
from .forms import SiteForm, date_field, strip_text
from .listing import page_url, paginate
from .nav import role_link

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
role_link(
    "audit.index",
    _l("Audit log"),
    _l("Who viewed which resident record, exported data or changed roles, and when."),
    Role.ADMIN,
)
PAGE_SIZE = 50
detail_pattern(
    "view_audit_log",
    r"residents=(?P<n>\d+)",
    lambda parts: ngettext("%(num)d resident named", "%(num)d residents named", int(parts["n"])),
)

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
    "view_audit_log": _l("Viewed residents' names in the audit log"),
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
    #: a record number ("74" or "#74") or part of a resident's name; checked by
    #: validate_resident alone, so a wrong value gets one message, not two
    resident = SearchField(_l("Resident (name or record number)"), filters=[strip_text])
    start = date_field(_l("From"))
    end = date_field(_l("To"))

    def validate_action(self, field):
        if field.data and field.data not in ACTION_LABELS:
            raise ValidationError(_l("Choose an action from the list."))

    def validate_resident(self, field):
        if len(field.data or "") > RESIDENT_TEXT_MAX:
            raise ValidationError(_l("At most 50 characters."))
        number = record_number(field.data or "")
        if number is not None and not is_record_number(number):
            raise ValidationError(_l("No resident has that record number."))

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    form = AuditFilter(formdata=request.args)
    if not form.validate():
        # the message and the form as typed; no search, so no list that looks like its result
        return render_template("admin/audit.html", form=form, searched=False), 400
    resident, named = resident_filter(current_user, form.resident.data or "")
    statement = entries(
        who=form.who.data or "",
        action=form.action.data or "",
        resident=resident,
        start=form.start.data,
        end=form.end.data,
    )
    rows, total, page, last_page = paginate(statement, PAGE_SIZE)
    ids = {entry.actor_id for entry in rows}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    names = subject_names(rows)
    page_html = render_template(
        "admin/audit.html",
        form=form,
        searched=True,
        entries=rows,
        actors=actors,
        names=names,
        named=named,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        action_labels=ACTION_LABELS,
        subject_labels=SUBJECT_LABELS,
        subject_links=SUBJECT_LINKS,
        audit_detail=audit_detail,
    )
    # the page names residents: reading it is a view of them too (DESIGN §8), audited after
    # rendering, as the commit would expire every row the page reads
    named_residents = sum(kind == "resident" for kind, _number in names)
    if named_residents:
        audit(current_user, "view_audit_log", detail=f"residents={named_residents}")
        db.session.commit()
    return page_html
