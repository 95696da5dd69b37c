import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matchmaker.match.engine import STAGES, propose
from matchmaker.match.features import FEATURES, encode, pair_features
from matchmaker.match.scoring import PriorScorer
from tests.match.builders import is_feasible, need, volunteer

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def rank0(result) -> dict[int, int]:
    return {p.need_id: p.volunteer_id for p in result.proposals if p.rank == 0}


def test_the_optimum_not_the_greedy_choice():
    # Only the distance differs between pairs, so the prior ranks pairs by proximity:
    # A–X 0.9, A–Y 0.8, B–X 0.7, B–Y 0.4 (proximity = 1 − km / 10).
    # Greedy: A–X then B–Y (1.3); optimum: A–Y and B–X (1.5).
    needs = [need(1, x=0), need(2, x=4)]
    vols = [volunteer(10, x=1), volunteer(20, x=-2)]
    result = propose(needs, vols, PriorScorer())
    assert rank0(result) == {1: 20, 2: 10}
    base = sum(PriorScorer.WEIGHTS[f] for f in ("skill_coverage", "availability_overlap"))
    base += PriorScorer.WEIGHTS["same_community"] + PriorScorer.WEIGHTS["language_match"]
    base += PriorScorer.WEIGHTS["training_done"]  # no course required: nothing left to do
    assert result.total_score == pytest.approx(2 * base + 0.2 * (0.8 + 0.7))
    assert result.unmatched_need_ids == []


def test_capacity_two_and_a_need_left_unmatched():
    needs = [need(1, x=1), need(2, x=-1), need(3, x=9.5)]
    vols = [volunteer(10, free_capacity=2), volunteer(20, x=30)]
    result = propose(needs, vols, PriorScorer())
    # Volunteer 10 can take two; need 3 is within reach, but 1 and 2 score higher.
    assert rank0(result) == {1: 10, 2: 10}
    assert result.unmatched_need_ids == [3]
    assert all(p.need_id != 3 for p in result.proposals)


def test_a_declined_volunteer_is_never_proposed_for_that_need():
    needs = [need(1), need(2, x=0.5, declined=frozenset({1, 3}))]
    vols = [volunteer(j, x=j) for j in range(1, 6)]
    result = propose(needs, vols, PriorScorer(), alternatives=4)
    of_need = {n: {p.volunteer_id for p in result.proposals if p.need_id == n} for n in (1, 2)}
    assert of_need[2] == {2, 4, 5}  # 1 and 3 neither chosen nor offered as alternatives
    assert of_need[1] == {1, 2, 3, 4, 5}  # the same volunteers stay open to need 1
    assert result.candidate_pairs == 8


def test_a_need_whose_nearest_volunteers_were_all_declined_reaches_past_them():
    # The shortlist keeps the 2 nearest volunteers per need (all hold its skill, so the
    # all-skills set adds nobody); the three nearest were declined, so without reaching
    # further the need would look as if every candidate had been declined.
    needs = [need(1, declined=frozenset({1, 2, 3}))]
    vols = [volunteer(j, x=j) for j in range(1, 7)]
    result = propose(needs, vols, PriorScorer(), alternatives=4, k_nearest=2, k_all_skills=1)
    assert rank0(result) == {1: 4}
    assert sorted(p.volunteer_id for p in result.proposals) == [4, 5]
    assert result.unmatched_need_ids == []


def test_a_need_keeps_as_many_candidates_as_it_would_without_declines():
    # Need 2 declined one volunteer: it is searched wider by one, need 1 is not widened.
    needs = [need(1), need(2, x=0.5, declined=frozenset({1}))]
    vols = [volunteer(j, x=j) for j in range(1, 9)]
    result = propose(needs, vols, PriorScorer(), alternatives=7, k_nearest=3, k_all_skills=0)
    of_need = {
        n: sorted(p.volunteer_id for p in result.proposals if p.need_id == n) for n in (1, 2)
    }
    assert of_need == {1: [1, 2, 3], 2: [2, 3, 4]}


