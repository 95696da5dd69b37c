"""How an account's history reads (the admin's user page): the reasons the account services
write, translated when shown (core/histories.py); what is stored stays the English text. A
reason an administrator typed ("…: asked to help") is shown as typed."""

from flask_babel import lazy_gettext as _l

from ..core.audit_details import community_name
from ..core.histories import known_reason, labelled, reason_pattern
from ..core.nav import ROLE_NAMES
from .models import Role

#: what an administrator typed after the system's text, newlines included
_WHY = r": (?P<why>(?s:.+))"


def _roles(text: str) -> str:
    """ "social_worker,volunteer" as the roles' names; ValueError for a role not ours."""
    return str(_l(", ")).join(str(ROLE_NAMES[Role(value)]) for value in text.split(","))


def _communities(text: str) -> str:
    """ "3,5" as the communities' names, "-" as none."""
    if text == "-":
        return str(_l("none"))
    return str(_l(", ")).join(community_name(part) for part in text.split(","))


# services.register_user and create_staff
reason_pattern(
    r"registered as (?P<role>\w+)", _l("registered as %(role)s"), role=labelled(ROLE_NAMES)
)
reason_pattern(
    r"created by an administrator as (?P<role>\w+)",
    _l("created by an administrator as %(role)s"),
    role=labelled(ROLE_NAMES),
)
reason_pattern(
    r"created on the command line as (?P<role>\w+)",
    _l("created on the command line as %(role)s"),
    role=labelled(ROLE_NAMES),
)
# services.set_roles, assign_communities and reset_password, with or without a reason typed
_ROLES = r"roles now (?P<roles>[a-z_]+(?:,[a-z_]+)*)"
reason_pattern(_ROLES, _l("roles now: %(roles)s"), roles=_roles)
reason_pattern(_ROLES + _WHY, _l("roles now: %(roles)s; reason: %(why)s"), roles=_roles)
_COMMUNITIES = r"communities now (?P<ids>-|\d+(?:,\d+)*)"
reason_pattern(_COMMUNITIES, _l("communities now: %(ids)s"), ids=_communities)
reason_pattern(
    _COMMUNITIES + _WHY, _l("communities now: %(ids)s; reason: %(why)s"), ids=_communities
)
known_reason("new password set", _l("new password set"))
reason_pattern(r"new password set" + _WHY, _l("new password set; reason: %(why)s"))
