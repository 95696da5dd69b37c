"""Wish forms: drafting (resident or staff), review, delivery, evidence, thanks."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..accounts.forms import TOO_LONG
from ..core.forms import DONOR_READS, DONOR_READS_YOURS, NO_NUMBERS_FOR_DONOR, SiteForm, strip_text
from . import uploads
from .labels import CATEGORY_LABELS

PHOTO_MESSAGES = {
    "too_large": _l("The photo is larger than 5 MB. Choose a smaller one."),
    "not_image": _l("Upload a photo in JPEG, PNG or WebP format."),
}


def _within_cap(form, field):
    cap = current_app.config["WISH_COST_CAP"]
    if field.data is not None and not 1 <= field.data <= cap:
        raise ValidationError(_l("Enter a cost from ¥1 to ¥%(cap)d.", cap=cap))


class WishForm(SiteForm):
    resident = SelectField(
        _l("Resident"),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(_l("Choose the resident the wish is for."))],
    )
    title = StringField(
        _l("What is wished for"),
        description=_l("A few words, e.g. a wheelchair cushion."),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Enter what is wished for.")),
            Length(max=60, message=TOO_LONG),
        ],
    )
    story = TextAreaField(
        _l("The story"),
        description=_l(
            "Why it would help. It is shown publicly: no names, addresses, phone or ID "
            "numbers, and no details of the disability."
        ),
        filters=[strip_text],
        validators=[Length(max=2000, message=TOO_LONG)],
    )
    category = RadioField(
        _l("Category"),
        choices=[SelectChoice(m.value, label) for m, label in CATEGORY_LABELS.items()],
        validators=[InputRequired(_l("Choose a category."))],
    )
    cost_yuan = IntegerField(
        _l("Estimated cost (yuan)"),
        validators=[InputRequired(_l("Enter the estimated cost in whole yuan.")), _within_cap],
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l("JPEG, PNG or WebP, at most 5 MB. Location data is removed."),
    )

    def __init__(self, *args, cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cap = cap or current_app.config["WISH_COST_CAP"]
        self.cost_yuan.description = _l("Whole yuan, at most ¥%(cap)d.", cap=cap)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        chosen = getattr(self.photo.data, "filename", "")
        if not valid and chosen and not self.photo.errors:
            # a browser never fills a file field in again: say so, or the wish goes without it
            self.photo.errors = [_l("Choose the photo again: a form with mistakes cannot keep it.")]
        return valid


class ActionForm(SiteForm):
    """A button with nothing to fill in (claim, release, publish): its CSRF token only."""


class PublishForm(SiteForm):
    """Publishing; where the story tells of health or disability, the reviewer says the
    resident agreed to its being public (DESIGN §8), or edits it out."""

    health_agreed = BooleanField(
        _l("The resident agreed that these health or disability details are shown publicly")
    )


class DeliveredForm(SiteForm):
    note = TextAreaField(
        _l("Note for the social worker (optional)"),
        description=_l("For example when and where you handed it over."),
        filters=[strip_text],
        validators=[Length(max=1000, message=TOO_LONG)],
    )


class EvidenceForm(SiteForm):
    photo = FileField(
        _l("Photo of the delivery"),
        description=_l("JPEG, PNG or WebP, at most 5 MB. Location data is removed."),
    )
    note = TextAreaField(
        _l("Note"),
        description=_l(
            "A photo, a note, or both. The donor sees them: leave out the resident’s full "
            "name, address, phone, ID number and health."
        ),
        filters=[strip_text],
        validators=[Length(max=1000, message=TOO_LONG), NO_NUMBERS_FOR_DONOR],
    )

    def validate_note(self, field):
        if not field.data and not self.photo.data:
            raise ValidationError(_l("Add a photo or a note as evidence of the delivery."))


class ThanksForm(SiteForm):
    message = TextAreaField(
        _l("Your thanks to the donor"),
        filters=[strip_text],
        description=DONOR_READS,
        validators=[
            DataRequired(_l("Write a few words of thanks.")),
            Length(max=1000, message=TOO_LONG),
            NO_NUMBERS_FOR_DONOR,
        ],
    )


class OwnThanksForm(ThanksForm):
    """The resident's own thanks: its hint speaks to them, whose details they would be."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.message.description = DONOR_READS_YOURS


class NotReceivedForm(SiteForm):
    """Why the social worker sends a delivery back to the donor (who is told the reason)."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[strip_text],
        description=DONOR_READS,
        validators=[
            DataRequired(_l("Give a reason.")),
            Length(max=500, message=TOO_LONG),
            NO_NUMBERS_FOR_DONOR,
        ],
    )


def store_photo(field) -> str | None:
    """Store the field's uploaded image; None if none was chosen, with the error on the field."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return uploads.store_image(upload.read(uploads.MAX_BYTES + 1))
    except uploads.BadImage as problem:
        field.errors = [*field.errors, PHOTO_MESSAGES[problem.reason]]
        raise
