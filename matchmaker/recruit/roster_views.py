"""Staff import the federation's existing volunteer roster (/recruit/import)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..accounts.models import Role
from ..core.nav import role_link
from ..core.roster_views import import_blueprint
from .roster import VOLUNTEER_ROSTER

bp = import_blueprint(
    "volunteer_import",
    "/recruit/import",
    VOLUNTEER_ROSTER,
    {
        "title": _l("Import volunteers"),
        "intro": _l(
            "Add the volunteers already on your federation's roster from an Excel (.xlsx) or "
            "CSV file, all at once."
        ),
        "after": _l(
            "Imported volunteers are approved at once, since you vouch for them. Their accounts "
            "have no password yet: give each an activation code when they want to log in."
        ),
        "button": lambda n: ngettext("Import %(num)d volunteer", "Import %(num)d volunteers", n),
        "done": lambda n: ngettext(
            "%(num)d volunteer imported.", "%(num)d volunteers imported.", n
        ),
        "template_name": "志愿者名单模板.xlsx",
    },
)
role_link(
    "volunteer_import.index",
    _l("Import volunteers"),
    _l("Add an existing volunteer roster from an .xlsx or .csv file."),
    Role.SOCIAL_WORKER,
    Role.ADMIN,
)
