"""Who could take a need now: the engine's hard constraints applied one at a time to the
volunteers with room, so a social worker sees which constraint leaves nobody (DESIGN §4).

A run's record says only that no volunteer met a need's constraints; this says which one,
today, with the same arithmetic as the engine's shortlist (``shortlist.feasibility_steps``).
Counts only: the need page is for staff, and no volunteer is named here.
"""

from dataclasses import dataclass

import numpy as np

from ..registry.models import Need
from . import loading
from .features import encode
from .shortlist import feasibility_steps


@dataclass(frozen=True)
class ReachStep:
    #: "room", then the hard constraints the need has (``shortlist.STEPS``), then "declined"
    name: str
    #: volunteers left after this step and every one before it
    remaining: int


def reach_of(need: Need) -> list[ReachStep]:
    """How many approved volunteers with room are left after each of the need's hard
    constraints in turn, then after those declined for it before are taken out.

    Gender and home visits are steps only when the need asks for them; free capacity is the
    first step ("room"), since only volunteers with room are counted at all.
    """
    volunteers = loading.available_volunteers()
    steps = [ReachStep("room", len(volunteers))]
    record = loading.with_declined({need.id: loading.need_record(need)})[need.id]
    if not volunteers:
        return steps
    need_arrays, volunteer_arrays = encode(
        [record], [loading.volunteer_record(v) for v in volunteers]
    )
    rows = np.arange(len(volunteers))
    meets, _ = feasibility_steps(need_arrays, volunteer_arrays, np.zeros_like(rows), rows)
    asked = {"gender": need.gender_preference is not None, "home_visit": need.home_visit}
    left = np.ones(len(volunteers), dtype=bool)
    for name, mask in meets.items():
        if name == "capacity" or not asked.get(name, True):
            continue
        left &= mask
        steps.append(ReachStep(name, int(left.sum())))
    if record.declined:
        left &= ~np.isin(volunteer_arrays.ids, list(record.declined))
        steps.append(ReachStep("declined", int(left.sum())))
    return steps


def first_empty(steps: list[ReachStep]) -> ReachStep | None:
    """The step that left nobody, if one did."""
    return next((step for step in steps if step.remaining == 0), None)
