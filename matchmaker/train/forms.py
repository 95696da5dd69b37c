"""Training forms: a course of the catalogue, a session, attendance and its correction, a
self-study quiz."""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from ..accounts.forms import TOO_LONG
from ..core.forms import (
    NO_NUMBERS_FOR_VOLUNTEER,
    VOLUNTEER_READS,
    SiteForm,
    date_field,
    optional_int,
    strip_text,
    time_field,
)
from ..core.i18n import local_zone
from ..registry.labels import CATEGORY_LABELS
from .catalogue import QuizFormatError, parse_quiz, title_taken
from .models import CourseKind, Requirement

KIND_LABELS = {
    CourseKind.SESSIONS: _l("Taught at sessions (attendance completes it)"),
    CourseKind.SELF_STUDY: _l("Self-study material with a quiz"),
}
REQUIREMENT_LABELS = {
    Requirement.EVERYONE: _l("Every volunteer"),
    Requirement.SKILL: _l("Needs that require a skill"),
    Requirement.DISABILITY: _l("Residents with a disability category"),
    Requirement.HOME_VISIT: _l("Home visits"),
}
QUIZ_PROBLEMS = {
    "question": _l("Question %(n)d: start each block with the question, then its options."),
    "options": _l(
        "Question %(n)d: give at least two options, each on its own line starting with * or -."
    ),
    "answer": _l("Question %(n)d: mark exactly one option as correct with *."),
}


class ActionForm(SiteForm):
    """A button that changes something (enrol, withdraw, cancel): the CSRF token only."""


class CourseForm(SiteForm):
    title = StringField(
        _l("Title in Chinese"),
        validators=[DataRequired(_l("Enter the Chinese title.")), Length(max=60, message=TOO_LONG)],
    )
    title_en = StringField(
        _l("Title in English"),
        validators=[
            DataRequired(_l("Enter the English title.")),
            Length(max=120, message=TOO_LONG),
        ],
    )
    description = TextAreaField(
        _l("Description in Chinese"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    kind = RadioField(
        _l("How it is taught"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Choose how the course is taught."))],
    )
    requirement = RadioField(
        _l("Required for"),
        choices=[SelectChoice(r.value, label) for r, label in REQUIREMENT_LABELS.items()],
        validators=[InputRequired(_l("Choose whom the course is required for."))],
    )
    skill = SelectField(_l("Skill (when required for a skill)"), coerce=str, default="")
    disability_category = SelectField(
        _l("Disability category (when required for one)"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()],
        default="",
    )
    active = BooleanField(_l("In the catalogue (required and offered)"), default=True)
    material = TextAreaField(
        _l("Self-study material"), validators=[Length(max=20000, message=TOO_LONG)]
    )
    quiz = TextAreaField(
        _l("Quiz"),
        description=_l(
            "One question per block, blocks separated by a blank line: the question on the "
            "first line, then one option per line starting with * (the correct one) or -."
        ),
        validators=[Length(max=20000, message=TOO_LONG)],
    )
    pass_mark = IntegerField(
        _l("Pass mark (percentage of answers correct)"),
        default=80,
        validators=[
            InputRequired(_l("Enter a pass mark from 1 to 100.")),
            NumberRange(1, 100, _l("Enter a pass mark from 1 to 100.")),
        ],
    )

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.parsed_quiz: list[dict] = []

    def validate_title(self, field):
        if field.data and title_taken(field.data, self.course):
            raise ValidationError(_l("A course with this title already exists."))

    def validate_skill(self, field):
        if self.requirement.data == Requirement.SKILL.value and not field.data:
            raise ValidationError(_l("Choose the skill the course is required for."))

    def validate_disability_category(self, field):
        if self.requirement.data == Requirement.DISABILITY.value and not field.data:
            raise ValidationError(_l("Choose the disability category."))

    def validate_quiz(self, field):
        if self.kind.data != CourseKind.SELF_STUDY.value:
            return
        try:
            self.parsed_quiz = parse_quiz(field.data or "")
        except QuizFormatError as exc:
            raise ValidationError(QUIZ_PROBLEMS[exc.problem] % {"n": exc.number}) from None
        if not self.parsed_quiz:
            raise ValidationError(_l("A self-study course needs at least one quiz question."))

    def validate_material(self, field):
        if self.kind.data == CourseKind.SELF_STUDY.value and not (field.data or "").strip():
            raise ValidationError(_l("Enter the material volunteers read before the quiz."))


class SessionForm(SiteForm):
    community = SelectField(
        _l("Community running it"),
        coerce=optional_int,
        validators=[InputRequired(_l("Choose the community."))],
    )
    day = date_field(_l("Date"), _l("Enter the date, e.g. 2026-12-05."))
    starts = time_field(_l("Starts at"), _l("Enter when the session starts, e.g. 14:00."))
    ends = time_field(_l("Ends at"), _l("Enter when the session ends, e.g. 16:00."))
    place = StringField(
        _l("Place"),
        validators=[DataRequired(_l("Enter the place.")), Length(max=120, message=TOO_LONG)],
    )
    capacity = IntegerField(
        _l("Number of places"),
        validators=[
            InputRequired(_l("Enter the number of places, from 1 to 500.")),
            NumberRange(1, 500, _l("Enter the number of places, from 1 to 500.")),
        ],
    )
    trainer = StringField(
        _l("Trainer"),
        validators=[
            DataRequired(_l("Enter the trainer's name.")),
            Length(max=50, message=TOO_LONG),
        ],
    )

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def validate_ends(self, field):
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_day(self, field):
        if field.data and self.starts.data and self.now and self.starts_at <= self.now:
            raise ValidationError(_l("Choose a time in the future."))

    @property
    def starts_at(self) -> datetime:
        return to_utc(datetime.combine(self.day.data, self.starts.data))

    @property
    def ends_at(self) -> datetime:
        return to_utc(datetime.combine(self.day.data, self.ends.data))


def to_utc(local: datetime) -> datetime:
    """A wall-clock time in the site's time zone (Asia/Shanghai), as an aware UTC datetime."""
    return local.replace(tzinfo=local_zone()).astimezone(UTC)


class AttendanceForm(SiteForm):
    outcome = StringField(
        validators=[AnyOf(["attended", "absent"], _l("Choose attended or absent."))]
    )


class CorrectionForm(SiteForm):
    """Why a volunteer marked attended was absent after all: kept with the change, and the
    volunteer reads it when a pairing of theirs goes back to waiting for training."""

    reason = TextAreaField(
        _l("Why is this attendance corrected?"),
        filters=[strip_text],
        description=VOLUNTEER_READS,
        validators=[
            DataRequired(_l("Give a reason.")),
            Length(max=500, message=TOO_LONG),
            NO_NUMBERS_FOR_VOLUNTEER,
        ],
    )


def quiz_form(course, *, blank: bool = False) -> SiteForm:
    """A form with one required radio group per question of the course's quiz."""

    class QuizForm(SiteForm):
        pass

    for number, question in enumerate(course.quiz or []):
        setattr(
            QuizForm,
            f"q{number}",
            RadioField(
                question["question"],
                choices=[SelectChoice(str(i), o) for i, o in enumerate(question["options"])],
                validators=[InputRequired(_l("Choose an answer."))],
            ),
        )
    form = QuizForm(formdata=None) if blank else QuizForm()
    form.answers = lambda: [
        int(form[f"q{n}"].data) if form[f"q{n}"].data not in (None, "") else None
        for n in range(len(course.quiz or []))
    ]
    return form
