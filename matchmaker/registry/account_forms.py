"""Forms of the queue of resident accounts to link (``account_views.py``)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError


class LinkAccountForm(FlaskForm):
    resident = SelectField(
        _l("Resident record"),
        description=_l(
            "Records in your communities without an account; those with the same name or "
            "phone come first."
        ),
        coerce=int,
        validators=[InputRequired(_l("Choose the resident record."))],
    )


class HandOverForm(FlaskForm):
    """Pass an account to the community its owner really lives in (choices set by the view,
    grouped by district and street as at registration)."""

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

    def validate_community(self, field):
        offered = {value for options in field.choices.values() for value, _ in options}
        if field.data not in offered:
            raise ValidationError(_l("Choose a community from the list."))
