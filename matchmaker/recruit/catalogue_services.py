"""Keeping the skill and language catalogues: what retiring an entry leaves behind.

A retired entry stays on every record that holds it (a volunteer's profile, a need, a
resident's record; their edit forms keep offering it) but is offered for no new one: not on
the application, a new need, a new resident record, nor in a roster import.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from ..core.audit import audit
from ..extensions import db
from ..registry.models import Need, NeedStatus, Resident
from .catalogue import Language, Skill
from .models import Volunteer


@dataclass(frozen=True)
class EntryUse:
    """Who holds a catalogue entry: volunteers, needs not yet closed (skills) and residents
    (languages)."""

    volunteers: int = 0
    needs: int = 0
    residents: int = 0

    @property
    def anyone(self) -> bool:
        return bool(self.volunteers or self.needs or self.residents)


def entry_use(entry: Skill | Language) -> EntryUse:
    """How many records hold ``entry``: every volunteer's profile, and for a skill the needs
    not yet closed, for a language every resident's record (active or not)."""
    if isinstance(entry, Skill):
        return EntryUse(
            volunteers=_count(Volunteer, Volunteer.skills.any(Skill.id == entry.id)),
            needs=_count(
                Need, Need.skills.any(Skill.id == entry.id), Need.status != NeedStatus.CLOSED
            ),
        )
    return EntryUse(
        volunteers=_count(Volunteer, Volunteer.languages.any(Language.id == entry.id)),
        residents=_count(Resident, Resident.languages.any(Language.id == entry.id)),
    )


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*conditions)) or 0


def save_entry(
    entry: Skill | Language, *, name: str, name_en: str, active: bool, by
) -> EntryUse | None:
    """Rename ``entry``, retire it or offer it again.

    :returns: when this retires it, who still holds it (``entry_use``); else None.
    """
    retiring = entry.active and not active
    entry.name, entry.name_en, entry.active = name.strip(), name_en.strip(), active
    db.session.flush()
    audit(by, "edit_catalogue_entry", entry, detail=entry.name)
    return entry_use(entry) if retiring else None
