"""Registry forms: resident records, needs (staff and resident), review actions, linking."""

import re
from datetime import date

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
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..accounts.forms import TOO_LONG
from ..core.forms import (
    AvailabilityField,
    CheckboxesField,
    SiteForm,
    optional_int,
    strip_text,
    with_placeholder,
)
from ..core.phones import PhoneNumber
from ..core.types import Gender
from .labels import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    GRADE_LABELS,
    SERVICE_LABELS,
    URGENCY_LABELS,
)
from .models import DisabilityCategory, ServiceType, Urgency
from .services import id_number_problem

ID_MESSAGES = {
    "format": _l("Enter the 18 characters of the ID: 17 digits, then a digit or X."),
    "date": _l("The birth date inside this ID number does not exist; check the digits."),
    "checksum": _l(
        "This ID number is not valid (its last character does not match); check each digit."
    ),
}


def _phone(value):
    return re.sub(r"[\s()]", "", value) if isinstance(value, str) else value


_valid_phone = PhoneNumber(_l("Enter a phone number of digits, e.g. 13812345678."))


def _valid_id_number(form, field):
    if field.data:
        problem = id_number_problem(field.data)
        if problem:
            raise ValidationError(ID_MESSAGES[problem])


def _plausible_birth_year(form, field):
    if field.data is not None and not 1900 <= field.data <= date.today().year:
        raise ValidationError(
            _l("Enter a year from %(min)d to %(max)d.", min=1900, max=date.today().year)
        )


def enum_choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(member.value, label) for member, label in labels.items()]


class ResidentForm(SiteForm):
    name = StringField(
        _l("Name"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Enter the resident's name.")),
            Length(max=50, message=TOO_LONG),
        ],
    )
    gender = RadioField(
        _l("Gender"),
        choices=[SelectChoice("", _l("Not recorded")), *enum_choices(GENDER_LABELS)],
        default="",
    )
    birth_year = IntegerField(
        _l("Year of birth"),
        description=_l("Four digits, e.g. 1962. Left empty, it is read from the ID number."),
        validators=[Optional(), _plausible_birth_year],
    )
    id_number = StringField(
        _l("Resident ID number"),
        description=_l("18 characters. Only its first four and last four are ever shown."),
        filters=[lambda v: v.replace(" ", "").upper() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=18, message=ID_MESSAGES["format"]), _valid_id_number],
    )
    disability_category = RadioField(
        _l("Disability category"),
        choices=enum_choices(CATEGORY_LABELS),
        validators=[InputRequired(_l("Choose the disability category."))],
    )
    disability_grade = RadioField(
        _l("Disability grade"),
        choices=[SelectChoice(str(grade), label) for grade, label in GRADE_LABELS.items()],
        coerce=int,
        validators=[InputRequired(_l("Choose the disability grade."))],
    )
    community = SelectField(
        _l("Community"),
        coerce=optional_int,
        validate_choice=True,
        validators=[InputRequired(_l("Choose the community."))],
    )
    address = StringField(
        _l("Address"),
        description=_l("For example 文三路 158 号 3 幢 2 单元 402 室."),
        filters=[strip_text],
        validators=[Length(max=200, message=TOO_LONG)],
    )
    phone = StringField(
        _l("Phone"),
        filters=[_phone],
        validators=[Optional(), Length(max=20, message=TOO_LONG), _valid_phone],
    )
    guardian_name = StringField(
        _l("Guardian's name"),
        description=_l("If a family member or guardian looks after the resident."),
        filters=[strip_text],
        validators=[Length(max=50, message=TOO_LONG)],
    )
    guardian_phone = StringField(
        _l("Guardian's phone"),
        filters=[_phone],
        validators=[Optional(), Length(max=20, message=TOO_LONG), _valid_phone],
    )
    languages = CheckboxesField(_l("Languages and dialects"), validators=[Optional()])
    consent_note = StringField(
        _l("How consent was given"),
        description=_l("For example: signed consent form, or the guardian agreed in person."),
        filters=[strip_text],
        validators=[Length(max=200, message=TOO_LONG)],
    )
    consent = BooleanField(
        _l("The resident (or their guardian) agrees to these details being kept"),
        validators=[DataRequired(_l("Record the resident's consent before saving."))],
    )

    def validate_birth_year(self, field):
        number = self.id_number.data
        readable = field.data and number and not id_number_problem(number)
        if readable and int(number[6:10]) != field.data:
            raise ValidationError(_l("The ID number says %(year)s; check both.", year=number[6:10]))


