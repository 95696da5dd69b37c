"""The course catalogue (everyone), enrolment and self-study quizzes (volunteers), /train/me."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import Role
from ..accounts.permissions import is_staff, roles_required
from ..core.events import InvalidTransition
from ..core.nav import role_link
from ..core.types import utcnow
from ..extensions import db
from ..recruit.models import VolunteerStatus
from ..recruit.services import volunteer_of
from ..registry.labels import template_labels
from ..supervise.services import volunteer_sees_contact
from . import enrolment as enrolments
from . import services
from .catalogue import all_courses
from .forms import REQUIREMENT_LABELS, ActionForm, quiz_form
from .labels import ENROLMENT_LABELS, REFUSALS, requirement_text, train_context
from .models import Course, Enrolment, EnrolmentStatus, SessionStatus, TrainingSession
from .still_required import still_required

bp = Blueprint("train", __name__, url_prefix="/train")
bp.context_processor(train_context)
role_link(
    "train.me",
    _l("My training"),
    _l("Courses you need before a pairing starts, your sessions and what you have completed."),
    Role.VOLUNTEER,
)
role_link(
    "train.courses",
    _l("Training courses"),
    _l("The course catalogue, sessions, enrolments and attendance."),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)


def _is_admin() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.ADMIN)


def _course_or_404(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None or not (course.active or _is_admin()):
        abort(404)
    return course


def _volunteer():
    """The logged-in user's volunteer profile, or None."""
    if not current_user.is_authenticated or not current_user.has_role(Role.VOLUNTEER):
        return None
    return volunteer_of(current_user)


@bp.route("/courses")
def courses():
    volunteer = _volunteer()
    return render_template(
        "train/courses.html",
        courses=all_courses(active_only=not _is_admin()),
        required=services.required_for(volunteer) if volunteer else set(),
        completed=services.completed_course_ids(volunteer) if volunteer else set(),
        requirement_text=requirement_text,
        volunteer=volunteer,
    )


def _course_page(course: Course, status: int = 200, quiz=None, result=None):
    volunteer = _volunteer()
    now = utcnow()
    sessions = [
        s
        for s in course.sessions
        if s.status is SessionStatus.SCHEDULED
        and s.starts_at > now
        or (is_staff(current_user) and s.status is not SessionStatus.CANCELLED)
    ]
    mine = {}
    if volunteer is not None:
        mine = {
            e.session_id: e
            for e in db.session.scalars(
                select(Enrolment).where(
                    Enrolment.volunteer_id == volunteer.id,
                    Enrolment.session_id.in_([s.id for s in sessions] or [-1]),
                )
            )
        }
    completed = volunteer is not None and course.id in services.completed_course_ids(volunteer)
    if quiz is None and course.self_study and volunteer is not None:
        quiz = quiz_form(course)
    return render_template(
        "train/course.html",
        course=course,
        sessions=sessions,
        runnable={
            s.id for s in sessions if is_staff(current_user) and enrolments.can_run(current_user, s)
        },
        now=now,
        mine=mine,
        volunteer=volunteer,
        completed=completed,
        quiz=quiz,
        result=result,
        requirement_text=requirement_text,
        requirement_labels=REQUIREMENT_LABELS,
        enrolment_labels=ENROLMENT_LABELS,
        **template_labels(),
    ), status


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    return _course_page(_course_or_404(course_id))


def _session_or_404(session_id: int) -> TrainingSession:
    session = db.session.get(TrainingSession, session_id)
    if session is None or not session.course.active:
        abort(404)
    return session


def _refused(course: Course, reason: str):
    flash(REFUSALS[reason], "error")
    return _course_page(course, 403 if reason == "not_volunteer" else 409)


@bp.route("/sessions/<int:session_id>/enrol", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def enrol(session_id: int):
    session = _session_or_404(session_id)
    volunteer = volunteer_of(current_user)
    if volunteer is None:
        flash(_("Apply as a volunteer first; then you can enrol in training."), "error")
        return redirect(url_for("recruit.signup"))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        enrolment = enrolments.enrol(volunteer, session, now=utcnow())
    except services.Refused as exc:
        db.session.rollback()
        return _refused(session.course, exc.reason)
    except (IntegrityError, InvalidTransition):
        db.session.rollback()  # a second click raced the first
        return _refused(session.course, "enrolled")
    db.session.commit()
    if enrolment.status is EnrolmentStatus.ENROLLED:
        flash(_("You are enrolled. See you at the session."), "success")
    else:
        flash(
            _(
                "The session is full: you are on its waiting list and will move up "
                "automatically when a place frees."
            ),
            "info",
        )
    if request.form.get("back") == "me":
        return redirect(url_for("train.me"))
    return redirect(url_for("train.course", course_id=session.course_id))


@bp.route("/sessions/<int:session_id>/withdraw", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def withdraw(session_id: int):
    session = _session_or_404(session_id)
    volunteer = volunteer_of(current_user)
    enrolment = enrolments.enrolment_of(volunteer, session) if volunteer else None
    if enrolment is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        enrolments.withdraw(enrolment, by=current_user, now=utcnow())
    except services.Refused as exc:
        db.session.rollback()
        return _refused(session.course, exc.reason)
    except InvalidTransition:
        db.session.rollback()
        flash(_("You are not enrolled in this session."), "error")
        return _course_page(session.course, 409)
    db.session.commit()
    flash(_("You have withdrawn from the session."), "success")
    if request.form.get("back") == "me":
        return redirect(url_for("train.me"))
    return redirect(url_for("train.course", course_id=session.course_id))


@bp.route("/courses/<int:course_id>/quiz", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def quiz(course_id: int):
    course = _course_or_404(course_id)
    volunteer = volunteer_of(current_user)
    if volunteer is None or not course.self_study:
        abort(404)
    form = quiz_form(course)
    if not form.validate_on_submit():
        return _course_page(course, 422, quiz=form)
    try:
        score, passed = services.take_quiz(volunteer, course, form.answers(), now=utcnow())
    except services.Refused as exc:
        db.session.rollback()
        return _refused(course, exc.reason)
    db.session.commit()
    if passed:
        flash(_("You passed with %(score)d%%. The course is completed.", score=score), "success")
        return redirect(url_for("train.me"))
    flash(
        _(
            "You scored %(score)d%%; the pass mark is %(mark)d%%. Read the material again "
            "and try once more.",
            score=score,
            mark=course.pass_mark,
        ),
        "error",
    )
    return _course_page(course, 200, quiz=quiz_form(course, blank=True), result=score)


@bp.route("/me")
@roles_required(Role.VOLUNTEER)
def me():
    volunteer = volunteer_of(current_user)
    if volunteer is None:
        flash(_("Apply as a volunteer first; then you can enrol in training."), "info")
        return redirect(url_for("recruit.signup"))
    now = utcnow()
    # a rejected or suspended volunteer may not take training (enrolment.enrol refuses)
    barred = volunteer.status in (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED)
    return render_template(
        "train/me.html",
        volunteer=volunteer,
        overview=services.overview(volunteer, now=now),
        still_required=[] if barred else still_required(volunteer, now=now),
        barred=barred,
        sees_contact=volunteer_sees_contact,
        now=now,
        enrolment_labels=ENROLMENT_LABELS,
        **template_labels(),
    )
