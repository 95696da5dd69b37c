"""How the histories of residents and needs read: the reasons registry's services write,
translated when shown (core/histories.py); what is stored stays the English text."""

from flask_babel import lazy_gettext as _l

from ..core.histories import (
    changed_fields,
    event_reason,
    field_names,
    known_reason,
    reason_pattern,
)
from .forms import INACTIVE_REASONS, INACTIVE_STORED
from .stale_proposals import NEED_CLOSED, NEED_EDITED, RESIDENT_EDITED
from .status import RESIDENT_INACTIVE

# the fields services.save_resident and need_edits.edit_need list as changed
field_names(
    name=_l("Name"),
    gender=_l("Gender"),
    birth_year=_l("Year of birth"),
    id_number=_l("ID number"),
    disability_category=_l("Disability category"),
    disability_grade=_l("Disability grade"),
    address=_l("Address"),
    phone=_l("Phone"),
    guardian_name=_l("Guardian"),
    guardian_phone=_l("Guardian's phone"),
    consent_note=_l("Consent note"),
    community=_l("Community"),
    languages=_l("Languages and dialects"),
    service_type=_l("Kind of help"),
    skills=_l("Skills the volunteer needs"),
    availability=_l("When help is wanted"),
    urgency=_l("Urgency"),
    home_visit=_l("Home visit"),
    gender_preference=_l("Volunteer's gender"),
    notes=_l("Notes"),
)

known_reason("recorded by staff", _l("recorded by staff"))
known_reason("entered by staff", _l("entered by staff"))
known_reason("submitted by the resident", _l("submitted by the resident"))
known_reason(NEED_CLOSED, _l("need closed"))
known_reason(RESIDENT_INACTIVE, _l("resident marked inactive"))
known_reason("reactivated", _l("resident's record active again"))
known_reason("opened for matching", _l("opened for matching"))
reason_pattern(r"linked to account (?P<id>\d+)", _l("linked to their own account (#%(id)s)"))
reason_pattern(
    r"unlinked from account (?P<id>\d+): (?P<why>.+)",
    _l("unlinked from account #%(id)s: %(why)s"),
)
reason_pattern(
    r"pairing (?P<id>\d+) ended: (?P<why>.+)", _l("pairing %(id)s ended: %(why)s"), why=event_reason
)
reason_pattern(
    r"pairing (?P<id>\d+) ended, need met: (?P<why>.+)",
    _l("pairing %(id)s ended, need met: %(why)s"),
    why=event_reason,
)
reason_pattern(
    rf"{NEED_EDITED}: (?P<fields>.+)", _l("need changed: %(fields)s"), fields=changed_fields
)
reason_pattern(
    rf"{RESIDENT_EDITED}: (?P<fields>.+)",
    _l("resident's record changed: %(fields)s"),
    fields=changed_fields,
)


# why a record was made inactive: the choice, then what the worker typed
_INACTIVE_LABELS = {INACTIVE_STORED[key]: label for key, label in INACTIVE_REASONS.items()}
for _stored, _label in _INACTIVE_LABELS.items():
    known_reason(_stored, _label)


def _inactive_choice(stored: str):
    if stored not in _INACTIVE_LABELS:
        raise ValueError(stored)
    return _INACTIVE_LABELS[stored]


reason_pattern(
    rf"(?P<name>{'|'.join(_INACTIVE_LABELS)}): (?P<value>.+)",
    _l("%(name)s: %(value)s"),
    name=_inactive_choice,
)
