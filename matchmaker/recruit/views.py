"""Volunteers apply and keep their profile; social workers review applications."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.activation import CodeRefused, issue_activation_code
from ..accounts.models import Role, User
from ..accounts.permissions import roles_required
from ..accounts.places import Community
from ..accounts.views import CODE_REFUSALS, code_page
from ..core.events import InvalidTransition
from ..core.forms import catalogue_choices, with_held, with_placeholder
from ..core.i18n import current_locale
from ..core.listing import back_url, page_url, paginate, record_url, search_text, text_in
from ..core.nav import review_queue, role_link
from ..core.types import id_in_range
from ..extensions import db
from . import services
from .catalogue import Language, Skill
from .forms import (
    CHECK_LABELS,
    GENDER_LABELS,
    STATUS_LABELS,
    BackgroundCheckForm,
    DecisionForm,
    ReinstateForm,
    SuspendForm,
    VolunteerForm,
)
from .history import volunteer_history
from .models import BackgroundCheck, Volunteer, VolunteerStatus, volunteer_skill

bp = Blueprint("recruit", __name__)
role_link(
    "recruit.me",
    _l("My volunteer profile"),
    _l("Your application, skills, free times and area."),
    Role.VOLUNTEER,
)
role_link(
    "recruit.review",
    _l("Volunteer applications"),
    _l("Review applications from your communities; find volunteers."),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)

review_queue(
    "recruit.review",
    _l("Volunteer applications to review: %(n)d"),
    lambda user: services.count_waiting_applications(user),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)

PAGE_SIZE = 25
LABELS = {
    "status_labels": STATUS_LABELS,
    "check_labels": CHECK_LABELS,
    "gender_labels": GENDER_LABELS,
}


def _volunteer_form(volunteer: Volunteer | None) -> VolunteerForm:
    data = None
    if volunteer is not None:
        data = {
            "community": volunteer.community_id,
            "radius_km": volunteer.radius_km,
            "skills": [str(s.id) for s in volunteer.skills],
            "languages": [str(lang.id) for lang in volunteer.languages],
            "availability": volunteer.availability,
            "gender": volunteer.gender.value if volunteer.gender else None,
            "capacity": volunteer.capacity,
            "background_check_consent": volunteer.background_check_consent,
            "consent": True,
        }
    form = VolunteerForm(data=data)
    locale = current_locale()
    form.community.choices = with_placeholder(
        (c.id, f"{c.street.name} · {c.name}") for c in services.all_communities()
    )
    # An entry switched off since stays on the profile: offered (ticked) so saving keeps it.
    held_skills = volunteer.skills if volunteer else []
    held_languages = volunteer.languages if volunteer else []
    form.skills.choices = catalogue_choices(
        with_held(services.active_skills(), held_skills), locale
    )
    form.languages.choices = catalogue_choices(
        with_held(services.active_languages(), held_languages), locale
    )
    return form


def _profile_from(form: VolunteerForm) -> dict:
    from ..core.types import Gender

    return {
        "community": db.session.get(Community, form.community.data) or abort(400),
        "radius_km": form.radius_km.data,
        "skills": _catalogue_entries(Skill, form.skills.data),
        "languages": _catalogue_entries(Language, form.languages.data),
        "availability": form.availability.mask,
        "gender": Gender(form.gender.data),
        "capacity": form.capacity.data,
        "background_check_consent": form.background_check_consent.data,
    }


def _catalogue_entries(model, ids: list[str]) -> list:
    wanted = [int(i) for i in ids if i.isdigit()]
    return list(db.session.scalars(select(model).where(model.id.in_(wanted)))) if wanted else []


@bp.route("/volunteers/signup", methods=["GET", "POST"])
@login_required
def signup():
    volunteer = services.volunteer_of(current_user)
    if volunteer is not None and volunteer.status is VolunteerStatus.REJECTED:
        # the decision is final (DESIGN §3.1): a saved change would be reviewed by nobody
        if request.method != "POST":
            return redirect(url_for("recruit.me"))
        flash(
            _("Your application was not approved, so your profile can no longer be changed."),
            "error",
        )
        return _my_profile(volunteer, 409)
    form = _volunteer_form(volunteer)
    if form.validate_on_submit():
        profile = _profile_from(form)
        if volunteer is None:
            services.apply(current_user, **profile)
            message = _(
                "Thank you. Your application has been sent to your community's social worker."
            )
        else:
            services.update_profile(volunteer, by=current_user, **profile)
            message = _("Your profile has been saved.")
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("recruit.me"))
    return render_template(
        "recruit/signup.html", form=form, volunteer=volunteer, **LABELS
    ), 422 if form.errors else 200


@bp.route("/volunteers/me")
@login_required
def me():
    volunteer = services.volunteer_of(current_user)
    if volunteer is None:
        return redirect(url_for("recruit.signup"))
    return _my_profile(volunteer)


def _my_profile(volunteer: Volunteer, status: int = 200):
    from ..board.services import open_offers_of  # the board builds on recruit

    return render_template(
        "recruit/me.html",
        volunteer=volunteer,
        locale=current_locale(),
        offered=open_offers_of(volunteer),
        **LABELS,
    ), status


@bp.route("/recruit/review")
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def review():
    """The queue of applications, and the list of every volunteer in the reviewer's scope."""
    args = request.args
    status = args.get("status", VolunteerStatus.APPLIED.value)
    statement = services.volunteers_visible_to(current_user).join(Volunteer.user)
    if status in {s.value for s in VolunteerStatus}:
        statement = statement.where(Volunteer.status == VolunteerStatus(status))
    community_id = id_in_range(args.get("community", type=int))
    if community_id:
        statement = statement.where(Volunteer.community_id == community_id)
    skill_id = id_in_range(args.get("skill", type=int))
    if skill_id:
        statement = statement.where(
            Volunteer.id.in_(
                select(volunteer_skill.c.volunteer_id).where(volunteer_skill.c.skill_id == skill_id)
            )
        )
    query = search_text(limit=50)
    if query:
        statement = statement.where(text_in(query, User.name, User.phone, User.email))
    volunteers, total, page, last_page = paginate(
        statement.order_by(Volunteer.created_at, Volunteer.id), PAGE_SIZE
    )
    scope = [
        c for c in services.all_communities() if services.community_in_scope(current_user, c.id)
    ]
    return render_template(
        "recruit/review.html",
        volunteers=volunteers,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        status=status,
        community_id=community_id,
        skill_id=skill_id,
        q=query,
        communities=scope,
        skills=services.active_skills(),
        statuses=list(VolunteerStatus),
        locale=current_locale(),
        **LABELS,
    )


