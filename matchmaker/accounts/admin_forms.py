"""Forms for administrators managing accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.forms import CheckboxesField, SiteForm
from ..core.nav import ROLE_NAMES
from .forms import TOO_LONG, _strong_password, name_field, new_login_field, new_password_field
from .models import Role

STAFF_ROLES = (Role.SOCIAL_WORKER, Role.ADMIN)
NO_COMMUNITY = _l("A social worker needs at least one community.")


def community_choices(communities) -> list[SelectChoice]:
    return [SelectChoice(str(c.id), f"{c.street.name} · {c.name}") for c in communities]


class StaffForm(SiteForm):
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in STAFF_ROLES],
        default=Role.SOCIAL_WORKER.value,
        validators=[DataRequired(_l("Choose a role."))],
    )
    name = name_field(_l("Enter a name."))
    login = new_login_field()
    password = new_password_field(_l("First password"), _l("Choose a password."), "login")
    communities = CheckboxesField(_l("Communities they look after"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # checked here: the field's Optional() stops its own chain when nothing is ticked
        if self.role.data == Role.SOCIAL_WORKER.value and not self.communities.data:
            self.communities.errors.append(NO_COMMUNITY)
            return False
        return valid


class EditUserForm(SiteForm):
    roles = CheckboxesField(
        _l("Roles"), choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in Role]
    )
    communities = CheckboxesField(_l("Communities they look after"), validators=[Optional()])
    active = BooleanField(
        _l("Account is active (can log in)"),
        description=_l(
            "Clearing it stops the person logging in; the login page tells them only that the "
            "login or password is wrong, so let them know yourself. A volunteer's waiting "
            "proposals and a donor's open offers are withdrawn."
        ),
    )
    new_password = PasswordField(
        _l("Set a new password"),
        description=_l(
            "Only when they have forgotten theirs. Leave empty to keep the current password. "
            "Tell it to them in person."
        ),
        validators=[Optional(), _strong_password(None)],
    )
    reason = StringField(
        _l("Reason for the change"),
        description=_l("Recorded in the account's history; required when disabling."),
        validators=[Length(max=200, message=TOO_LONG)],
    )

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Keep at least one role."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # a social worker with no community sees nothing; one being disabled may be left none
        if (
            Role.SOCIAL_WORKER.value in (self.roles.data or [])
            and self.active.data
            and not self.communities.data
        ):
            self.communities.errors.append(NO_COMMUNITY)
            return False
        return valid

    def validate_reason(self, field):
        if (
            self.active.data is False
            and self.active.object_data is not False
            and not (field.data or "").strip()
        ):
            raise ValidationError(_l("Say why the account is being disabled."))
