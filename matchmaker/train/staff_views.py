"""Social workers schedule sessions and mark attendance; admins edit the course catalogue."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import exists, func, select
from wtforms import SelectChoice

from ..accounts.models import Role
from ..accounts.permissions import community_ids_visible_to, roles_required
from ..accounts.places import Community
from ..core.audit import audit
from ..core.audit_details import detail_pattern
from ..core.events import InvalidTransition
from ..core.forms import catalogue_choices, with_held, with_placeholder
from ..core.i18n import current_locale
from ..core.listing import page_url, paginate
from ..core.nav import review_queue
from ..core.types import utcnow
from ..extensions import db
from ..recruit.services import active_skills
from ..registry.models import DisabilityCategory
from . import enrolment as enrolments
from .catalogue import format_quiz, save_course
from .forms import (
    KIND_LABELS,
    REQUIREMENT_LABELS,
    ActionForm,
    AttendanceForm,
    CourseForm,
    SessionForm,
)
from .labels import (
    ENROLMENT_LABELS,
    REFUSALS,
    SESSION_LABELS,
    train_context,
)
from .models import (
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Requirement,
    SessionStatus,
    TrainingSession,
)
from .services import Refused
from .waiting import count_waiting_for_a_session, waiting_pairings

bp = Blueprint("train_staff", __name__, url_prefix="/train")
detail_pattern(
    "view_training_waiting",
    r"pairings=(?P<n>\d+)",
    lambda parts: ngettext("%(num)d pairing shown", "%(num)d pairings shown", int(parts["n"])),
)
bp.context_processor(train_context)
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)
PAGE_SIZE = 25


def _awaiting_roll(user):
    """Sessions of ``user``'s communities that have begun with someone still unmarked."""
    unmarked = exists().where(
        Enrolment.session_id == TrainingSession.id, Enrolment.status == EnrolmentStatus.ENROLLED
    )
    return enrolments.sessions_visible_to(user).where(
        TrainingSession.status != SessionStatus.CANCELLED,
        TrainingSession.starts_at <= utcnow(),
        unmarked,
    )


def count_awaiting_roll(user) -> int:
    return db.session.scalar(select(func.count()).select_from(_awaiting_roll(user).subquery()))


review_queue(
    "train_staff.sessions",
    _l("Training sessions with attendance to mark: %(n)d"),
    count_awaiting_roll,
    *STAFF,
)
review_queue(
    "train_staff.sessions",
    _l("Pairings needing a training session scheduled: %(n)d"),
    lambda user: count_waiting_for_a_session(user, utcnow()),
    *STAFF,
    _anchor="waiting-heading",
)
#: waiting pairings listed on the sessions page (oldest first; the count says how many more)
WAITING_SHOWN = 100


@bp.route("/sessions")
@roles_required(*STAFF)
def sessions():
    statement = enrolments.sessions_visible_to(current_user).order_by(
        TrainingSession.starts_at.desc(), TrainingSession.id.desc()
    )
    rows, total, page, last_page = paginate(statement, PAGE_SIZE)
    awaiting = set(
        db.session.scalars(_awaiting_roll(current_user).with_only_columns(TrainingSession.id))
    )
    waiting = waiting_pairings(current_user, utcnow())
    shown = waiting[:WAITING_SHOWN]
    page_html = render_template(
        "train/sessions.html",
        waiting=shown,
        waiting_total=len(waiting),
        rows=rows,
        total=total,
        page=page,
        last_page=last_page,
        page_url=page_url,
        awaiting=awaiting,
        session_labels=SESSION_LABELS,
    )
    # audited after rendering: the audit's commit would expire every row the page reads
    if shown:  # the list names residents: a view of their records (DESIGN §8)
        audit(current_user, "view_training_waiting", detail=f"pairings={len(shown)}")
        db.session.commit()
    return page_html


def _communities_for(user) -> list[Community]:
    ids = community_ids_visible_to(user)
    statement = select(Community).order_by(Community.street_id, Community.id)
    if ids is not None:
        statement = statement.where(Community.id.in_(sorted(ids) or [-1]))
    return list(db.session.scalars(statement))


