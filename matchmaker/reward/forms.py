"""Reward forms: the honour-roll choice, a certificate request, a revocation."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..accounts.forms import TOO_LONG
from ..core.forms import SiteForm, date_field

STAR_LABELS = (
    _l("No star yet"),
    _l("One-star volunteer"),
    _l("Two-star volunteer"),
    _l("Three-star volunteer"),
    _l("Four-star volunteer"),
    _l("Five-star volunteer"),
)


def star_label(level: int):
    return STAR_LABELS[max(0, min(level, len(STAR_LABELS) - 1))]


class HonourForm(SiteForm):
    opt_in = BooleanField(_l("Show me on the public honour roll"))
    display_name = StringField(
        _l("Name to show"),
        description=_l("Only this name is shown, e.g. your given name or a nickname."),
        validators=[Length(max=30, message=TOO_LONG)],
    )

    def validate_display_name(self, field):
        if self.opt_in.data and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name the honour roll should show."))


class CertificateForm(SiteForm):
    period_start = date_field(_l("From"), _l("Enter the first day, e.g. 2026-01-01."))
    period_end = date_field(_l("To"), _l("Enter the last day, e.g. 2026-11-30."))

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The last day must not be before the first day."))


class RevokeForm(SiteForm):
    reason = TextAreaField(
        _l("Why is it revoked?"),
        validators=[DataRequired(_l("Give the reason.")), Length(max=500, message=TOO_LONG)],
    )
