"""Staff import a roster of residents (服务对象) (/residents/import)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..accounts.models import Role
from ..core.nav import role_link
from ..core.roster_views import import_blueprint
from .roster import RESIDENT_ROSTER

bp = import_blueprint(
    "resident_import",
    "/residents/import",
    RESIDENT_ROSTER,
    {
        "title": _l("Import residents"),
        "intro": _l(
            "Add the residents your community already serves from an Excel (.xlsx) or CSV "
            "file, all at once. ID numbers are checked and only ever shown masked."
        ),
        "after": _l(
            "A resident with a mobile number also gets an account, linked to their record and "
            "without a password: give them an activation code when they want to log in."
        ),
        "button": lambda n: ngettext("Import %(num)d resident", "Import %(num)d residents", n),
        "done": lambda n: ngettext("%(num)d resident imported.", "%(num)d residents imported.", n),
        "template_name": "服务对象名单模板.xlsx",
    },
)
role_link(
    "resident_import.index",
    _l("Import residents"),
    _l("Add an existing roster of residents from an .xlsx or .csv file."),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)
