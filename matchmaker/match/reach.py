"""Who could take a need now: the engine's hard constraints applied one at a time to the
volunteers with room, so a social worker sees which constraint leaves nobody (DESIGN §4).

A run's record says only that no volunteer met a need's constraints; this says which one,
today, with the same arithmetic as the engine's shortlist (``shortlist.feasibility_steps``).
Counts only: the need page is for staff, and no volunteer is named here. The volunteers are
read as plain columns, not as objects: the page is opened often, and a city has thousands.
"""

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from ..accounts.places import Community
from ..extensions import db
from ..recruit.models import BackgroundCheck, Volunteer, volunteer_skill
from ..registry.models import Need
from . import loading
from .features import encode
from .records import VolunteerRecord
from .shortlist import feasibility_steps


@dataclass(frozen=True)
class ReachStep:
    #: "room", then the hard constraints the need has (``shortlist.STEPS``), then "declined"
    name: str
    #: volunteers left after this step and every one before it
    remaining: int
    #: volunteers who meet every other step but not this one: how many this step alone keeps
    #: out (what relaxing it would bring back); 0 for "room"
    only_this: int = 0


def reach_of(need: Need) -> list[ReachStep]:
    """How many approved volunteers with room are left after each of the need's hard
    constraints in turn, then after those declined for it before are taken out; and, per
    step, how many it alone keeps out.

    Gender and home visits are steps only when the need asks for them; free capacity is the
    first step ("room"), since only volunteers with room are counted at all.
    """
    volunteers = volunteers_with_room()
    record = loading.with_declined({need.id: loading.need_record(need)})[need.id]
    if not volunteers:
        return [ReachStep("room", 0)]
    need_arrays, volunteer_arrays = encode([record], volunteers)
    rows = np.arange(len(volunteers))
    meets, _ = feasibility_steps(need_arrays, volunteer_arrays, np.zeros_like(rows), rows)
    asked = {"gender": need.gender_preference is not None, "home_visit": need.home_visit}
    masks = {
        name: mask for name, mask in meets.items() if name != "capacity" and asked.get(name, True)
    }
    if record.declined:
        masks["declined"] = ~np.isin(volunteer_arrays.ids, list(record.declined))
    steps = [ReachStep("room", len(volunteers))]
    left = np.ones(len(volunteers), dtype=bool)
    for name, mask in masks.items():
        left &= mask
        others = np.logical_and.reduce([m for other, m in masks.items() if other != name])
        steps.append(ReachStep(name, int(left.sum()), int((others & ~mask).sum())))
    return steps


def volunteers_with_room() -> list[VolunteerRecord]:
    """``loading.with_room``'s volunteers as records holding what the hard constraints read
    (their languages, hours and history are left out: no constraint reads them)."""
    rows = db.session.execute(
        loading.with_room(
            select(
                Volunteer.id,
                Volunteer.lat,
                Volunteer.lon,
                Community.lat,
                Community.lon,
                Volunteer.community_id,
                Volunteer.radius_km,
                Volunteer.availability,
                Volunteer.gender,
                Volunteer.capacity - Volunteer.open_pairings,
                Volunteer.background_check,
            ).join(Community, Community.id == Volunteer.community_id)
        ).order_by(Volunteer.id)
    ).all()
    skills: dict[int, set[int]] = {}
    for volunteer_id, skill_id in db.session.execute(
        select(volunteer_skill.c.volunteer_id, volunteer_skill.c.skill_id).where(
            volunteer_skill.c.volunteer_id.in_(
                loading.with_room(select(Volunteer.id)).scalar_subquery()
            )
        )
    ):
        skills.setdefault(volunteer_id, set()).add(skill_id)
    return [_record(row, skills.get(row[0], ())) for row in rows]


def _record(row, skills) -> VolunteerRecord:
    (
        vid,
        lat,
        lon,
        community_lat,
        community_lon,
        community_id,
        radius,
        slots,
        gender,
        room,
        check,
    ) = row
    if lat is None or lon is None:  # as Volunteer.location: else their community's place
        lat, lon = community_lat, community_lon
    return VolunteerRecord(
        id=vid,
        lat=lat,
        lon=lon,
        community_id=community_id,
        radius_km=radius,
        skills=frozenset(skills),
        availability=slots,
        gender=gender.value if gender else None,
        free_capacity=room,
        background_checked=check is BackgroundCheck.PASSED,
    )


def first_empty(steps: list[ReachStep]) -> ReachStep | None:
    """The step that left nobody, if one did."""
    return next((step for step in steps if step.remaining == 0), None)