def _service_type_field(label):
    return SelectField(
        label,
        choices=with_placeholder(enum_choices(SERVICE_LABELS)),
        validators=[InputRequired(_l("Choose the kind of help."))],
    )


def _require_a_slot(form, field):
    if not field.data:
        raise ValidationError(_l("Tick at least one time of the week."))


def _skills_to_open(form, field):
    """Matching proposes only volunteers covering a required skill: an open need names one."""
    opening = getattr(form, "opening", True)
    if opening and not field.data:
        raise ValidationError(_l("Choose at least one skill the volunteer needs."))


class NeedForm(SiteForm):
    """A need as staff enter it; saving it as a draft may leave the skills for later."""

    #: set by the view: True when the need is to open at once ("open" button)
    opening = True

    service_type = _service_type_field(_l("Kind of help"))
    skills = CheckboxesField(_l("Skills the volunteer needs"), validators=[_skills_to_open])
    availability = AvailabilityField(
        _l("When help is wanted"),
        description=_l("Tick every morning, afternoon or evening that suits the resident."),
        validators=[_require_a_slot],
    )
    urgency = RadioField(
        _l("Urgency"), choices=enum_choices(URGENCY_LABELS), default=Urgency.NORMAL.value
    )
    home_visit = BooleanField(
        _l("Help is given in the resident's home"),
        description=_l("Only volunteers with a passed background check are proposed."),
    )
    gender_preference = RadioField(
        _l("Volunteer's gender"),
        choices=[SelectChoice("any", _l("Either")), *enum_choices(GENDER_LABELS)],
        default="any",
    )
    notes = TextAreaField(
        _l("Notes"),
        description=_l("What the volunteer should know. Shown to staff and the paired volunteer."),
        filters=[strip_text],
        validators=[Length(max=2000, message=TOO_LONG)],
    )


class ResidentNeedForm(SiteForm):
    """The short form a resident fills in for themselves."""

    service_type = _service_type_field(_l("What kind of help do you need?"))
    notes = TextAreaField(
        _l("Tell us what you need"),
        description=_l(
            "In your own words, e.g. take me to my hospital check-up on Tuesday mornings."
        ),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Tell us in a few words what you need.")),
            Length(max=2000, message=TOO_LONG),
        ],
    )
    availability = AvailabilityField(
        _l("When would help suit you?"),
        description=_l("Tick every morning, afternoon or evening that suits you."),
        validators=[_require_a_slot],
    )
    home_visit = RadioField(
        _l("Should the volunteer come to your home?"),
        choices=[SelectChoice("no", _l("No")), SelectChoice("yes", _l("Yes"))],
        default="no",
        validators=[InputRequired(_l("Choose yes or no."))],
    )


class ReasonForm(SiteForm):
    """Closing or rejecting a need: the reason is recorded (and a resident sees it)."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Give a reason.")),
            Length(max=500, message=TOO_LONG),
        ],
    )


class OpenNeedForm(SiteForm):
    """Opening a need for matching: the skills a volunteer must offer (at least one)."""

    skills = CheckboxesField(_l("Skills the volunteer needs"), validators=[_skills_to_open])


#: Why a record is made inactive; the chosen label (and note) is recorded as the reason.
INACTIVE_REASONS = {
    "moved": _l("Moved away"),
    "deceased": _l("Deceased"),
    "declined": _l("Declined the service"),
    "other": _l("Another reason"),
}
#: how the history stores each choice (in English, shown in the reader's language)
INACTIVE_STORED = {
    "moved": "moved away",
    "deceased": "deceased",
    "declined": "declined the service",
    "other": "another reason",
}


class InactiveForm(SiteForm):
    """Making a resident's record inactive: a reason from the list, a note for "other"."""

    reason = RadioField(
        _l("Why is the record no longer active?"),
        choices=[SelectChoice(key, label) for key, label in INACTIVE_REASONS.items()],
        validators=[InputRequired(_l("Choose why the record is no longer active."))],
    )
    note = TextAreaField(
        _l("Note"),
        description=_l("Required for another reason; for example where the resident moved."),
        filters=[strip_text],
        validators=[Length(max=300, message=TOO_LONG)],
    )

    def validate_note(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_l("Say what the other reason is."))


class ActionForm(SiteForm):
    """A POST with nothing but its CSRF token (e.g. opening a need)."""


def gender_or_none(value: str) -> Gender | None:
    return Gender(value) if value in {g.value for g in Gender} else None


def service_type_of(form) -> ServiceType:
    return ServiceType(form.service_type.data)


def category_of(form) -> DisabilityCategory:
    return DisabilityCategory(form.disability_category.data)
