"""Supervision forms: a visit log, decisions on logs, ratings, reviews and incidents."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..accounts.forms import TOO_LONG
from ..core.forms import (
    NO_NUMBERS_FOR_PAIRING,
    NO_NUMBERS_FOR_VOLUNTEER,
    PAIRING_READS,
    VOLUNTEER_READS,
    SiteForm,
    date_field,
    time_field,
)
from ..core.pii import NoPhoneOrId
from .labels import ACTIVITY_LABELS, DECISION_LABELS, OUTCOME_LABELS, RATING_LABELS
from .logs import LogValues
from .models import Activity


def _enum_choices(labels):
    return [SelectChoice(key.value, label) for key, label in labels.items()]


RATING_CHOICES = [SelectChoice(value, label) for value, label in RATING_LABELS.items()]


class LogForm(SiteForm):
    service_date = date_field(
        _l("Date of the visit"), _l("Enter the date of the visit, e.g. 2026-11-20.")
    )
    start_time = time_field(_l("Start time"), _l("Enter when the visit started, e.g. 09:00."))
    end_time = time_field(_l("End time"), _l("Enter when the visit ended, e.g. 11:30."))
    activity = SelectField(
        _l("Activity"),
        choices=[SelectChoice("", _l("Choose an activity")), *_enum_choices(ACTIVITY_LABELS)],
        validators=[InputRequired(_l("Choose what you did."))],
    )
    activity_detail = StringField(
        _l("In a few words (optional)"),
        validators=[Length(max=100, message=TOO_LONG)],
    )
    notes = TextAreaField(
        _l("Notes (optional)"),
        description=_l("How the resident was, anything the social worker should know."),
        validators=[Length(max=2000, message=TOO_LONG)],
    )

    def validate_activity(self, field):
        if field.data not in {a.value for a in Activity}:
            raise ValidationError(_l("Choose what you did."))

    def values(self) -> LogValues:
        return LogValues(
            service_date=self.service_date.data,
            start_time=self.start_time.data.replace(second=0, microsecond=0),
            end_time=self.end_time.data.replace(second=0, microsecond=0),
            activity=Activity(self.activity.data),
            activity_detail=(self.activity_detail.data or "").strip(),
            notes=(self.notes.data or "").strip(),
        )

    def fill(self, values: LogValues) -> None:
        self.service_date.data, self.start_time.data = values.service_date, values.start_time
        self.end_time.data, self.activity.data = values.end_time, values.activity.value
        self.activity_detail.data, self.notes.data = values.activity_detail, values.notes


class ActionForm(SiteForm):
    """A button only (verify, approve a change, resume): the CSRF token is the whole form."""


class ReasonForm(SiteForm):
    """Why a log is rejected or a change to it refused: the volunteer who logged it reads it."""

    reason = TextAreaField(
        _l("Reason"),
        description=VOLUNTEER_READS,
        validators=[
            DataRequired(_l("Say why, so the person concerned understands.")),
            Length(max=500, message=TOO_LONG),
            NO_NUMBERS_FOR_VOLUNTEER,
        ],
    )

    @property
    def close_need(self) -> bool:
        return self.need.data == CLOSE_NEED


class RateForm(SiteForm):
    rating = RadioField(
        _l("How was this visit?"),
        choices=RATING_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
    )


class ReviewForm(SiteForm):
    satisfaction = RadioField(
        _l("Resident's satisfaction"),
        choices=RATING_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose the resident's satisfaction from 1 to 5."))],
    )
    risks = TextAreaField(
        _l("Risks noticed"),
        description=_l(
            "Only social workers read this. If the review ends the pairing, the volunteer "
            "and the resident read only that it ended at a supervision review."
        ),
        validators=[Length(max=2000, message=TOO_LONG)],
    )
    actions = TextAreaField(_l("Actions agreed"), validators=[Length(max=2000, message=TOO_LONG)])
    outcome = RadioField(
        _l("Outcome"),
        choices=_enum_choices(OUTCOME_LABELS),
        validators=[InputRequired(_l("Choose the outcome of the review."))],
    )
    #: the pairing's latest done review when the form was shown (reviews.last_review_id):
    #: of two social workers recording the same review at once, the second is told
    seen = IntegerField(widget=HiddenInput(), validators=[Optional()])


#: Who reads an incident report: its reporter and the pairing's staff, never the other person
#: in the pairing (supervise.services.incidents_shown_to). Health details may be what the
#: social worker needs; a phone or ID number is not (they have the record).
REPORTERS_AND_STAFF_READ = _l(
    "Reporting suspends the pairing until a social worker decides. Only you and the social "
    "workers read this, not the other person in the pairing. Leave out phone and ID numbers."
)
NO_NUMBERS_FOR_STAFF = NoPhoneOrId(
    _l(
        "Only you and the social workers read this, but take out the phone or ID number "
        "(%(numbers)s): the social workers have the contact details on record."
    )
)


class IncidentForm(SiteForm):
    description = TextAreaField(
        _l("What happened?"),
        description=REPORTERS_AND_STAFF_READ,
        validators=[
            DataRequired(_l("Describe what happened.")),
            Length(max=4000, message=TOO_LONG),
            NO_NUMBERS_FOR_STAFF,
        ],
    )


class ResolveForm(SiteForm):
    decision = RadioField(
        _l("What becomes of the pairing?"),
        choices=_enum_choices(DECISION_LABELS),
        validators=[InputRequired(_l("Choose whether the pairing resumes or ends."))],
    )
    note = TextAreaField(
        _l("Decision note"),
        description=PAIRING_READS,
        validators=[
            DataRequired(_l("Explain the decision.")),
            Length(max=1000, message=TOO_LONG),
            NO_NUMBERS_FOR_PAIRING,
        ],
    )


#: What becomes of the need when its pairing ends (the value of EndForm.need).
CLOSE_NEED, REOPEN_NEED = "close", "reopen"


class EndForm(SiteForm):
    need = RadioField(
        _l("And the resident's need?"),
        choices=[
            SelectChoice(CLOSE_NEED, _l("The need is met: close it")),
            SelectChoice(REOPEN_NEED, _l("Reopen the need for a new pairing")),
        ],
        default=REOPEN_NEED,
        validators=[InputRequired(_l("Choose whether the need is closed or reopened."))],
    )
    reason = TextAreaField(
        _l("Why does the pairing end?"),
        description=PAIRING_READS,
        validators=[
            DataRequired(_l("Give the reason for ending the pairing.")),
            Length(max=500, message=TOO_LONG),
            NO_NUMBERS_FOR_PAIRING,
        ],
    )

    @property
    def close_need(self) -> bool:
        return self.need.data == CLOSE_NEED
