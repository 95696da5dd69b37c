"""How the history of a donor's offer reads: the reasons offers' services write, translated
when shown (core/histories.py); what is stored stays the English text."""

from flask_babel import lazy_gettext as _l

from ..core.histories import known_reason, labelled, reason_pattern
from .labels import KIND_LABELS
from .linking import UNITS_RETURNED
from .services import DONOR_DISABLED

known_reason("withdrawn by the donor", _l("withdrawn by the donor"))
known_reason("used up", _l("used up"))
known_reason(DONOR_DISABLED, _l("the donor's account was disabled"))
known_reason(UNITS_RETURNED, _l("units returned from a claim not delivered"))
reason_pattern(
    r"(?P<units>\d+) back from wish (?P<id>\d+): claim (?P<how>lapsed|released); "
    r"(?P<left>\d+) left",
    _l("%(units)s back from micro-wish #%(id)s (%(how)s); %(left)s left"),
    how=labelled({"lapsed": _l("the claim lapsed"), "released": _l("the claim was released")}),
)
reason_pattern(
    r"(?P<kind>[a-z]+) offer registered", _l("registered: %(kind)s"), kind=labelled(KIND_LABELS)
)
reason_pattern(
    r"(?P<units>\d+) linked to wish (?P<id>\d+); (?P<left>\d+) left",
    _l("%(units)s for micro-wish #%(id)s; %(left)s left"),
)
reason_pattern(
    r"(?P<units>\d+) linked to need (?P<id>\d+); (?P<left>\d+) left",
    _l("%(units)s for need #%(id)s; %(left)s left"),
)
