"""Offer forms: registering (each kind with its own fields), review, linking."""

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
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..accounts.forms import TOO_LONG
from ..core.forms import NO_NUMBERS_FOR_DONOR, AvailabilityField, SiteForm, strip_text
from ..registry.labels import SERVICE_LABELS
from ..wishes.labels import CATEGORY_LABELS
from .labels import AMOUNT_BAND_LABELS, CONDITION_LABELS, KIND_LABELS
from .models import OfferKind

AT_LEAST_ONE = _l("Enter a whole number of at least 1.")


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as wtforms wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def _blank(label):
    return [("", label)]


class OfferForm(SiteForm):
    kind = RadioField(
        _l("What do you offer?"),
        description=_l("Once you choose, the form asks only what that kind of offer needs."),
        choices=choices((k.value, label) for k, label in KIND_LABELS.items()),
        validators=[InputRequired(_l("Choose what kind of offer this is."))],
    )
    title = StringField(
        _l("Title"),
        description=_l("A few words, e.g. 20 wheelchair cushions, free monthly haircuts."),
        filters=[strip_text],
        validators=[
            InputRequired(_l("Give your offer a title.")),
            Length(max=80, message=TOO_LONG),
        ],
    )
    description = TextAreaField(
        _l("Details (optional)"),
        filters=[strip_text],
        validators=[Length(max=2000, message=TOO_LONG)],
    )
    quantity = IntegerField(
        _l("How many"),
        description=_l(
            "Items of goods, sessions of a service, wishes or needs the funds can cover, "
            "or job openings."
        ),
        validators=[
            InputRequired(AT_LEAST_ONE),
            NumberRange(min=1, max=100000, message=AT_LEAST_ONE),
        ],
    )
    street = SelectField(_l("Area (street)"), coerce=str, validate_choice=True, default="")
    anonymous = BooleanField(_l("Show my offer as from an anonymous donor"))
    # goods and funds
    category = SelectField(
        _l("Category of goods or of wishes to fund"),
        choices=choices(
            _blank(_l("Choose…")) + [(c.value, lbl) for c, lbl in CATEGORY_LABELS.items()]
        ),
        validate_choice=True,
        default="",
    )
    condition = SelectField(
        _l("Condition of the goods"),
        choices=choices(
            _blank(_l("Choose…")) + [(c.value, lbl) for c, lbl in CONDITION_LABELS.items()]
        ),
        validate_choice=True,
        default="",
    )
    amount_band = SelectField(
        _l("Amount"),
        choices=choices(_blank(_l("Choose…")) + list(AMOUNT_BAND_LABELS.items())),
        validate_choice=True,
        default="",
    )
    # service
    service_type = SelectField(
        _l("Kind of service"),
        choices=choices(
            _blank(_l("Choose…")) + [(s.value, lbl) for s, lbl in SERVICE_LABELS.items()]
        ),
        validate_choice=True,
        default="",
    )
    availability = AvailabilityField(_l("When the service is available"))
    # job
    employer = StringField(
        _l("Employer"), filters=[strip_text], validators=[Length(max=80, message=TOO_LONG)]
    )
    job_role = StringField(
        _l("Job title"), filters=[strip_text], validators=[Length(max=80, message=TOO_LONG)]
    )
    hours_per_week = IntegerField(
        _l("Hours per week"),
        validators=[
            Optional(),
            NumberRange(min=1, max=60, message=_l("Enter hours from 1 to 60.")),
        ],
    )
    place = StringField(
        _l("Place of work"), filters=[strip_text], validators=[Length(max=120, message=TOO_LONG)]
    )
    accommodations = TextAreaField(
        _l("Accommodations offered"),
        description=_l("E.g. step-free entrance, sign language interpreter, flexible hours."),
        filters=[strip_text],
        validators=[Length(max=2000, message=TOO_LONG)],
    )

    #: kind → (field name, message) that kind requires
    REQUIRED = {
        OfferKind.GOODS: (
            ("category", _l("Choose the category of the goods.")),
            ("condition", _l("Choose the condition of the goods.")),
        ),
        OfferKind.FUNDS: (
            ("category", _l("Choose the category of wishes to fund.")),
            ("amount_band", _l("Choose the amount.")),
        ),
        OfferKind.SERVICE: (("service_type", _l("Choose the kind of service.")),),
        OfferKind.JOB: (
            ("employer", _l("Name the employer.")),
            ("job_role", _l("Enter the job title.")),
            ("place", _l("Say where the work is.")),
        ),
    }

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data in {k.value for k in OfferKind}:
            for name, message in self.REQUIRED[OfferKind(self.kind.data)]:
                field = self[name]
                if not field.data:
                    field.errors = [*field.errors, message]
                    valid = False
        if self.kind.data == OfferKind.SERVICE.value and not self.availability.data:
            self.availability.errors = [
                *self.availability.errors,
                _l("Tick at least one time when the service is available."),
            ]
            valid = False
        return valid


class RejectOfferForm(SiteForm):
    reason = TextAreaField(
        _l("Reason (the donor sees it)"),
        filters=[strip_text],
        validators=[
            InputRequired(_l("Say why the offer is turned down.")),
            Length(max=500, message=TOO_LONG),
            NO_NUMBERS_FOR_DONOR,
        ],
    )


class LinkForm(SiteForm):
    target = SelectField(_l("Wish or need"), coerce=str, validate_choice=True)
    units = IntegerField(
        _l("Units to use"),
        default=1,
        validators=[
            InputRequired(AT_LEAST_ONE),
            NumberRange(min=1, max=100000, message=AT_LEAST_ONE),
        ],
    )


class ActionForm(SiteForm):
    """A button with nothing to fill in: its CSRF token only."""
