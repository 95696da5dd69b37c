"""The city-scale assignment, region by region, against the exact solve of the whole graph."""

import numpy as np
import pytest

from matchmaker.match.assignment import assign
from matchmaker.match.regions import assign_by_region


def local_city(seed: int, n_needs: int = 3_000, n_vol: int = 4_000, reach_km: float = 3.0):
    """Needs and volunteers scattered over a 30 km square; each need's candidates are the
    volunteers within ``reach_km``, scoring more the nearer they are (plus noise). Some
    volunteers can take two needs."""
    rng = np.random.default_rng(seed)
    need_xy = rng.uniform(0, 30, (n_needs, 2))
    vol_xy = rng.uniform(0, 30, (n_vol, 2))
    distance = np.linalg.norm(need_xy[:, None, :] - vol_xy[None, :, :], axis=2)
    need_idx, vol_idx = np.nonzero(distance < reach_km)
    scores = 1 - distance[need_idx, vol_idx] / reach_km + rng.uniform(0, 0.3, len(need_idx))
    capacity = np.where(rng.random(n_vol) < 0.2, 2, 1)
    capacity[rng.random(n_vol) < 0.05] = 0  # full already

    def latlon(xy):
        return 30.0 + xy[:, 1] / 111.195, 120.0 + xy[:, 0] / (111.195 * np.cos(np.radians(30)))

    return need_idx, vol_idx, scores, capacity, latlon(need_xy), latlon(vol_xy)


def total(chosen, scores) -> float:
    return float(scores[chosen[chosen >= 0]].sum())


def assert_feasible(chosen, need_idx, vol_idx, scores, capacity):
    picked = chosen[chosen >= 0]
    assert (need_idx[picked] == np.flatnonzero(chosen >= 0)).all()  # each need's own pair
    assert (scores[picked] > 0).all()
    used = np.bincount(vol_idx[picked], minlength=len(capacity))
    assert (used <= capacity).all(), "a volunteer was given more needs than their capacity"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_regions_come_within_half_a_percent_of_the_whole_graph_optimum(seed):
    need_idx, vol_idx, scores, capacity, need_ll, vol_ll = local_city(seed)
    exact = assign(need_idx, vol_idx, scores, capacity, len(need_ll[0]))
    by_region = assign_by_region(
        need_idx, vol_idx, scores, capacity, need_ll, vol_ll, needs_per_region=300
    )
    assert_feasible(by_region, need_idx, vol_idx, scores, capacity)
    assert total(by_region, scores) >= 0.995 * total(exact, scores)
    assert total(by_region, scores) <= total(exact, scores) + 1e-9


def test_moving_the_borders_never_lowers_the_total():
    need_idx, vol_idx, scores, capacity, need_ll, vol_ll = local_city(3)
    totals = [
        total(
            assign_by_region(
                need_idx,
                vol_idx,
                scores,
                capacity,
                need_ll,
                vol_ll,
                needs_per_region=200,
                passes=passes,
            ),
            scores,
        )
        for passes in (1, 2, 3)
    ]
    assert totals[0] <= totals[1] <= totals[2]
    assert totals[0] < totals[2], "pairs across the first borders were never taken"


def test_a_small_city_is_solved_exactly():
    need_idx, vol_idx, scores, capacity, need_ll, vol_ll = local_city(4, 500, 700)
    exact = assign(need_idx, vol_idx, scores, capacity, 500)
    by_region = assign_by_region(need_idx, vol_idx, scores, capacity, need_ll, vol_ll)
    assert (by_region == exact).all()


def test_worker_threads_give_the_same_answer_as_one():
    need_idx, vol_idx, scores, capacity, need_ll, vol_ll = local_city(5, 1_500, 2_000)
    kwargs = {"needs_per_region": 250}
    alone = assign_by_region(need_idx, vol_idx, scores, capacity, need_ll, vol_ll, **kwargs)
    shared = assign_by_region(
        need_idx, vol_idx, scores, capacity, need_ll, vol_ll, workers=2, **kwargs
    )
    assert (alone == shared).all()
    assert_feasible(shared, need_idx, vol_idx, scores, capacity)
