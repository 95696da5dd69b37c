"""How a volunteer's history reads: the reasons recruit's services write, translated when
shown (core/histories.py); what is stored stays the English text."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.forms import GENDER_LABELS
from ..core.histories import history_context, known_reason, labelled, reason_pattern
from .disabled_accounts import DISABLED_PROPOSALS_REASON
from .forms import CHECK_LABELS, STATUS_LABELS
from .models import Volunteer
from .services import SUSPENDED_PROPOSALS_REASON

#: The names ``services.update_profile`` writes in "profile changed: …", as the profile shows them.
FIELD_LABELS = {
    "community": _l("Home community"),
    "skills": _l("Skills"),
    "languages": _l("Languages"),
    "availability": _l("Free times"),
    "radius_km": _l("How far they can travel"),
    "gender": _l("Gender"),
    "capacity": _l("Pairings at once"),
}
_gender = labelled(GENDER_LABELS)


def volunteer_history(volunteer: Volunteer) -> dict:
    """The events, actors and state names of ``registry/_history.html`` for a volunteer."""
    return history_context(volunteer, STATUS_LABELS)


def profile_changes(text: str) -> str:
    """ "skills: 手语 → 盲文; gender: female → male" with the field names (and genders) in the
    reader's language.

    :raises ValueError: if ``text`` is not written that way (then shown as stored).
    """
    shown = []
    for change in text.split("; "):
        name, colon, values = change.partition(": ")
        if not colon or name not in FIELD_LABELS:
            raise ValueError(text)
        if name == "gender":
            values = " → ".join(str(_gender(v)) for v in values.split(" → "))
        shown.append(_("%(name)s: %(value)s", name=FIELD_LABELS[name], value=values))
    return _("; ").join(shown)


known_reason("application submitted", _l("application submitted"))
known_reason("profile updated", _l("profile updated"))
known_reason(SUSPENDED_PROPOSALS_REASON, _l("volunteer suspended"))
known_reason(DISABLED_PROPOSALS_REASON, _l("volunteer's account disabled"))
reason_pattern(
    r"background check: (?P<before>\w+) → (?P<after>\w+)",
    _l("background check: %(before)s → %(after)s"),
    before=labelled(CHECK_LABELS),
    after=labelled(CHECK_LABELS),
)
reason_pattern(
    r"profile changed: (?P<changes>.+)", _l("profile changed: %(changes)s"), changes=profile_changes
)
