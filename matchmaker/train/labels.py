"""How training states, rules and refusals are worded to readers."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..registry.labels import CATEGORY_LABELS
from .models import CompletionMethod, Course, EnrolmentStatus, Requirement, SessionStatus

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


#: How a course a correction leaves completed was completed (corrections.Correction.kept_by).
KEPT_BY_LABELS = {
    CompletionMethod.QUIZ: _l("the self-study quiz"),
    CompletionMethod.IMPORT: _l("an imported record"),
    CompletionMethod.ATTENDANCE: _l("another session they attended"),
}


def correction_outcome(name: str, correction) -> str:
    """The flash after an attendance was corrected to absent: what else changed."""
    if correction.pairings:
        return ngettext(
            "%(name)s is now marked absent and the course completion removed; %(num)d pairing "
            "went back to waiting for training.",
            "%(name)s is now marked absent and the course completion removed; %(num)d pairings "
            "went back to waiting for training.",
            len(correction.pairings),
            name=name,
        )
    if correction.completion_removed:
        return _(
            "%(name)s is now marked absent and the course completion removed; no pairing "
            "depended on it.",
            name=name,
        )
    if correction.kept_by or correction.credited_to:
        return _(
            "%(name)s is now marked absent; the course stays completed by another record, so "
            "nothing else changed.",
            name=name,
        )
    return _("%(name)s marked absent.", name=name)


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
