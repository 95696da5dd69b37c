"""The volunteer pool (/volunteers/pool): approved volunteers by skill × street × time slot.

A gap is a (skill, street, slot) that an open need of that street asks for and no approved
volunteer of that street with that skill is free at: the recruitment team's shopping list.
Counted in Python over two queries of (skill, street, slots) tuples, one row per skill of
each approved volunteer and of each open need: no volunteer or need is loaded as an object.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..accounts.places import Community, Street
from ..core import availability as av
from ..extensions import db
from ..recruit.catalogue import Skill
from ..recruit.models import Volunteer, VolunteerStatus, volunteer_skill
from ..registry.models import Need, NeedStatus, Resident, need_skill


@dataclass
class Cell:
    #: approved volunteers with the skill in the street, free at some selected slot
    volunteers: int = 0
    #: slot → open needs there wanting the skill at that slot with no volunteer free then
    gap_slots: dict[int, int] = field(default_factory=dict)

    @property
    def gap(self) -> bool:
        return bool(self.gap_slots)

    @property
    def heat(self) -> int:
        """0–4, for the colour only (the number is always written in the cell)."""
        n = self.volunteers
        return 0 if n == 0 else 1 if n == 1 else 2 if n <= 3 else 3 if n <= 6 else 4


@dataclass
class PoolTable:
    skills: list[Skill]
    streets: list[Street]
    cells: dict[tuple[int, int], Cell]

    def cell(self, skill: Skill, street: Street) -> Cell:
        return self.cells.get((skill.id, street.id)) or Cell()


def _volunteer_rows():
    """(skill, street, free slots): one row per skill of each approved volunteer."""
    return db.session.execute(
        select(volunteer_skill.c.skill_id, Community.street_id, Volunteer.availability)
        .join(Volunteer, Volunteer.id == volunteer_skill.c.volunteer_id)
        .join(Community, Community.id == Volunteer.community_id)
        .where(Volunteer.status == VolunteerStatus.APPROVED)
    ).all()


def _need_rows():
    """(skill, street, wanted slots): one row per skill each open need asks for."""
    return db.session.execute(
        select(need_skill.c.skill_id, Community.street_id, Need.availability)
        .join(Need, Need.id == need_skill.c.need_id)
        .join(Resident, Resident.id == Need.resident_id)
        .join(Community, Community.id == Resident.community_id)
        .where(Need.status == NeedStatus.OPEN)
    ).all()


def pool_table(
    *, skill_id: int | None = None, street_id: int | None = None, slot_mask: int = 0
) -> PoolTable:
    """Counts and gaps per (skill, street), over the slots in ``slot_mask`` (0: all week).

    Rows are the skills some volunteer offers or some open need asks for (or the one asked
    for); columns are the streets (or the one asked for).
    """
    selected = slot_mask or av.FULL_WEEK
    # (skill, street) → union of free slots, and the number of volunteers free in the selection
    free: dict[tuple[int, int], int] = {}
    cells: dict[tuple[int, int], Cell] = {}
    used_skills: set[int] = set()
    # a volunteer (a need) has each skill once: a row per (volunteer, skill) counts volunteers
    for skill, street, availability in _volunteer_rows():
        used_skills.add(skill)
        key = (skill, street)
        free[key] = free.get(key, 0) | availability
        if availability & selected:
            cells.setdefault(key, Cell()).volunteers += 1
    for skill, street, availability in _need_rows():
        used_skills.add(skill)
        key = (skill, street)
        missing = availability & selected & ~free.get(key, 0)
        for slot in av.slots_from_mask(missing & av.FULL_WEEK):
            cell = cells.setdefault(key, Cell())
            cell.gap_slots[slot] = cell.gap_slots.get(slot, 0) + 1
    skills = db.session.scalars(select(Skill).order_by(Skill.position, Skill.id)).all()
    skills = [s for s in skills if (s.id == skill_id if skill_id else s.id in used_skills)]
    streets = db.session.scalars(select(Street).order_by(Street.district_id, Street.id)).all()
    streets = [s for s in streets if not street_id or s.id == street_id]
    return PoolTable(skills=skills, streets=streets, cells=cells)


@dataclass(frozen=True)
class Gap:
    skill: Skill
    street: Street
    slot: int
    needs: int


def gap_list(table: PoolTable) -> list[Gap]:
    """Every (skill, street, slot) gap in the table, most needs first."""
    gaps = [
        Gap(skill, street, slot, n)
        for skill in table.skills
        for street in table.streets
        for slot, n in table.cell(skill, street).gap_slots.items()
    ]
    return sorted(gaps, key=lambda g: (-g.needs, g.skill.position, g.street.id, g.slot))
