"""The volunteer application and the reviewer's decision."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from ..accounts.forms import TOO_LONG
from ..core.forms import (
    GENDER_LABELS,
    NO_NUMBERS_FOR_VOLUNTEER,
    AvailabilityField,
    CheckboxesField,
    SiteForm,
    optional_int,
)
from ..core.types import Gender
from .models import BackgroundCheck, VolunteerStatus

CHECK_LABELS = {
    BackgroundCheck.NOT_STARTED: _l("Not started"),
    BackgroundCheck.PASSED: _l("Passed"),
    BackgroundCheck.FAILED: _l("Failed"),
}
STATUS_LABELS = {
    VolunteerStatus.APPLIED: _l("Waiting for review"),
    VolunteerStatus.APPROVED: _l("Approved"),
    VolunteerStatus.REJECTED: _l("Not accepted"),
    VolunteerStatus.MORE_INFO: _l("More information needed"),
    VolunteerStatus.SUSPENDED: _l("Suspended"),
}


def _at_least_one(message):
    def check(form, field):
        if not field.data:
            raise ValidationError(message)

    return check


class VolunteerForm(SiteForm):
    community = SelectField(
        _l("Home community"),
        coerce=optional_int,
        description=_l(
            "Where you live or would like to help. Distances are measured from its centre."
        ),
        validators=[InputRequired(_l("Choose your community."))],
    )
    radius_km = FloatField(
        _l("How far you can travel (km)"),
        default=5.0,
        validators=[
            InputRequired(_l("Enter a distance in kilometres, e.g. 5.")),
            NumberRange(0.5, 50, message=_l("Enter a distance between %(min)s and %(max)s km.")),
        ],
    )
    skills = CheckboxesField(
        _l("Skills you can offer"), validators=[_at_least_one(_l("Choose at least one skill."))]
    )
    availability = AvailabilityField(
        _l("When you are free each week"),
        description=_l("Tick every morning, afternoon or evening you can usually help."),
        validators=[_at_least_one(_l("Tick at least one time of the week."))],
    )
    languages = CheckboxesField(
        _l("Languages and dialects you speak"),
        validators=[_at_least_one(_l("Choose at least one language."))],
    )
    gender = RadioField(
        _l("Gender"),
        description=_l("Some residents ask for a volunteer of a given gender."),
        choices=[SelectChoice(g.value, GENDER_LABELS[g]) for g in Gender],
        validators=[InputRequired(_l("Choose your gender."))],
    )
    capacity = IntegerField(
        _l("How many residents you can be paired with at once"),
        default=1,
        validators=[
            InputRequired(_l("Enter a number from 1 to 5.")),
            NumberRange(1, 5, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
    )
    background_check_consent = BooleanField(
        _l("I agree to a background check (needed before visiting residents at home)")
    )
    consent = BooleanField(
        _l("I have read and agree to the privacy terms"),
        validators=[DataRequired(_l("You must agree to the privacy terms to apply."))],
    )


class DecisionForm(SiteForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(VolunteerStatus.APPROVED.value, _l("Approve")),
            SelectChoice(VolunteerStatus.MORE_INFO.value, _l("Ask for more information")),
            SelectChoice(VolunteerStatus.REJECTED.value, _l("Reject")),
        ],
        validators=[InputRequired(_l("Choose a decision."))],
    )
    reason = TextAreaField(
        _l("Reason or question for the applicant"),
        description=_l(
            "Required when rejecting or asking for more information. The applicant sees it."
        ),
        validators=[Length(max=500, message=TOO_LONG)],
    )

    def validate_reason(self, field):
        if self.decision.data != VolunteerStatus.APPROVED.value and not (field.data or "").strip():
            raise ValidationError(_l("Give a reason the applicant can act on."))


class BackgroundCheckForm(SiteForm):
    result = SelectField(
        _l("Background check"),
        choices=[SelectChoice(c.value, CHECK_LABELS[c]) for c in BackgroundCheck],
        validators=[InputRequired(_l("Choose the result of the check."))],
    )


class _StatusChangeForm(SiteForm):
    """Suspending or reinstating a volunteer: the reason is required, and the volunteer reads it."""

    reason = TextAreaField(
        _l("Reason"),
        description=_l("The volunteer is told this reason. Do not name a resident."),
        validators=[Length(max=500, message=TOO_LONG), NO_NUMBERS_FOR_VOLUNTEER],
    )

    def validate_reason(self, field):
        if not (field.data or "").strip():
            raise ValidationError(self.REASON_MISSING)


class SuspendForm(_StatusChangeForm):
    REASON_MISSING = _l("Say why the volunteer is suspended.")


class ReinstateForm(_StatusChangeForm):
    REASON_MISSING = _l("Say why the volunteer is reinstated.")
