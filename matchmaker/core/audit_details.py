"""How the audit log's details read to the administrator (/admin/audit).

Each entry stores a short English detail as the code writes it ("need 12", "social_worker",
"status=submitted page=1"); stored rows stay as they are. Per action, the domain that writes
a detail registers how it reads (a ``Phrasebook``, as for history reasons); a detail no one
registered, or one that no longer parses, is shown as stored.
"""

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..accounts.models import Role
from ..accounts.places import Community
from ..extensions import db
from .histories import Phrasebook, labelled
from .nav import ROLE_NAMES

_BOOKS: dict[str, Phrasebook] = {}


def detail_pattern(actions: str | tuple[str, ...], pattern: str, message, **parts) -> None:
    """Read the detail of ``actions`` matching ``pattern`` as ``message`` (see Phrasebook)."""
    for action in (actions,) if isinstance(actions, str) else actions:
        _BOOKS.setdefault(action, Phrasebook()).pattern(pattern, message, **parts)


def detail_text(action: str, text: str, message) -> None:
    """Read the detail ``text`` of ``action`` as ``message``."""
    _BOOKS.setdefault(action, Phrasebook()).known(text, message)


def audit_detail(action: str, detail: str | None) -> str:
    """The entry's detail in the reader's language where its action registered how it reads."""
    book = _BOOKS.get(action)
    return book.read(detail) if book else (detail or "")


def named(text: str, value) -> str:
    """ "Status: Awaiting review", one filter or fact named in the reader's language."""
    return str(_l("%(name)s: %(value)s", name=text, value=value))


def listed(parts) -> str:
    """Parts joined as a list in the reader's language ("；" in Chinese)."""
    return str(_l("; ")).join(str(p) for p in parts)


def community_name(text: str) -> str:
    """A community id as its name (#id when it no longer exists)."""
    if not text.isdigit():
        raise ValueError(text)
    community = db.session.get(Community, int(text))
    return community.name if community else f"#{text}"


def _communities(text: str) -> str:
    return str(_l(", ")).join(community_name(part) for part in text.split(","))


def _role(text: str) -> str:
    try:
        return str(ROLE_NAMES[Role(text)])
    except ValueError:
        raise ValueError(text) from None


def filters_reader(readers: dict[str, tuple[object, Callable[[str], object]]]):
    """A part translator for "key=value key=value" list filters (``audit_list_view``).

    :param readers: key → (the filter's name, how its value reads).
    """
    keys = "|".join(map(re.escape, readers))
    splitter = re.compile(rf" (?=(?:{keys})=)")

    def read(text: str) -> str:
        shown = []
        for part in splitter.split(text):
            key, equals, value = part.partition("=")
            if not equals or key not in readers:
                raise ValueError(text)
            name, reader = readers[key]
            shown.append(named(name, reader(value)))
        return listed(shown)

    return read


detail_text("issue_activation_code", "new password", _l("to set a new password"))
detail_text("issue_activation_code", "by e-mail", _l("asked for by its owner, sent by e-mail"))
detail_pattern("view_resident", r"need (?P<id>\d+)", _l("from need #%(id)s"))
detail_pattern("view_resident", r"pairing (?P<id>\d+)", _l("from pairing #%(id)s"))
detail_pattern("view_resident", r"wish (?P<id>\d+)", _l("from micro-wish #%(id)s"))
detail_pattern("link_account", r"user (?P<id>\d+)", _l("to account #%(id)s"))
detail_pattern("unlink_account", r"user (?P<id>\d+)", _l("from account #%(id)s"))
detail_pattern(("grant_role", "revoke_role"), r"(?P<role>[a-z_]+)", "%(role)s", role=_role)
# with the reason the administrator typed (accounts.services.set_roles), shown as typed
detail_pattern(
    ("grant_role", "revoke_role"),
    r"(?P<role>[a-z_]+): (?P<why>(?s:.+))",
    _l("%(role)s (reason: %(why)s)"),
    role=_role,
)
detail_pattern("assign_communities", r"(?P<ids>\d+(?:,\d+)*)", "%(ids)s", ids=_communities)
detail_pattern(
    ("import_residents", "import_volunteers"),
    r"(?P<file>.+): (?P<rows>\d+) rows",
    lambda parts: ngettext(
        "%(file)s: %(num)d row", "%(file)s: %(num)d rows", int(parts["rows"]), file=parts["file"]
    ),
)


def searched(text: str) -> str:
    """A list's free-text search, as an audit detail reads it: in quotation marks."""
    return str(_l("“%(text)s”", text=text))


def status_search_reading(action: str, status_labels: dict) -> None:
    """Read the "q=… status=… page=N" detail of a list filtered by status and a search."""
    detail_pattern(
        action,
        r"(?P<filters>.+) page=(?P<page>\d+)",
        _l("page %(page)s; %(filters)s"),
        filters=filters_reader(
            {"q": (_l("Search"), searched), "status": (_l("Status"), labelled(status_labels))}
        ),
    )


# the administrator's list of accounts (accounts.admin_views.users)
detail_pattern("view_user_list", r"page=(?P<page>\d+)", _l("page %(page)s, not filtered"))
detail_pattern(
    "view_user_list",
    r"(?P<filters>.+) page=(?P<page>\d+)",
    _l("page %(page)s; %(filters)s"),
    filters=filters_reader({"q": (_l("Search"), searched), "role": (_l("Role"), _role)}),
)