def test_proposals_carry_alternatives_features_and_contributions():
    needs = [need(1), need(2, x=0.5)]
    vols = [volunteer(j, x=j) for j in range(1, 6)]
    result = propose(needs, vols, PriorScorer(), alternatives=2)
    assert result.scorer_version == "prior-2"
    assert result.candidate_pairs == 10
    for need_id in (1, 2):
        mine = [p for p in result.proposals if p.need_id == need_id]
        assert [p.rank for p in mine] == [0, 1, 2]
        assert len({p.volunteer_id for p in mine}) == 3
        assert mine[1].score >= mine[2].score
    for p in result.proposals:
        assert list(p.features) == list(FEATURES) == list(p.contributions)
        assert sum(p.contributions.values()) == pytest.approx(p.score)
    assert result.total_score == pytest.approx(
        sum(p.score for p in result.proposals if p.rank == 0)
    )


def test_progress_reports_every_stage_to_completion():
    calls = []
    propose(
        [need(i, x=i) for i in range(3)],
        [volunteer(j, x=j) for j in range(4)],
        PriorScorer(),
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert [c[0] for c in calls if c[1] == 0] == list(STAGES)
    for stage in STAGES:
        last = [c for c in calls if c[0] == stage][-1]
        assert last[1] == last[2]


def test_empty_inputs_and_bad_inputs():
    result = propose([], [], PriorScorer())
    assert (result.proposals, result.unmatched_need_ids, result.total_score) == ([], [], 0.0)
    assert propose([need(2), need(1)], [], PriorScorer()).unmatched_need_ids == [1, 2]
    with pytest.raises(ValueError):
        propose([need(1), need(1)], [], PriorScorer())
    with pytest.raises(ValueError):
        propose([], [volunteer(1), volunteer(1)], PriorScorer())
    stale = PriorScorer()
    stale.feature_names = FEATURES[:-1]
    with pytest.raises(ValueError):
        propose([need(1)], [volunteer(1)], stale)


# --- random small cities --------------------------------------------------------------------

GRID = st.integers(-8, 8).map(lambda i: i / 2)  # 0.5 km steps: ties in distance happen


@st.composite
def cities(draw):
    """Up to 8 needs and 10 volunteers a few km apart; every constraint bites now and then."""
    wanted = st.sampled_from([None, None, None, "female", "male"])
    genders = st.sampled_from([None, "female", "male", "male"])
    skills = st.frozensets(st.integers(0, 2), min_size=1, max_size=2)
    slots = st.integers(0, 2**3 - 1)  # Monday: overlaps are common
    needs = [
        need(
            i,
            draw(GRID),
            draw(GRID),
            community_id=draw(st.integers(0, 2)),
            skills=draw(skills),
            availability=draw(slots),
            home_visit=draw(st.sampled_from([False, False, True])),
            gender_preference=draw(wanted),
            urgency=draw(st.integers(0, 2)),
            languages=draw(st.frozensets(st.integers(0, 2), max_size=2)),
        )
        for i in range(draw(st.integers(1, 8)))
    ]
    vols = [
        volunteer(
            100 + j,
            draw(GRID),
            draw(GRID),
            community_id=draw(st.integers(0, 2)),
            radius_km=draw(st.sampled_from([1.3, 3.3, 5.1, 8.7])),
            skills=draw(skills),
            availability=draw(slots),
            gender=draw(genders),
            free_capacity=draw(st.sampled_from([0, 1, 1, 2])),
            background_checked=draw(st.booleans()),
            languages=draw(st.frozensets(st.integers(0, 2), max_size=2)),
            verified_hours=draw(st.sampled_from([0, 10, 400])),
            mean_rating=draw(st.sampled_from([0, 3.5, 5])),
        )
        for j in range(draw(st.integers(1, 10)))
    ]
    return needs, vols


def dense_optimum(needs, vols) -> float:
    """The best total by SciPy's dense Hungarian method over every feasible pair (found by
    checking all pairs, record by record), with a 0-score "unmatched" column per need."""
    need_arrays, volunteer_arrays = encode(needs, vols)
    pairs = [(i, j) for i, n in enumerate(needs) for j, v in enumerate(vols) if is_feasible(n, v)]
    scores = np.zeros((len(needs), len(vols)))
    if pairs:
        ni, vi = np.array(pairs).T
        scores[ni, vi] = PriorScorer().score(pair_features(need_arrays, volunteer_arrays, ni, vi))
    slots = [j for j, v in enumerate(vols) for _ in range(v.free_capacity)]
    matrix = np.hstack((scores[:, slots], np.zeros((len(needs), len(needs)))))
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


@PROPERTY
@given(cities())
def test_random_cities_are_matched_optimally_within_the_hard_constraints(city):
    needs, vols = city
    result = propose(needs, vols, PriorScorer())
    by_id = {n.id: n for n in needs}, {v.id: v for v in vols}
    for p in result.proposals:
        assert is_feasible(by_id[0][p.need_id], by_id[1][p.volunteer_id])
    chosen = rank0(result)
    for v in vols:
        assert sum(1 for taken in chosen.values() if taken == v.id) <= v.free_capacity
    assert sorted([*chosen, *result.unmatched_need_ids]) == sorted(n.id for n in needs)
    assert result.unmatched_need_ids == sorted(result.unmatched_need_ids)
    assert result.total_score == pytest.approx(dense_optimum(needs, vols), abs=1e-9)


@PROPERTY
@given(cities(), st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_proposals(city, rng):
    needs, vols = city
    first = propose(needs, vols, PriorScorer())
    shuffled_needs, shuffled_vols = list(needs), list(vols)
    rng.shuffle(shuffled_needs)
    rng.shuffle(shuffled_vols)
    again = propose(shuffled_needs, shuffled_vols, PriorScorer())
    assert again.proposals == first.proposals
    assert again.unmatched_need_ids == first.unmatched_need_ids
    assert again.total_score == first.total_score


def test_a_bigger_city_is_deterministic():
    rng = random.Random(7)
    needs = [
        need(i, rng.uniform(-10, 10), rng.uniform(-10, 10), skills=frozenset({rng.randrange(3)}))
        for i in range(300)
    ]
    vols = [
        volunteer(j, rng.uniform(-10, 10), rng.uniform(-10, 10), skills=frozenset({0, 1, 2}))
        for j in range(200)
    ]
    first = propose(needs, vols, PriorScorer(), k_nearest=5, k_all_skills=2)
    again = propose(needs[::-1], vols[::-1], PriorScorer(), k_nearest=5, k_all_skills=2)
    assert again.proposals == first.proposals
    chosen = rank0(first)
    assert len(chosen) > 150
    assert len(set(chosen.values())) == len(chosen)  # capacity 1 each


def random_city(seed: int, n_needs: int, n_vols: int):
    """Needs and volunteers spread over a 12 km square, with mixed skills and constraints."""
    rng = np.random.default_rng(seed)

    def common(i):
        x, y = rng.uniform(0, 12, 2)
        return {
            "x": float(x),
            "y": float(y),
            "community_id": int(rng.integers(3)),
            "skills": frozenset(rng.choice(6, int(rng.integers(1, 4)), replace=False).tolist()),
            "availability": int(rng.integers(1, 2**21)),
            "languages": frozenset({int(rng.integers(3))}),
        }

    needs = [
        need(i, **common(i), home_visit=bool(rng.random() < 0.3), urgency=int(rng.integers(3)))
        for i in range(n_needs)
    ]
    vols = [
        volunteer(
            10_000 + j,
            **common(j),
            radius_km=float(rng.choice([2.0, 4.0, 8.0])),
            background_checked=bool(rng.random() < 0.7),
            verified_hours=float(rng.uniform(0, 200)),
        )
        for j in range(n_vols)
    ]
    return needs, vols


def test_one_or_two_workers_give_the_same_proposals(monkeypatch):
    """The shortlist and the features run in threads: they may not change the answer or
    break a hard constraint."""
    from matchmaker.match import shortlist

    needs, vols = random_city(3, 1_200, 1_600)
    monkeypatch.setattr(shortlist, "CHUNK", 300)  # several chunks, so several threads
    one = propose(needs, vols, PriorScorer(), workers=1)
    two = propose(needs, vols, PriorScorer(), workers=2)
    assert [(p.need_id, p.volunteer_id, p.rank) for p in one.proposals] == [
        (p.need_id, p.volunteer_id, p.rank) for p in two.proposals
    ]
    assert one.total_score == two.total_score
    assert one.candidate_pairs == two.candidate_pairs
    assert len(one.unmatched_need_ids) < len(needs) // 2
    by_id = {n.id: n for n in needs} | {v.id: v for v in vols}
    assert all(is_feasible(by_id[p.need_id], by_id[p.volunteer_id]) for p in two.proposals)
