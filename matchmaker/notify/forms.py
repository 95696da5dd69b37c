from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from ..core.forms import SiteForm


class ActionForm(SiteForm):
    """A button that posts (mark as read): CSRF only."""


class EmailSettingsForm(SiteForm):
    email = RadioField(
        _l("E-mail me my notifications"),
        choices=[
            SelectChoice("yes", _l("Yes, e-mail me as well")),
            SelectChoice("no", _l("No, only keep them in my inbox")),
        ],
        validators=[InputRequired(_l("Choose whether to receive e-mails."))],
    )
