"""The transparency page's filter and the exports form; both are sent by GET."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired, ValidationError

from ..core.forms import SiteForm, date_field
from .exports import EXPORTS
from .services import DEFAULT_MONTHS, MONTH_CHOICES


class _GetForm(SiteForm):
    """Read from the query string; no CSRF token, since it changes nothing."""

    class Meta:
        csrf = False


class TransparencyFilter(_GetForm):
    district = SelectField(_l("District"), validate_choice=False, default="")
    months = SelectField(
        _l("Months shown"),
        choices=[SelectChoice(str(n), _l("Last %(n)d months", n=n)) for n in MONTH_CHOICES],
        default=str(DEFAULT_MONTHS),
        validate_choice=False,
    )

    def __init__(self, districts, **kwargs):
        super().__init__(**kwargs)
        self.district.choices = [SelectChoice("", _l("All districts"))] + [
            SelectChoice(str(d.id), d.name) for d in districts
        ]

    def validate_district(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError(_l("Choose a district from the list."))

    def validate_months(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError(_l("Choose how many months to show from the list."))


class ExportForm(_GetForm):
    kind = RadioField(
        _l("What to export"),
        choices=[SelectChoice(e.key, e.label) for e in EXPORTS.values()],
        validators=[InputRequired(_l("Choose what to export."))],
        validate_choice=False,
    )
    start = date_field(_l("From"), _l("Enter the first day of the period."))
    end = date_field(_l("To"), _l("Enter the last day of the period."))

    def validate_kind(self, field):
        if field.data not in EXPORTS:
            raise ValidationError(_l("Choose what to export from the list."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        export = EXPORTS.get(self.kind.data)
        if export is not None and not export.dated:  # the roster is as of today
            self.start.errors, self.end.errors = [], []
            return not any(f.errors for f in self)
        return valid

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
