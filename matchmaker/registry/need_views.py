"""Needs: the staff list and review queue, entering needs, and residents asking for help."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import case, select

from ..accounts.models import Role, User
from ..accounts.permissions import is_staff, roles_required
from ..core.audit import audit
from ..core.audit_details import detail_text
from ..core.events import history
from ..core.forms import catalogue_choices
from ..core.histories import event_reason
from ..core.i18n import current_locale
from ..core.nav import review_queue, role_link
from ..extensions import db
from ..recruit.catalogue import Skill
from ..supervise.labels import PAIRING_STATUS_LABELS
from . import linking, services
from .forms import (
    ActionForm,
    NeedForm,
    OpenNeedForm,
    ReasonForm,
    ResidentNeedForm,
    gender_or_none,
)
from .labels import template_labels
from .listing import audit_list_view, communities_in_scope, int_arg, page_url, paginate
from .models import Need, NeedStatus, Resident, ResidentStatus, ServiceType, Urgency
from .pairings import pairings_of_need
from .privacy import STAFF, need_or_404, needs_visible_to, resident_or_404

bp = Blueprint("needs", __name__)
bp.context_processor(template_labels)
detail_text("view_resident", "new need", _l("from the form for a new need"))

role_link(
    "needs.new",
    _l("Ask for help"),
    _l("Tell your social worker what help you need and when."),
    Role.RESIDENT,
)
role_link(
    "needs.mine",
    _l("My requests"),
    _l("What you have asked for, and where each request stands."),
    Role.RESIDENT,
)
review_queue(
    "needs.index",
    _l("Residents' requests to review: %(n)d"),
    services.count_requests_to_review,
    *STAFF,
    status=NeedStatus.SUBMITTED.value,
)


def _enum_arg(name: str, enum_class):
    value = request.args.get(name) or ""
    return enum_class(value) if value in {m.value for m in enum_class} else None


def active_skills() -> list[Skill]:
    return list(db.session.scalars(select(Skill).where(Skill.active).order_by(Skill.position)))


#: The orders of the staff's list of needs, each with its label: by when each was entered, or
#: the most urgent first (then the longest waiting), as a social worker with forty cases works.
NEED_ORDERS = {
    "newest": (_l("Newest entered first"), (Need.created_at.desc(), Need.id.desc())),
    "oldest": (_l("Longest waiting first"), (Need.created_at.asc(), Need.id.asc())),
    "urgency": (
        _l("Most urgent first"),
        (
            case((Need.urgency == Urgency.URGENT, 0), (Need.urgency == Urgency.HIGH, 1), else_=2),
            Need.created_at.asc(),
            Need.id.asc(),
        ),
    ),
}


@bp.route("/needs")
@roles_required(*STAFF)
def index():
    status = _enum_arg("status", NeedStatus)
    service = _enum_arg("service", ServiceType)
    urgency = _enum_arg("urgency", Urgency)
    community = int_arg("community")
    skill = int_arg("skill")
    statement = needs_visible_to(current_user)
    if status:
        statement = statement.where(Need.status == status)
    if service:
        statement = statement.where(Need.service_type == service)
    if urgency:
        statement = statement.where(Need.urgency == urgency)
    if community:
        statement = statement.where(Resident.community_id == community)
    if skill:
        statement = statement.where(Need.skills.any(Skill.id == skill))
    # The review queue reads oldest first; other lists newest first, unless asked otherwise.
    sort = request.args.get("sort", "")
    if sort not in NEED_ORDERS:
        sort = "oldest" if status is NeedStatus.SUBMITTED else "newest"
    rows, total, page, last_page = paginate(statement.order_by(*NEED_ORDERS[sort][1]))
    filters = {
        "status": status.value if status else "",
        "service": service.value if service else "",
        "urgency": urgency.value if urgency else "",
        "community": community,
        "skill": skill,
    }
    page_html = render_template(
        "registry/needs.html",
        needs=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        review_queue=services.count_requests_to_review(current_user),
        filters=filters,
        sort=sort,
        sorts={key: label for key, (label, _order) in NEED_ORDERS.items()},
        communities=communities_in_scope(current_user),
        skills=active_skills(),
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    audit_list_view(current_user, "view_need_list", filters, page)  # it shows residents' names
    db.session.commit()
    return page_html


@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
def new():
    if is_staff(current_user):
        return _staff_new()
    if current_user.has_role(Role.RESIDENT):
        return _resident_new()
    abort(403)


def _staff_new():
    resident_id = request.args.get("resident", type=int)
    if resident_id is None:
        flash(_("Choose the resident first, then use “Add a need” on their page."), "info")
        return redirect(url_for("registry.residents"))
    resident = resident_or_404(current_user, resident_id)
    if resident.status is not ResidentStatus.ACTIVE:
        flash(_("This record is inactive: reactivate it before adding a need."), "error")
        return redirect(url_for("registry.resident", resident_id=resident.id))
    skills = active_skills()
    form = NeedForm()
    form.opening = request.form.get("action") == "open"
    form.skills.choices = catalogue_choices(skills, current_locale())
    if form.validate_on_submit():
        need = services.create_need(
            resident,
            by=current_user,
            open_now=request.form.get("action") == "open",
            **need_fields(form, skills),
        )
        db.session.commit()
        if need.status is NeedStatus.OPEN:
            flash(_("The need is open for matching."), "success")
        else:
            flash(_("The need is saved as a draft."), "success")
        return redirect(url_for("needs.detail", need_id=need.id))
    status = 422 if form.errors else 200
    page_html = render_template("registry/need_form.html", form=form, resident=resident)
    # The form names the resident: showing it is a view of their record (DESIGN §8).
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_resident", resident, detail="new need")
    db.session.commit()
    return page_html, status


def _resident_new():
    resident = linking.resident_of(current_user)
    if resident is None:
        if request.method == "POST":
            abort(403)
        return render_template("registry/not_linked.html")
    if resident.status is not ResidentStatus.ACTIVE:
        flash(
            _(
                "Your record is not active at the moment, so you cannot send requests here. "
                "Please contact the social worker of your community."
            ),
            "error",
        )
        return redirect(url_for("needs.mine"))
    form = ResidentNeedForm()
    if form.validate_on_submit():
        services.submit_need(
            resident,
            by=current_user,
            service_type=ServiceType(form.service_type.data),
            notes=form.notes.data,
            availability=form.availability.mask,
            home_visit=form.home_visit.data == "yes",
        )
        db.session.commit()
        flash(
            _(
                "Thank you. Your request has been sent. Your social worker will check it "
                "and get in touch with you."
            ),
            "success",
        )
        return redirect(url_for("needs.mine"))
    status = 422 if form.errors else 200
    return render_template("registry/need_request.html", form=form), status


@bp.route("/needs/mine")
@roles_required(Role.RESIDENT)
def mine():
    resident = linking.resident_of(current_user)
    if resident is None:
        return render_template("registry/not_linked.html")
    reasons, pairings = {}, {}
    for need in resident.needs:
        if need.status is NeedStatus.CLOSED:
            events = history(need)
            reasons[need.id] = event_reason(events[-1].reason) if events else ""
        elif need.status is NeedStatus.MATCHED:  # who is coming, and where their visits are
            pairings[need.id] = next(iter(pairings_of_need(need)), None)
    return render_template(
        "registry/my_needs.html", needs=resident.needs, reasons=reasons, pairings=pairings
    )


def _detail(
    need: Need,
    *,
    status: int = 200,
    reason_form: ReasonForm | None = None,
    open_form: OpenNeedForm | None = None,
):
    reason_form = reason_form or ReasonForm(formdata=None)
    open_form = open_form or OpenNeedForm(
        formdata=None, data={"skills": [str(s.id) for s in need.skills]}
    )
    open_form.skills.choices = catalogue_choices(active_skills(), current_locale())
    if need.status is NeedStatus.SUBMITTED:
        reason_form.reason.description = _("The resident sees this reason.")
    events = history(need)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    actors = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    # match builds on the registry: imported here, not at the top
    from ..match.need_proposals import proposals_of_need
    from ..match.reach import first_empty, reach_of
    from ..match.views import PROPOSAL_STATUS_LABELS, why_it_ended

    reach = reach_of(need) if need.status is NeedStatus.OPEN else []

    page_html = render_template(
        "registry/need.html",
        need=need,
        events=events,
        actors=actors,
        proposals=proposals_of_need(need.id),
        proposal_status_labels=PROPOSAL_STATUS_LABELS,
        pairings=pairings_of_need(need),
        pairing_status_labels=PAIRING_STATUS_LABELS,
        why_it_ended=why_it_ended,
        reach=reach,
        stuck=first_empty(reach),
        action_form=ActionForm(formdata=None),
        reason_form=reason_form,
        open_form=open_form,
    )
    # The page names the resident and their disability: a view of their record (DESIGN §8).
    # audited after rendering: the audit's commit would expire every row the page reads
    audit(current_user, "view_resident", need.resident, detail=f"need {need.id}")
    db.session.commit()
    return page_html, status


@bp.route("/needs/<int:need_id>")
@roles_required(*STAFF)
def detail(need_id: int):
    return _detail(need_or_404(current_user, need_id))


def need_fields(form, skills) -> dict:
    """The need's fields as a filled need form gives them (entering or editing a need)."""
    chosen = set(form.skills.data or [])
    return {
        "skills": [s for s in skills if str(s.id) in chosen],
        "service_type": ServiceType(form.service_type.data),
        "availability": form.availability.mask,
        "urgency": Urgency(form.urgency.data),
        "home_visit": form.home_visit.data,
        "gender_preference": gender_or_none(form.gender_preference.data),
        "notes": form.notes.data or "",
    }


# The need's moves (open, close, turn down) add their routes to this blueprint (they use bp).
from . import need_status_views  # noqa: E402, F401
