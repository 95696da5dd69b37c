"""The public transparency page (/transparency) and the staff's exports (/reports/exports)."""

from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..core.i18n import local_zone
from ..core.nav import role_link
from ..core.spreadsheets import xlsx_download
from ..core.types import utcnow
from ..extensions import db
from . import services
from .exports import EXPORTS, export_workbook
from .forms import ExportForm, TransparencyFilter

bp = Blueprint("reports", __name__)
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)

role_link(
    "reports.exports",
    _l("Exports"),
    _l("Volunteer roster, service hours, pairings and wishes as Excel files."),
    *STAFF,
)


@bp.route("/transparency")
def transparency():
    districts = services.districts()
    form = TransparencyFilter(districts, formdata=request.args or None)
    ok = form.validate() if request.args else True
    district = int(form.district.data) if ok and form.district.data else None
    months = int(form.months.data) if ok else services.DEFAULT_MONTHS
    figures = services.transparency(district_id=district, months=months, now=utcnow())
    chosen = next((d for d in districts if d.id == district), None)
    page = render_template("reports/transparency.html", form=form, figures=figures, district=chosen)
    return page, (200 if ok else 400)


@bp.route("/reports/exports")
@roles_required(*STAFF)
def exports():
    today = utcnow().astimezone(local_zone()).date()
    submitted = "kind" in request.args
    form = ExportForm(formdata=request.args if submitted else None)
    if not submitted:
        form.start.data, form.end.data = date(today.year, 1, 1), today
    elif form.validate():
        data, _count = export_workbook(form.kind.data, current_user, form.start.data, form.end.data)
        db.session.commit()  # the audit entry
        export = EXPORTS[form.kind.data]
        period = f"{today:%Y%m%d}"
        if export.dated:
            period = f"{form.start.data:%Y%m%d}-{form.end.data:%Y%m%d}"
        return xlsx_download(data, f"{export.label}-{period}.xlsx", f"{export.key}-{period}.xlsx")
    is_admin = current_user.has_role(Role.ADMIN)
    page = render_template("reports/exports.html", form=form, exports=EXPORTS, is_admin=is_admin)
    return page, (400 if submitted else 200)