@bp.route("/courses/<int:course_id>/sessions/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_session(course_id: int):
    course = db.session.get(Course, course_id)
    if course is None or not course.active or course.kind is not CourseKind.SESSIONS:
        abort(404)
    form = SessionForm(now=utcnow())
    form.community.choices = with_placeholder(
        SelectChoice(c.id, c.full_name) for c in _communities_for(current_user)
    )
    if form.validate_on_submit():
        session = enrolments.create_session(
            course,
            by=current_user,
            now=utcnow(),
            community_id=form.community.data,
            starts_at=form.starts_at,
            ends_at=form.ends_at,
            place=form.place.data.strip(),
            capacity=form.capacity.data,
            trainer=form.trainer.data.strip(),
        )
        db.session.commit()
        flash(_("Session scheduled; volunteers can enrol now."), "success")
        return redirect(url_for("train_staff.session", session_id=session.id))
    status = 422 if form.is_submitted() else 200
    return render_template("train/session_form.html", form=form, course=course), status


def _runnable(session_id: int) -> TrainingSession:
    """The session, if the user runs its community; a 404 otherwise (never revealing it)."""
    session = db.session.get(TrainingSession, session_id)
    if session is None or not enrolments.can_run(current_user, session):
        abort(404)
    return session


def _roll_page(session: TrainingSession, status: int = 200):
    return render_template(
        "train/session.html",
        session=session,
        roll=enrolments.roll(session),
        started=session.starts_at <= utcnow(),
        enrolment_labels=ENROLMENT_LABELS,
        session_labels=SESSION_LABELS,
    ), status


@bp.route("/sessions/<int:session_id>")
@roles_required(*STAFF)
def session(session_id: int):
    return _roll_page(_runnable(session_id))


def _on_roll(session: TrainingSession, enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.session_id != session.id:
        abort(404)
    return enrolment


@bp.route("/sessions/<int:session_id>/attendance/<int:enrolment_id>", methods=["POST"])
@roles_required(*STAFF)
def attendance(session_id: int, enrolment_id: int):
    session = _runnable(session_id)
    enrolment = _on_roll(session, enrolment_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        flash(_("Choose attended or absent."), "error")
        return _roll_page(session, 422)
    attended = form.outcome.data == "attended"
    try:
        enrolments.mark_attendance(enrolment, attended, by=current_user, now=utcnow())
    except Refused as exc:
        db.session.rollback()
        flash(REFUSALS[exc.reason], "error")
        return _roll_page(session, 409)
    except InvalidTransition:
        db.session.rollback()
        flash(_("This volunteer's attendance was already marked."), "error")
        return _roll_page(session, 409)
    db.session.commit()
    name = enrolment.volunteer.user.name
    if attended:
        flash(_("%(name)s attended; the course is completed.", name=name), "success")
    else:
        flash(_("%(name)s marked absent.", name=name), "success")
    return redirect(url_for("train_staff.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@roles_required(*STAFF)
def cancel(session_id: int):
    session = _runnable(session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        enrolments.cancel_session(session, by=current_user)
    except InvalidTransition:
        db.session.rollback()
        flash(_("Only a scheduled session can be cancelled."), "error")
        return _roll_page(session, 409)
    db.session.commit()
    flash(_("Session cancelled; everyone enrolled was withdrawn."), "success")
    return redirect(url_for("train_staff.session", session_id=session.id))


# -- the catalogue (admins) ------------------------------------------------------------------


def _course_form(course: Course | None) -> CourseForm:
    data = None
    if course is not None:
        data = {
            "title": course.title,
            "title_en": course.title_en,
            "description": course.description,
            "description_en": course.description_en,
            "kind": course.kind.value,
            "requirement": course.requirement.value,
            "skill": str(course.skill_id or ""),
            "disability_category": getattr(course.disability_category, "value", ""),
            "active": course.active,
            "material": course.material,
            "quiz": format_quiz(course.quiz or []),
            "pass_mark": course.pass_mark,
        }
    form = CourseForm(data=data, course=course)
    held = [course.skill] if course is not None and course.skill is not None else []
    form.skill.choices = [SelectChoice("", "—")] + catalogue_choices(
        with_held(active_skills(), held), current_locale()
    )
    return form


def _edit(course: Course | None):
    form = _course_form(course)
    if form.validate_on_submit():
        requirement = Requirement(form.requirement.data)
        kind = CourseKind(form.kind.data)
        category = form.disability_category.data
        course = save_course(
            course,
            by=current_user,
            title=form.title.data.strip(),
            title_en=form.title_en.data.strip(),
            description=(form.description.data or "").strip(),
            description_en=(form.description_en.data or "").strip(),
            kind=kind,
            requirement=requirement,
            skill_id=int(form.skill.data) if (form.skill.data or "").isdigit() else None,
            disability_category=DisabilityCategory(category) if category else None,
            active=form.active.data,
            material=(form.material.data or "").strip(),
            quiz=form.parsed_quiz,
            pass_mark=form.pass_mark.data,
        )
        db.session.commit()
        flash(_("Course saved."), "success")
        return redirect(url_for("train.course", course_id=course.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "train/course_form.html",
        form=form,
        course=course,
        kind_labels=KIND_LABELS,
        requirement_labels=REQUIREMENT_LABELS,
    ), status


@bp.route("/courses/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_course():
    return _edit(None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_course(course_id: int):
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    return _edit(course)


from . import correction_views  # noqa: E402, F401  (its route is on this blueprint)
