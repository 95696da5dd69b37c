"""A seeded synthetic city for the matching benchmarks (``match_bench.py``, ``match_learning.py``).

A 50 km square around Hangzhou cut into a 10 × 10 grid of 5 km "communities"; needs and
volunteers are spread uniformly over it. 30 skills (a need requires 1–3, a volunteer holds
2–6), the 21 availability slots of DESIGN §12 (a need lists 2–6, a volunteer 3–9), five
languages, service radii of 3–10 km, and a course catalogue like the seeded one (a course for
everyone, one per disability category that asks for it, one for home visits, one for each of
a few skills). Everything is drawn with NumPy from one seed, then
turned into the engine's plain records.
"""

import math
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from matchmaker.core.availability import SLOTS  # noqa: E402
from matchmaker.match.geo import EARTH_RADIUS_KM  # noqa: E402
from matchmaker.match.records import NeedRecord, VolunteerRecord  # noqa: E402

ORIGIN = (30.25, 120.15)
SIDE_KM = 50.0
GRID = 10  # communities per side (5 km cells)
N_SKILLS = 30
N_LANGUAGES = 5
RADII_KM = (3.0, 5.0, 8.0, 10.0)
RADIUS_SHARE = (0.3, 0.35, 0.2, 0.15)
CATEGORIES = ("visual", "hearing", "physical", "intellectual", "mental", "speech")
_KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180

#: course ids: one for everyone, one per disability category listed, one for home visits,
#: then one per skill of ``SKILL_COURSES`` (skills 0, 1, …)
EVERYONE_COURSE, HOME_VISIT_COURSE = 0, 1
CATEGORY_COURSES = {"hearing": 2, "mental": 3}
SKILL_COURSES = 6
FIRST_SKILL_COURSE = 4