def reviewable_or_404(volunteer_id: int) -> Volunteer:
    """The volunteer, if in the reviewer's communities; 404 otherwise (no existence leak)."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None or not services.can_review(current_user, volunteer):
        abort(404)
    return volunteer


def render_volunteer(
    volunteer: Volunteer, decision=None, check=None, change=None, status: int = 200
):
    """The volunteer's staff page; a submitted form (``decision``, ``check``, ``change``: the
    suspend or reinstate form) shows its errors."""
    check = check or BackgroundCheckForm(data={"result": volunteer.background_check.value})
    if change is None:
        suspended = volunteer.status is VolunteerStatus.SUSPENDED
        change = (ReinstateForm if suspended else SuspendForm)(formdata=None)
    return render_template(
        "recruit/volunteer.html",
        volunteer=volunteer,
        decision_form=decision or DecisionForm(formdata=None),
        check_form=check,
        change_form=change,
        open_pairings=services.open_pairings_count(volunteer),
        **volunteer_history(volunteer),
        locale=current_locale(),
        **LABELS,
    ), status


def volunteer_url(volunteer: Volunteer) -> str:
    """The volunteer's staff page, leading back to the list it was opened from."""
    return record_url("recruit.volunteer_detail", "recruit.review", volunteer_id=volunteer.id)


@bp.route("/recruit/volunteers/<int:volunteer_id>")
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def volunteer_detail(volunteer_id: int):
    return render_volunteer(reviewable_or_404(volunteer_id))


@bp.route("/recruit/volunteers/<int:volunteer_id>/decision", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def decide(volunteer_id: int):
    volunteer = reviewable_or_404(volunteer_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_volunteer(volunteer, decision=form, status=422)
    try:
        services.decide(
            volunteer,
            VolunteerStatus(form.decision.data),
            by=current_user,
            reason=form.reason.data or "",
        )
    except InvalidTransition:
        db.session.rollback()
        form.form_errors.append(_("This application has already been decided."))
        return render_volunteer(volunteer, decision=form, status=409)
    db.session.commit()
    flash(_("Decision recorded for %(name)s.", name=volunteer.user.name), "success")
    return redirect(back_url("recruit.review"))  # the queue as it was: filters, page


@bp.route("/recruit/volunteers/<int:volunteer_id>/background-check", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def background_check(volunteer_id: int):
    volunteer = reviewable_or_404(volunteer_id)
    form = BackgroundCheckForm()
    if not form.validate_on_submit():
        return render_volunteer(volunteer, check=form, status=422)
    services.set_background_check(volunteer, BackgroundCheck(form.result.data), by=current_user)
    db.session.commit()
    flash(_("Background check saved."), "success")
    return redirect(volunteer_url(volunteer))


@bp.route("/recruit/volunteers/<int:volunteer_id>/activation-code", methods=["POST"])
@roles_required(Role.SOCIAL_WORKER, Role.ADMIN)
def activation_code(volunteer_id: int):
    """A one-time code to activate an imported account, or to set a forgotten password."""
    volunteer = reviewable_or_404(volunteer_id)
    try:
        code = issue_activation_code(volunteer.user, by=current_user)
    except CodeRefused as refused:
        flash(str(CODE_REFUSALS[refused.reason]), "error")
        return render_volunteer(volunteer, status=409)
    db.session.commit()
    return code_page(
        volunteer.user,
        code,
        back_url=volunteer_url(volunteer),
        back_label=_("Back to the volunteer"),
    )
