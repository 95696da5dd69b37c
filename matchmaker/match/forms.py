"""Deciding on a proposal."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ..accounts.forms import TOO_LONG
from ..core.forms import SiteForm
from .models import RejectReason

REASON_LABELS = {
    RejectReason.TOO_FAR: _l("Too far away"),
    RejectReason.TIME: _l("Times do not fit"),
    RejectReason.SKILLS: _l("Skills do not fit"),
    RejectReason.PREFERENCE: _l("Preferences do not fit"),
    RejectReason.OTHER: _l("Other reason"),
}


class ConfirmForm(SiteForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=500, message=TOO_LONG)])


class RejectForm(SiteForm):
    reason = SelectField(
        _l("Why not?"),
        choices=[SelectChoice("", _l("Choose a reason"))]
        + [SelectChoice(r.value, label) for r, label in REASON_LABELS.items()],
        validators=[InputRequired(_l("Choose a reason."))],
    )
    note = TextAreaField(
        _l("Note"),
        description=_l("Required for “Other reason”. Helps the next model learn."),
        validators=[Length(max=500, message=TOO_LONG)],
    )

    def validate_reason(self, field):
        if field.data not in {r.value for r in RejectReason}:
            raise ValidationError(_l("Choose a reason."))

    def validate_note(self, field):
        if self.reason.data == RejectReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Say what the other reason is."))


#: What each scorer feature means, for the "how the score adds up" table.
FEATURE_LABELS = {
    "skill_coverage": _l("Required skills held"),
    "availability_overlap": _l("Free at the times wanted"),
    "proximity": _l("Close by"),
    "same_community": _l("Same community"),
    "language_match": _l("Shared language"),
    "experience": _l("Verified service hours"),
    "past_rating": _l("Residents' ratings"),
    "category_success": _l("Lasting pairings with similar residents"),
    "training_done": _l("Training done"),
    "waiting_time": _l("Need waiting long"),
    "urgency": _l("Urgency"),
    "interest": _l("Offered to help with this need"),
    "nearness": _l("Short trip"),
    "novice_on_urgent": _l("New volunteer on an urgent need"),
}
