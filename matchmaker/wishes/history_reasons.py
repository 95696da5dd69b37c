"""How the histories of micro-wishes and donors' claims read: the reasons wishes' services
write, translated when shown (core/histories.py); what is stored stays the English text."""

from flask_babel import lazy_gettext as _l

from ..core.histories import field_names, known_reason, reason_pattern

# the fields services.edit_wish lists as changed
field_names(
    title=_l("Title"),
    story=_l("The story"),
    category=_l("Category"),
    cost_yuan=_l("Estimated cost"),
    photo=_l("Photo"),
)

known_reason("drafted by staff", _l("drafted by staff"))
known_reason("reviewed", _l("reviewed"))
known_reason(
    "reviewed; the resident agreed to share the health details",
    _l("reviewed; the resident agreed to share the health details"),
)
known_reason("claimed by a donor", _l("claimed by a donor"))
known_reason("released by the donor", _l("released by the donor"))
known_reason("marked delivered by the donor", _l("marked delivered by the donor"))
known_reason("delivery confirmed", _l("delivery confirmed"))
known_reason("deadline passed", _l("deadline passed"))
known_reason("thanks left for the donor", _l("thanks left for the donor"))
reason_pattern(r"wish (?P<id>\d+)", _l("for wish %(id)s"))
reason_pattern(
    r"wish (?P<id>\d+), through offer (?P<offer>\d+)",
    _l("for wish %(id)s, through offer #%(offer)s"),
)
reason_pattern(
    r"claimed for the donor of offer (?P<offer>\d+)",
    _l("claimed for the donor of offer #%(offer)s"),
)
reason_pattern(r"claim (?P<id>\d+) released", _l("claim %(id)s released"))
reason_pattern(r"claim (?P<id>\d+) delivered", _l("claim %(id)s delivered"))
reason_pattern(r"claim (?P<id>\d+) confirmed", _l("claim %(id)s confirmed"))
reason_pattern(r"claim (?P<id>\d+) lapsed", _l("claim %(id)s lapsed"))
reason_pattern(r"claim (?P<id>\d+): not received", _l("claim %(id)s: not received"))
reason_pattern(r"delivery not received: (?P<why>.+)", _l("delivery not received: %(why)s"))