def _places(rng, n: int):
    x, y = rng.uniform(0, SIDE_KM, n), rng.uniform(0, SIDE_KM, n)
    lat = ORIGIN[0] + y / _KM_PER_DEG
    lon = ORIGIN[1] + x / (_KM_PER_DEG * math.cos(math.radians(ORIGIN[0])))
    cell = SIDE_KM / GRID
    community = 1 + np.minimum(x // cell, GRID - 1) * GRID + np.minimum(y // cell, GRID - 1)
    return lat, lon, community.astype(int)


def _subsets(rng, n: int, universe: int, low: int, high: int) -> list[list[int]]:
    """n random subsets of range(universe), of sizes low..high (inclusive), as sorted lists."""
    sizes = rng.integers(low, high + 1, n)
    keys = rng.random((n, universe)).argsort(axis=1)
    return [sorted(row[:k].tolist()) for row, k in zip(keys, sizes, strict=True)]


def _masks(rng, n: int, low: int, high: int) -> list[int]:
    return [sum(1 << s for s in slots) for slots in _subsets(rng, n, SLOTS, low, high)]


def required_courses(skills, category: str, home_visit: bool) -> frozenset[int]:
    """The courses a pairing on a need requires, by the catalogue's rules."""
    courses = {EVERYONE_COURSE} | {FIRST_SKILL_COURSE + s for s in skills if s < SKILL_COURSES}
    if category in CATEGORY_COURSES:
        courses.add(CATEGORY_COURSES[category])
    if home_visit:
        courses.add(HOME_VISIT_COURSE)
    return frozenset(courses)


def needs(rng, n: int, first_id: int = 1, *, always_language: bool = False) -> list[NeedRecord]:
    """``n`` needs with ids ``first_id …``; ``always_language``: every resident lists one."""
    lat, lon, community = _places(rng, n)
    skills = _subsets(rng, n, N_SKILLS, 1, 3)
    availability = _masks(rng, n, 2, 6)
    home_visit = rng.random(n) < 0.4
    gender = rng.choice([None, "female", "male"], n, p=[0.85, 0.1, 0.05])
    urgency = rng.choice([0, 1, 2], n, p=[0.6, 0.25, 0.15])
    waiting = rng.uniform(0, 120, n)
    category = rng.choice(CATEGORIES, n)
    has_language = np.ones(n, bool) if always_language else rng.random(n) < 0.8
    language = rng.choice(N_LANGUAGES, n, p=[0.5, 0.2, 0.15, 0.1, 0.05])
    return [
        NeedRecord(
            id=first_id + i,
            lat=float(lat[i]),
            lon=float(lon[i]),
            community_id=int(community[i]),
            skills=frozenset(skills[i]),
            availability=availability[i],
            home_visit=bool(home_visit[i]),
            gender_preference=gender[i],
            urgency=int(urgency[i]),
            waiting_days=float(waiting[i]),
            disability_category=str(category[i]),
            languages=frozenset({int(language[i])}) if has_language[i] else frozenset(),
            courses=required_courses(skills[i], str(category[i]), bool(home_visit[i])),
        )
        for i in range(n)
    ]


def volunteers(rng, n: int, first_id: int = 1) -> list[VolunteerRecord]:
    """``n`` volunteers with ids ``first_id …``, each with free capacity 1."""
    lat, lon, community = _places(rng, n)
    skills = _subsets(rng, n, N_SKILLS, 2, 6)
    availability = _masks(rng, n, 3, 9)
    radius = rng.choice(RADII_KM, n, p=RADIUS_SHARE)
    gender = rng.choice(["female", "male"], n, p=[0.6, 0.4])
    checked = rng.random(n) < 0.7
    p_lang = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    first_lang = rng.choice(N_LANGUAGES, n, p=p_lang)
    second_lang = np.where(rng.random(n) < 0.5, rng.choice(N_LANGUAGES, n, p=p_lang), -1)
    hours = np.exp(rng.normal(3.0, 1.5, n))  # median ≈ 20 h, about a third under 10 h
    rated = rng.random(n) < 0.7
    rating = np.where(rated, rng.uniform(3, 5, n), 0.0)
    success_cat = rng.choice(CATEGORIES, n)
    success = np.where(rng.random(n) < 0.3, rng.uniform(0, 1, n), -1.0)
    out = []
    for i in range(n):
        languages = frozenset({int(first_lang[i]), int(second_lang[i])} - {-1})
        out.append(
            VolunteerRecord(
                id=first_id + i,
                lat=float(lat[i]),
                lon=float(lon[i]),
                community_id=int(community[i]),
                radius_km=float(radius[i]),
                skills=frozenset(skills[i]),
                availability=availability[i],
                gender=str(gender[i]),
                free_capacity=1,
                background_checked=bool(checked[i]),
                languages=languages,
                verified_hours=float(hours[i]),
                mean_rating=float(rating[i]),
                category_success=(
                    {str(success_cat[i]): float(success[i])} if success[i] >= 0 else {}
                ),
            )
        )
    return out


#: share of volunteers who pressed "I can help" on the needs board, and on how many needs
INTEREST_SHARE = 0.15
INTEREST_MAX = 3


def with_interest(seed: int, needs_: list[NeedRecord], volunteers_: list[VolunteerRecord]):
    """Volunteers with offers of help on open needs of their own community (the board).

    Drawn from a generator of its own, so the rest of the city is the same with or without.
    """
    rng = np.random.default_rng([seed, 9])
    by_community: dict[int, list[int]] = {}
    for need in needs_:
        by_community.setdefault(need.community_id, []).append(need.id)
    out = []
    for volunteer in volunteers_:
        nearby = by_community.get(volunteer.community_id)
        if nearby and rng.random() < INTEREST_SHARE:
            k = min(len(nearby), int(rng.integers(1, INTEREST_MAX + 1)))
            picked = rng.choice(nearby, k, replace=False)
            volunteer = replace(volunteer, interest=frozenset(int(i) for i in picked))
        out.append(volunteer)
    return out


#: chance that a volunteer has done the course for everyone, and each other course
EVERYONE_DONE, OTHER_DONE = 0.7, 0.25


def with_training(seed: int, volunteers_: list[VolunteerRecord]) -> list[VolunteerRecord]:
    """Volunteers with the courses they have completed (a generator of its own, as above)."""
    rng = np.random.default_rng([seed, 11])
    n, others = len(volunteers_), FIRST_SKILL_COURSE + SKILL_COURSES - 1
    everyone = rng.random(n) < EVERYONE_DONE
    done = rng.random((n, others)) < OTHER_DONE
    return [
        replace(v, courses_done=frozenset((np.flatnonzero(row) + 1).tolist() + [0] * first))
        for v, first, row in zip(volunteers_, everyone.tolist(), done, strict=True)
    ]


def city(n_needs: int, n_volunteers: int, seed: int = 0):
    """(needs, volunteers) of one seeded city; some volunteers offered help on the board."""
    rng = np.random.default_rng(seed)
    needs_ = needs(rng, n_needs)
    volunteers_ = with_training(seed, volunteers(rng, n_volunteers))
    return needs_, with_interest(seed, needs_, volunteers_)
