"""Small hand-made cities for the engine tests: places in km from a fixed origin."""

import math

from matchmaker.core.availability import mask_from_slots
from matchmaker.match.geo import EARTH_RADIUS_KM, haversine_km
from matchmaker.match.records import NeedRecord, VolunteerRecord

ORIGIN = (30.0, 120.0)
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
TUE_MORNING, THU_MORNING, SAT_EVENING = 3, 9, 17


def at(x_km: float = 0.0, y_km: float = 0.0) -> dict:
    """lat/lon of the point x km east and y km north of the origin."""
    lat = ORIGIN[0] + y_km / KM_PER_DEGREE
    lon = ORIGIN[1] + x_km / (KM_PER_DEGREE * math.cos(math.radians(ORIGIN[0])))
    return {"lat": lat, "lon": lon}


def need(id: int, x: float = 0.0, y: float = 0.0, **fields) -> NeedRecord:
    defaults = {
        "community_id": 1,
        "skills": frozenset({1}),
        "availability": mask_from_slots([TUE_MORNING]),
    }
    return NeedRecord(id=id, **at(x, y), **{**defaults, **fields})


def volunteer(id: int, x: float = 0.0, y: float = 0.0, **fields) -> VolunteerRecord:
    defaults = {
        "community_id": 1,
        "radius_km": 10.0,
        "skills": frozenset({1}),
        "availability": mask_from_slots([TUE_MORNING]),
    }
    return VolunteerRecord(id=id, **at(x, y), **{**defaults, **fields})


def is_feasible(n: NeedRecord, v: VolunteerRecord) -> bool:
    """The hard constraints of DESIGN §4, written out plainly, record by record."""
    return (
        v.free_capacity > 0
        and bool(n.skills & v.skills)
        and bool(n.availability & v.availability)
        and haversine_km(n.lat, n.lon, v.lat, v.lon) <= v.radius_km
        and (n.gender_preference is None or n.gender_preference == v.gender)
        and (not n.home_visit or v.background_checked)
    )
