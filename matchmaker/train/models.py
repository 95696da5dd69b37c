"""Training (培训): courses that gate pairings, their sessions, enrolments and completions."""

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime, str_enum, utcnow
from ..extensions import db
from ..registry.models import DisabilityCategory


class CourseKind(enum.Enum):
    #: taught at scheduled sessions; attendance completes it
    SESSIONS = "sessions"
    #: material to read and a short quiz; passing it completes it
    SELF_STUDY = "self_study"


class Requirement(enum.Enum):
    """Whom a course is required for (before a pairing may become active)."""

    EVERYONE = "everyone"
    #: needs that require ``Course.skill``
    SKILL = "skill"
    #: residents of ``Course.disability_category``
    DISABILITY = "disability"
    #: needs with home visits
    HOME_VISIT = "home_visit"


class Course(db.Model):
    """A course of the catalogue (admin-edited), with the rule saying whom it is required for."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the Chinese title, as the federation names it (助残服务礼仪)
    title: Mapped[str] = mapped_column(String(60), unique=True)
    title_en: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[CourseKind] = mapped_column(str_enum(CourseKind), default=CourseKind.SESSIONS)
    requirement: Mapped[Requirement] = mapped_column(
        str_enum(Requirement), default=Requirement.EVERYONE
    )
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skill.id"))
    disability_category: Mapped[DisabilityCategory | None] = mapped_column(
        str_enum(DisabilityCategory)
    )
    #: retired courses are no longer required nor offered; completions stay
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: self-study: what to read before the quiz
    material: Mapped[str] = mapped_column(Text, default="")
    #: self-study: [{"question": str, "options": [str, ...], "answer": index}, ...]
    quiz: Mapped[list] = mapped_column(JSON, default=list)
    #: self-study: percentage of correct answers needed to pass
    pass_mark: Mapped[int] = mapped_column(default=80)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    skill = relationship("Skill", lazy="joined")
    sessions: Mapped[list["TrainingSession"]] = relationship(
        back_populates="course", order_by="TrainingSession.starts_at"
    )

    def label(self, locale: str) -> str:
        return self.title if locale.startswith("zh") else self.title_en

    def describe(self, locale: str) -> str:
        return self.description if locale.startswith("zh") else self.description_en

    @property
    def self_study(self) -> bool:
        return self.kind is CourseKind.SELF_STUDY


class SessionStatus(enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class TrainingSession(db.Model):
    """One scheduled sitting of a course, run by a community's social workers."""

    TRANSITIONS: ClassVar = {
        SessionStatus.SCHEDULED: {SessionStatus.HELD, SessionStatus.CANCELLED},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    #: whose social workers run it (and mark attendance); volunteers of any community may come
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    trainer: Mapped[str] = mapped_column(String(50))
    #: places taken (enrolled and beyond); only changed by a conditional update, so two
    #: volunteers taking the last place at once never exceed ``capacity``
    taken: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus), default=SessionStatus.SCHEDULED, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    course: Mapped[Course] = relationship(back_populates="sessions", lazy="joined")
    community = relationship("Community", lazy="joined")

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.taken)


class EnrolmentStatus(enum.Enum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    ATTENDED = "attended"
    COMPLETED = "completed"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"


#: Enrolments that hold a place in their session.
PLACE_HOLDING = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.ABSENT,
)


class Enrolment(db.Model):
    """A volunteer's place (or place on the waiting list) in a session."""

    TRANSITIONS: ClassVar = {
        EnrolmentStatus.ENROLLED: {
            EnrolmentStatus.ATTENDED,
            EnrolmentStatus.ABSENT,
            EnrolmentStatus.WITHDRAWN,
        },
        EnrolmentStatus.WAITLISTED: {EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN},
        EnrolmentStatus.ATTENDED: {EnrolmentStatus.COMPLETED},
        #: "attended" clicked on the wrong row: corrections.mark_absent_instead takes back the
        #: completion this session recorded (and what it unlocked); never a plain absent mark
        EnrolmentStatus.COMPLETED: {EnrolmentStatus.ABSENT},
        #: a roll marked by mistake can be corrected
        EnrolmentStatus.ABSENT: {EnrolmentStatus.ATTENDED},
        #: enrolling again after withdrawing reuses the row
        EnrolmentStatus.WITHDRAWN: {EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED},
    }
    __table_args__ = (
        UniqueConstraint("session_id", "volunteer_id", name="uq_enrolment_session_volunteer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(
        str_enum(EnrolmentStatus), default=EnrolmentStatus.ENROLLED, index=True
    )
    #: when they (last) asked for a place: the waiting list moves up in this order
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[TrainingSession] = relationship(lazy="joined")
    volunteer = relationship("Volunteer", lazy="joined")


class CompletionMethod(enum.Enum):
    ATTENDANCE = "attendance"
    QUIZ = "quiz"
    #: carried over from a paper roster or an earlier system
    IMPORT = "import"


class CourseCompletion(db.Model):
    """A volunteer has completed a course: one row per volunteer × course."""

    __table_args__ = (
        UniqueConstraint("volunteer_id", "course_id", name="uq_course_completion_volunteer_course"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    method: Mapped[CompletionMethod] = mapped_column(str_enum(CompletionMethod))
    #: quiz score in percent; None for attendance and imports
    score: Mapped[int | None]
    #: the session attended, when completed by attendance
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_session.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    course: Mapped[Course] = relationship(lazy="joined")
