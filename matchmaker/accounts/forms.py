"""Account forms. Messages are lazy so they render in the reader's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

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


class RegisterForm(FlaskForm):
    role = RadioField(
        _l("I am registering as"),
        choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in SELF_SERVICE_ROLES],
        validators=[InputRequired(_l("Choose how you will take part."))],
    )
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=NAME_MAX, message=_l("Use at most %(max)d characters.")),
        ],
    )
    login = StringField(
        _l("Mobile number or e-mail"),
        description=_l("You will log in with this."),
        validators=[
            DataRequired(_l("Enter a mobile number or e-mail address.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
            _valid_login,
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters, mixing letters with digits or symbols."),
        validators=[DataRequired(_l("Choose a password.")), _strong_password("login")],
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Repeat your password.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
    )
    consent = BooleanField(
        _l("I have read and agree to the privacy terms"),
        validators=[DataRequired(_l("You must agree to the privacy terms to register."))],
    )


class LoginForm(FlaskForm):
    login = StringField(
        _l("Mobile number or e-mail"),
        validators=[
            DataRequired(_l("Enter your mobile number or e-mail address.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=MAX_LENGTH, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password.")),
            Length(max=MAX_LENGTH, message=_l("Use at most %(max)d characters.")),
        ],
    )
    password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters, mixing letters with digits or symbols."),
        validators=[DataRequired(_l("Choose a new password.")), _strong_password(None)],
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[
            DataRequired(_l("Repeat your new password.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
    )
