"""Forms of the queue of resident accounts to link (``account_views.py``)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..accounts.forms import TOO_LONG, grouped_values
from ..core.forms import SiteForm, optional_int, strip_text


class LinkAccountForm(SiteForm):
    resident = SelectField(
        _l("Resident record"),
        description=_l(
            "Records in your communities without an account; those with the same name or "
            "phone come first."
        ),
        coerce=optional_int,
        validators=[InputRequired(_l("Choose the resident record."))],
    )


class UnlinkAccountForm(SiteForm):
    """Undo a link to the wrong record; the reason goes into the record's history."""

    reason = TextAreaField(
        _l("Why is this account not theirs?"),
        description=_l(
            "The account stops reaching this record at once and waits to be linked again."
        ),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Say why the account is unlinked.")),
            Length(max=300, message=TOO_LONG),
        ],
    )


class CommunityChoiceForm(SiteForm):
    """A ``community`` chosen from all of them, grouped by district and street as at
    registration (choices set by the view; each subclass words the question)."""

    def validate_community(self, field):
        if field.data not in grouped_values(field):
            raise ValidationError(_l("Choose a community from the list."))


class HandOverForm(CommunityChoiceForm):
    """Pass an account to the community its owner really lives in."""

    community = SelectField(
        _l("Community they live in"),
        description=_l(
            "Their account goes to that community's social workers, who check and link it; "
            "you will no longer see it."
        ),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(_l("Choose the community they live in."))],
    )


class OwnCommunityForm(CommunityChoiceForm):
    """A resident waiting to be linked corrects the community they named."""

    community = SelectField(
        _l("The community you live in"),
        description=_l(
            "Its social workers check who you are and link your account to your record."
        ),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(_l("Choose the community you live in."))],
    )
