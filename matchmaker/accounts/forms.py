"""Account forms. Messages are lazy so they render in the reader's language."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from ..core.forms import SiteForm
from .logins import LoginFormatError, normalise_login
from .models import SELF_SERVICE_ROLES, Role
from .passwords import MAX_LENGTH, MIN_LENGTH, weakness

NAME_MAX = 50

ROLE_LABELS = {
    Role.VOLUNTEER: _l("Volunteer — help residents in person"),
    Role.DONOR: _l("Donor — fulfil micro-wishes and offer goods, services or jobs"),
    Role.RESIDENT: _l("Resident or guardian — ask for help for yourself or your family"),
}

WEAKNESS_MESSAGES = {
    "short": _l("Use at least %(n)d characters.", n=MIN_LENGTH),
    "long": _l("Use at most %(n)d characters.", n=MAX_LENGTH),
    "common": _l("This password is too common; choose another."),
    "one_kind": _l("Mix letters with digits or symbols."),
    "contains_login": _l("Do not put your login in your password."),
}


def _valid_login(form, field):
    try:
        normalise_login(field.data)
    except LoginFormatError:
        raise ValidationError(_l("Enter an 11-digit mobile number or an e-mail address.")) from None


def _strong_password(login_field: str | None):
    def check(form, field):
        login = getattr(form, login_field).data if login_field else ""
        reason = weakness(field.data or "", login or "")
        if reason:
            raise ValidationError(_l("Password too weak: %(why)s", why=WEAKNESS_MESSAGES[reason]))

    return check


TOO_LONG = _l("Use at most %(max)d characters.")
PASSWORD_HINT = _l("At least 8 characters, mixing letters with digits or symbols.")


def name_field(required_message) -> StringField:
    return StringField(
        _l("Name"),
        validators=[DataRequired(required_message), Length(max=NAME_MAX, message=TOO_LONG)],
    )


def new_login_field(description=None) -> StringField:
    """A login for a new account: an e-mail address or an 11-digit mobile number."""
    return StringField(
        _l("Mobile number or e-mail"),
        description=description,
        validators=[
            DataRequired(_l("Enter a mobile number or e-mail address.")),
            Length(max=254, message=TOO_LONG),
            _valid_login,
        ],
    )


def new_password_field(label, required_message, login_field: str | None = None):
    """A password being chosen, held to the strength rule (and kept apart from the login)."""
    return PasswordField(
        label,
        description=PASSWORD_HINT,
        validators=[DataRequired(required_message), _strong_password(login_field)],
    )


def repeat_password_field(label, required_message) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(required_message),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
    )


def existing_password_field(label, required_message) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(required_message), Length(max=MAX_LENGTH, message=TOO_LONG)],
    )


def grouped_values(field) -> set[str]:
    """The values a select grouped by optgroup offers (choices ``{group: [(value, label)]}``,
    as ``services.community_choices`` gives them)."""
    return {str(value) for options in field.choices.values() for value, _ in options}


class RegisterForm(SiteForm):
    role = RadioField(
        _l("I am registering as"),
        choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in SELF_SERVICE_ROLES],
        validators=[InputRequired(_l("Choose how you will take part."))],
    )
    #: asked of residents only; choices (grouped by street) are set by the view
    community = SelectField(
        _l("Community (社区) where you live"),
        description=_l(
            "Grouped by street. The social workers of your community will link your "
            "account to your record. Volunteers and donors leave this empty."
        ),
        choices=[],
        validate_choice=False,
    )
    name = name_field(_l("Enter your name."))
    login = new_login_field(description=_l("You will log in with this."))
    password = new_password_field(_l("Password"), _l("Choose a password."), "login")
    confirm = repeat_password_field(_l("Repeat password"), _l("Repeat your password."))
    consent = BooleanField(
        _l("I have read and agree to the privacy terms"),
        validators=[DataRequired(_l("You must agree to the privacy terms to register."))],
    )

    def validate_community(self, field):
        if self.role.data != Role.RESIDENT.value:
            return  # not asked of volunteers and donors: whatever was sent is ignored
        if not field.data:
            raise ValidationError(_l("Residents: choose the community you live in."))
        if field.data not in grouped_values(field):
            raise ValidationError(_l("Choose a community from the list."))

    def home_community_id(self) -> int | None:
        """The community chosen, for a resident; None for other roles."""
        if self.role.data != Role.RESIDENT.value or not self.community.data:
            return None
        return int(self.community.data)


class LoginForm(SiteForm):
    login = StringField(
        _l("Mobile number or e-mail"),
        validators=[
            DataRequired(_l("Enter your mobile number or e-mail address.")),
            Length(max=254, message=TOO_LONG),
        ],
    )
    password = existing_password_field(_l("Password"), _l("Enter your password."))


class ChangePasswordForm(SiteForm):
    current = existing_password_field(_l("Current password"), _l("Enter your current password."))
    password = new_password_field(_l("New password"), _l("Choose a new password."))
    confirm = repeat_password_field(_l("Repeat new password"), _l("Repeat your new password."))


class ActivateForm(SiteForm):
    login = StringField(
        _l("Mobile number or e-mail"),
        validators=[
            DataRequired(_l("Enter your mobile number or e-mail address.")),
            Length(max=254, message=TOO_LONG),
        ],
    )
    code = StringField(
        _l("Activation code"),
        description=_l(
            "The 8 letters and digits your social worker gave you, or that we e-mailed you, "
            "e.g. K7QM-29PZ."
        ),
        validators=[
            DataRequired(_l("Enter your activation code.")),
            Length(max=20, message=TOO_LONG),
        ],
    )
    password = new_password_field(_l("Choose a password"), _l("Choose a password."), "login")
    confirm = repeat_password_field(_l("Repeat password"), _l("Repeat your password."))


def _an_email_login(form, field):
    try:
        kind, _address = normalise_login(field.data)
    except LoginFormatError:
        kind = None
    if kind != "email":
        raise ValidationError(_l("Enter the e-mail address you log in with, e.g. li@example.org."))


class ForgotPasswordForm(SiteForm):
    email = StringField(
        _l("E-mail address you log in with"),
        validators=[
            DataRequired(_l("Enter the e-mail address you log in with.")),
            Length(max=254, message=TOO_LONG),
            _an_email_login,
        ],
    )
