from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.core.availability import mask_from_slots
from matchmaker.match import nearest as nearest_module
from matchmaker.match.features import encode
from matchmaker.match.geo import haversine_km_np
from matchmaker.match.shortlist import feasible, shortlist
from tests.match.builders import THU_MORNING, is_feasible, need, volunteer


def candidates(needs, vols, **options) -> list[tuple[int, int]]:
    need_arrays, volunteer_arrays = encode(needs, vols)
    found = shortlist(need_arrays, volunteer_arrays, **options)
    return [
        (int(need_arrays.ids[i]), int(volunteer_arrays.ids[j]))
        for i, j in zip(found.need_idx, found.vol_idx, strict=True)
    ]


def test_a_plain_feasible_pair_is_a_candidate():
    assert candidates([need(1)], [volunteer(1, x=3)]) == [(1, 1)]


@pytest.mark.parametrize(
    ("need_fields", "volunteer_fields"),
    [
        ({}, {"x": 6, "radius_km": 5}),  # beyond the volunteer's own radius
        ({"skills": frozenset({2})}, {}),  # no required skill covered
        ({}, {"availability": mask_from_slots([THU_MORNING])}),  # no shared slot
        ({"gender_preference": "female"}, {"gender": "male"}),
        ({"gender_preference": "female"}, {"gender": None}),
        ({"home_visit": True}, {"background_checked": False}),
        ({}, {"free_capacity": 0}),
        ({"availability": 0}, {}),  # a need with no slots shares none
        ({"skills": frozenset()}, {}),  # a need with no skills covers none
    ],
)
def test_hard_constraints_exclude_the_pair(need_fields, volunteer_fields):
    assert candidates([need(1, **need_fields)], [volunteer(1, **volunteer_fields)]) == []


def test_allowed_variants_of_the_constraints_pass():
    n = need(1, gender_preference="female", home_visit=True)
    v = volunteer(1, x=4.9, radius_km=5, gender="female", background_checked=True)
    assert candidates([n], [v]) == [(1, 1)]


def test_each_volunteers_own_radius_counts():
    vols = [volunteer(1, x=4, radius_km=3), volunteer(2, x=4, radius_km=30)]
    assert candidates([need(1)], vols) == [(1, 2)]


def test_nearest_plus_nearest_with_all_skills():
    n = need(1, skills=frozenset({1, 2}))
    partial = [volunteer(i, x=i, radius_km=30, skills=frozenset({1})) for i in range(1, 6)]
    full = [volunteer(i, x=i, radius_km=30, skills=frozenset({1, 2})) for i in range(10, 14)]
    found = candidates([n], partial + full, k_nearest=2, k_all_skills=2)
    # The two nearest of all, then the two nearest holding both skills; nearest first.
    assert found == [(1, 1), (1, 2), (1, 10), (1, 11)]


def test_overlapping_selections_are_kept_once():
    n = need(1, skills=frozenset({1, 2}))
    vols = [volunteer(1, x=1, skills=frozenset({1, 2})), volunteer(2, x=2, skills=frozenset({2}))]
    assert candidates([n], vols, k_nearest=5, k_all_skills=5) == [(1, 1), (1, 2)]


def test_a_large_shortlist_is_every_feasible_pair():
    rng = np.random.default_rng(4)
    needs = [
        need(i, *rng.uniform(-10, 10, 2), skills=frozenset(rng.choice(6, 2).tolist()))
        for i in range(40)
    ]
    vols = [
        volunteer(
            j,
            *rng.uniform(-10, 10, 2),
            radius_km=float(rng.choice([2, 4, 7, 12])),
            skills=frozenset(rng.choice(6, 2).tolist()),
        )
        for j in range(60)
    ]
    expected = {(n.id, v.id) for n in needs for v in vols if is_feasible(n, v)}
    found = candidates(needs, vols, k_nearest=1000, k_all_skills=0)
    assert len(found) == len(set(found))
    assert set(found) == expected
    assert found == sorted(found, key=lambda pair: pair[0])  # grouped by need


