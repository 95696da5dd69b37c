"""How training states, rules and refusals are worded to readers."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..registry.labels import CATEGORY_LABELS
from .models import Course, EnrolmentStatus, Requirement, SessionStatus

ENROLMENT_LABELS = {
    EnrolmentStatus.ENROLLED: _l("Enrolled"),
    EnrolmentStatus.WAITLISTED: _l("On the waiting list"),
    EnrolmentStatus.ATTENDED: _l("Attended"),
    EnrolmentStatus.COMPLETED: _l("Attended; course completed"),
    EnrolmentStatus.ABSENT: _l("Absent"),
    EnrolmentStatus.WITHDRAWN: _l("Enrolment cancelled"),
}

SESSION_LABELS = {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.HELD: _l("Held"),
    SessionStatus.CANCELLED: _l("Cancelled"),
}

#: What each services.Refused reason means to the person who was refused.
REFUSALS = {
    "cancelled": _l("This session has been cancelled."),
    "started": _l("This session has already started; enrolment and withdrawal are closed."),
    "not_volunteer": _l("Only volunteers in good standing can take part in training."),
    "completed": _l("You have already completed this course."),
    "enrolled": _l("You are already enrolled in this session, or on its waiting list."),
    "other_session": _l(
        "You are already enrolled in another session of this course; withdraw from it first."
    ),
    "not_started": _l("Attendance can be marked once the session has started."),
    "not_self_study": _l("This course has no quiz."),
    "incomplete": _l("Answer every question."),
}


def requirement_text(course: Course, locale: str) -> str:
    """ "Required for: every volunteer" … in the reader's language."""
    if course.requirement is Requirement.EVERYONE:
        return _("Required of every volunteer")
    if course.requirement is Requirement.SKILL and course.skill is not None:
        return _("Required for needs asking for %(skill)s", skill=course.skill.label(locale))
    if course.requirement is Requirement.DISABILITY and course.disability_category:
        return _(
            "Required for residents in the category: %(category)s",
            category=CATEGORY_LABELS[course.disability_category],
        )
    if course.requirement is Requirement.HOME_VISIT:
        return _("Required for home visits")
    return ""


def train_context() -> dict:
    """What every training template may use (registered on both training blueprints)."""
    from flask_login import current_user

    from ..accounts.models import Role
    from ..accounts.permissions import is_staff

    return {
        "is_staff": is_staff(current_user),
        "is_admin": current_user.is_authenticated and current_user.has_role(Role.ADMIN),
        "requirement_text": requirement_text,
    }
