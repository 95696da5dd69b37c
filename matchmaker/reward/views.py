"""Hours and stars for volunteers, the public honour roll, certificates and their checking."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Role
from ..accounts.permissions import community_ids_visible_to, is_staff, roles_required
from ..core.events import InvalidTransition
from ..core.nav import role_link
from ..core.types import utcnow
from ..extensions import db
from ..recruit.models import Volunteer
from ..recruit.services import volunteer_of
from . import services
from .forms import CertificateForm, HonourForm, RevokeForm, star_label
from .models import Certificate
from .pdf import certificate_pdf

bp = Blueprint("reward", __name__)
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
role_link(
    "reward.me",
    _l("My hours and stars"),
    _l("Your verified service hours by month, your star level and service certificates."),
    Role.VOLUNTEER,
)
role_link(
    "reward.certificates",
    _l("Service certificates"),
    _l("Certificates issued to volunteers of your communities; revoke one if needed."),
    *STAFF,
)


def _my_volunteer() -> Volunteer:
    volunteer = volunteer_of(current_user)
    if volunteer is None:
        abort(404)
    return volunteer


def _me_page(volunteer, status=200, honour_form=None, certificate_form=None):
    profile = services.profile_of(volunteer.id)
    if honour_form is None:
        honour_form = HonourForm(
            formdata=None, opt_in=profile.honour_opt_in, display_name=profile.display_name
        )
    minutes = services.verified_minutes(volunteer.id)
    return render_template(
        "reward/me.html",
        minutes=minutes,
        progress=services.progress(minutes),
        months=services.hours_by_month(volunteer.id),
        certificates=services.certificates_of(volunteer.id),
        honour_form=honour_form,
        certificate_form=certificate_form or CertificateForm(formdata=None),
        star_label=star_label,
    ), status


@bp.route("/reward/me")
@roles_required(Role.VOLUNTEER)
def me():
    volunteer = _my_volunteer()
    page = _me_page(volunteer)
    db.session.commit()  # the profile row, made on first visit
    return page


@bp.route("/reward/me/honour-roll", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def honour():
    volunteer = _my_volunteer()
    form = HonourForm()
    if not form.validate_on_submit():
        return _me_page(volunteer, 422, honour_form=form)
    services.set_honour_roll(
        volunteer,
        opt_in=form.opt_in.data,
        display_name=form.display_name.data or "",
        by=current_user,
    )
    db.session.commit()
    flash(
        _("You are on the honour roll as %(name)s.", name=form.display_name.data.strip())
        if form.opt_in.data
        else _("You are not shown on the honour roll."),
        "success",
    )
    return redirect(url_for("reward.me"))


@bp.route("/reward/certificates", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def request_certificate():
    volunteer = _my_volunteer()
    form = CertificateForm()
    if not form.validate_on_submit():
        return _me_page(volunteer, 422, certificate_form=form)
    try:
        certificate = services.issue_certificate(
            volunteer,
            start=form.period_start.data,
            end=form.period_end.data,
            by=current_user,
            now=utcnow(),
        )
    except ValueError:
        db.session.rollback()
        form.period_end.errors = [_("The period must end today or earlier.")]
        return _me_page(volunteer, 422, certificate_form=form)
    except services.NoHours:
        db.session.rollback()
        form.period_start.errors = [_("You have no verified service hours in this period.")]
        return _me_page(volunteer, 422, certificate_form=form)
    db.session.commit()
    flash(_("Certificate issued; its code is %(code)s.", code=certificate.code), "success")
    return redirect(url_for("reward.me"))


def _can_manage(certificate: Certificate) -> bool:
    if not is_staff(current_user):
        return False
    scope = community_ids_visible_to(current_user)
    return scope is None or certificate.volunteer.community_id in scope


@bp.route("/reward/certificates/<code>.pdf")
@roles_required(Role.VOLUNTEER, *STAFF)
def certificate_file(code: str):
    certificate = services.certificate_by_code(code)
    if certificate is None or not (
        certificate.volunteer.user_id == current_user.id or _can_manage(certificate)
    ):
        abort(404)
    body = certificate_pdf(
        certificate,
        verify_url=url_for("reward.verify", code=certificate.code, _external=True),
        issuer=_("District disability federation volunteer service"),
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{certificate.code}.pdf"'
        },
    )


def _certificates_page(status=200, forms=None):
    statement = select(Certificate).join(Certificate.volunteer)
    scope = community_ids_visible_to(current_user)
    if scope is not None:
        statement = statement.where(Volunteer.community_id.in_(sorted(scope) or [0]))
    rows = db.session.scalars(statement.order_by(Certificate.issued_at.desc()).limit(200)).all()
    return render_template(
        "reward/certificates.html",
        certificates=rows,
        forms=forms or {},
        revoke_form=lambda cid: RevokeForm(formdata=None, prefix=f"c{cid}"),
        star_label=star_label,
    ), status


@bp.route("/reward/certificates")
@roles_required(*STAFF)
def certificates():
    return _certificates_page()


@bp.route("/reward/certificates/<code>/revoke", methods=["POST"])
@roles_required(*STAFF)
def revoke(code: str):
    certificate = services.certificate_by_code(code)
    if certificate is None or not _can_manage(certificate):
        abort(404)
    form = RevokeForm(prefix=f"c{certificate.id}")
    if not form.validate_on_submit():
        return _certificates_page(422, {certificate.id: form})
    try:
        services.revoke_certificate(
            certificate, by=current_user, reason=form.reason.data.strip(), now=utcnow()
        )
    except InvalidTransition:
        db.session.rollback()
        flash(_("This certificate was already revoked."), "error")
        return _certificates_page(409)
    db.session.commit()
    flash(_("Certificate %(code)s revoked.", code=certificate.code), "success")
    return redirect(url_for("reward.certificates"))


@bp.route("/reward/honour-roll")
def honour_roll():
    return render_template(
        "reward/honour_roll.html", profiles=services.honour_roll(), star_label=star_label
    )


@bp.route("/certificates")
def lookup():
    """Anyone types a code from a certificate and is sent to its verification page."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("reward.verify", code=services.normalise_code(code)))
    return render_template("reward/lookup.html")


@bp.route("/certificates/<code>")
def verify(code: str):
    certificate = services.certificate_by_code(code)
    if certificate is None:
        return render_template("reward/unknown.html", code=code), 404
    return render_template("reward/verify.html", certificate=certificate, star_label=star_label)