def test_the_step_by_step_constraints_agree_with_the_search():
    """The need page counts volunteers constraint by constraint (``feasibility_steps``):
    together the steps must keep exactly the pairs the compiled search finds."""
    rng = np.random.default_rng(9)
    needs = [
        need(
            i,
            *rng.uniform(-8, 8, 2),
            skills=frozenset(rng.choice(5, 2).tolist()),
            gender_preference=rng.choice([None, "female", "male"]),
            home_visit=bool(rng.random() < 0.3),
        )
        for i in range(30)
    ]
    vols = [
        volunteer(
            j,
            *rng.uniform(-8, 8, 2),
            radius_km=float(rng.choice([2, 5, 9])),
            skills=frozenset(rng.choice(5, 2).tolist()),
            gender=rng.choice(["female", "male"]),
            background_checked=bool(rng.random() < 0.5),
            free_capacity=int(rng.random() < 0.9),
            availability=mask_from_slots(rng.choice(21, 3).tolist()),
        )
        for j in range(50)
    ]
    need_arrays, volunteer_arrays = encode(needs, vols)
    ni, vi = (a.ravel() for a in np.meshgrid(range(30), range(50), indexing="ij"))
    ok, _ = feasible(need_arrays, volunteer_arrays, ni, vi)
    stepwise = {(needs[i].id, vols[j].id) for i, j in zip(ni[ok], vi[ok], strict=True)}
    assert stepwise == set(candidates(needs, vols, k_nearest=1000, k_all_skills=0))
    assert 0 < len(stepwise) < 30 * 50  # the city has both kinds of pair


def test_nothing_in_nothing_out():
    assert candidates([], []) == []
    assert candidates([need(1)], []) == []
    assert candidates([], [volunteer(1)]) == []


def test_far_feasible_volunteers_are_found_behind_many_near_infeasible_ones():
    n = need(1, gender_preference="female")
    near_men = [volunteer(i, x=0.1 * i, gender="male") for i in range(1, 41)]
    far_women = [volunteer(100 + i, x=5 + i, gender="female") for i in range(3)]
    assert candidates([n], near_men + far_women, k_nearest=2, k_all_skills=0) == [
        (1, 100),
        (1, 101),
    ]


def test_needs_outside_the_volunteers_box_and_everyone_at_one_place():
    # Volunteers all live at one community centre (one cell); needs lie west and north-east
    # of it, outside the box the grid spans, and at the centre itself.
    vols = [volunteer(i, x=0, y=0, radius_km=9) for i in range(1, 6)]
    needs = [need(1, x=-8.5), need(2, x=6, y=6), need(3), need(4, x=-9.5)]
    found = candidates(needs, vols, k_nearest=3, k_all_skills=0)
    assert found == [(n, v) for n in (1, 2, 3) for v in (1, 2, 3)]  # 4 is beyond 9 km


@st.composite
def scattered_cities(draw):
    """Needs at irregular places; volunteers crowded on a coarse grid, often at the same
    place (ties in distance), most of them infeasible, so the index must look further."""
    # Needs of one to four skills: full-skill volunteers are sought by their whole skill set
    # (up to three skills) and, for four, by the first three and then checked.
    skills = st.frozensets(st.integers(0, 4), min_size=1, max_size=4)
    needs = [
        need(
            i,
            draw(st.integers(-450, 450)) / 97 + 0.0031,
            draw(st.integers(-450, 450)) / 97,
            skills=draw(skills),
            availability=draw(st.integers(1, 7)),
            gender_preference=draw(st.sampled_from([None, None, "female"])),
            home_visit=draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    place = st.integers(-5, 5).map(lambda i: i / 1.1)
    vols = [
        volunteer(
            j,
            draw(place),
            draw(place),
            radius_km=draw(st.sampled_from([3.3, 8.7])),
            skills=draw(skills),
            availability=draw(st.integers(0, 7)),
            gender=draw(st.sampled_from(["female", "male"])),
            background_checked=draw(st.booleans()),
            free_capacity=draw(st.sampled_from([0, 1, 1])),
        )
        for j in range(draw(st.integers(20, 60)))
    ]
    return needs, vols, draw(st.integers(0, 4)), draw(st.integers(0, 3))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(scattered_cities())
def test_the_shortlist_is_the_nearest_feasible_plus_the_nearest_with_all_skills(city):
    needs, vols, k_nearest, k_all_skills = city
    expected = []
    for n in needs:
        km = haversine_km_np(n.lat, n.lon, [v.lat for v in vols], [v.lon for v in vols])
        ranked = sorted(
            (km[j], j, v) for j, v in enumerate(vols) if is_feasible(n, v)
        )  # by distance, ties by volunteer row
        full = [r for r in ranked if n.skills <= r[2].skills]
        kept = set(ranked[:k_nearest]) | set(full[:k_all_skills])
        expected += [(n.id, v.id) for _, _, v in sorted(kept)]
    # Cells of every size: from one holding everyone to many rings of nearly empty ones.
    for per_cell in (1000.0, 3.0, 0.05):
        with mock.patch.object(nearest_module, "ENTRIES_PER_CELL", per_cell):
            found = candidates(needs, vols, k_nearest=k_nearest, k_all_skills=k_all_skills)
        assert found == expected, f"{per_cell} volunteers per cell"
