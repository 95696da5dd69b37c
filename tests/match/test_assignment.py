import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matchmaker.match.assignment import assign

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def solve(pairs: dict[tuple[int, int], float], capacity: list[int], n_needs: int):
    """Run ``assign`` on {(need, volunteer): score}; returns ({need: volunteer}, total)."""
    keys = list(pairs)
    need_idx = np.array([k[0] for k in keys], dtype=np.int64)
    vol_idx = np.array([k[1] for k in keys], dtype=np.int64)
    scores = np.array([pairs[k] for k in keys])
    chosen = assign(need_idx, vol_idx, scores, np.array(capacity), n_needs)
    matching = {int(need_idx[p]): int(vol_idx[p]) for p in chosen if p >= 0}
    return matching, sum(pairs[n, v] for n, v in matching.items())


def dense_optimum(pairs, capacity, n_needs) -> float:
    """The optimum by SciPy's dense Hungarian method: volunteer slots plus a 0-score
    "unmatched" column per need; non-candidates score 0 like "unmatched"."""
    slots = [v for v, c in enumerate(capacity) for _ in range(c)]
    matrix = np.zeros((n_needs, len(slots) + n_needs))
    for col, v in enumerate(slots):
        for n in range(n_needs):
            matrix[n, col] = max(pairs.get((n, v), 0.0), 0.0)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def test_optimal_beats_greedy():
    # Greedy takes the best pair (A–X 0.9) first, leaving B–Y 0.1: total 1.0.
    # The optimum is A–Y + B–X = 0.8 + 0.7 = 1.5.
    A, B, X, Y = 0, 1, 0, 1
    pairs = {(A, X): 0.9, (A, Y): 0.8, (B, X): 0.7, (B, Y): 0.1}
    matching, total = solve(pairs, [1, 1], 2)
    assert matching == {A: Y, B: X}
    assert total == pytest.approx(1.5)


def test_a_volunteer_with_capacity_two_takes_two_needs():
    pairs = {(0, 0): 0.9, (1, 0): 0.8, (2, 0): 0.7, (2, 1): 0.2}
    matching, total = solve(pairs, [2, 1], 3)
    assert matching == {0: 0, 1: 0, 2: 1}
    assert total == pytest.approx(1.9)


def test_a_need_whose_only_candidate_is_better_used_elsewhere_stays_unmatched():
    # A's only candidate is X. Giving X to A (0.5) and Y to B (0.3) totals 0.8;
    # X with B alone totals 0.9, so A stays unmatched.
    A, B, X, Y = 0, 1, 0, 1
    matching, total = solve({(A, X): 0.5, (B, X): 0.9, (B, Y): 0.3}, [1, 1], 2)
    assert matching == {B: X}
    assert total == pytest.approx(0.9)


def test_pairs_scoring_nothing_never_beat_unmatched():
    matching, _ = solve({(0, 0): 0.0, (1, 0): -0.5, (1, 1): 0.4}, [1, 1], 2)
    assert matching == {1: 1}


def test_zero_capacity_takes_nobody():
    assert solve({(0, 0): 0.9}, [0], 1)[0] == {}


def test_empty_inputs():
    chosen = assign(np.array([]), np.array([]), np.array([]), np.array([]), 0)
    assert len(chosen) == 0
    chosen = assign(np.array([]), np.array([]), np.array([]), np.array([1, 1]), 3)
    assert chosen.tolist() == [-1, -1, -1]


def test_a_repeated_pair_is_refused():
    with pytest.raises(ValueError):
        assign(np.array([0, 0]), np.array([0, 0]), np.array([0.5, 0.4]), np.array([1]), 1)


def test_same_input_same_answer_despite_ties():
    pairs = {(n, v): 0.5 for n in range(4) for v in range(3)}
    first = solve(pairs, [1, 1, 1], 4)
    assert all(solve(pairs, [1, 1, 1], 4) == first for _ in range(3))


@st.composite
def graphs(draw):
    n_needs = draw(st.integers(0, 8))
    capacity = draw(st.lists(st.integers(0, 3), min_size=1, max_size=6))
    # Scores on a coarse grid make ties common; some are ≤ 0.
    score = st.sampled_from([-0.2, 0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 1.0])
    pairs = draw(
        st.dictionaries(
            st.tuples(st.integers(0, max(n_needs - 1, 0)), st.integers(0, len(capacity) - 1)),
            score,
            max_size=30,
        )
    )
    if n_needs == 0:
        pairs = {}
    return pairs, capacity, n_needs


@PROPERTY
@given(graphs())
def test_assignment_total_is_the_dense_optimum(graph):
    pairs, capacity, n_needs = graph
    matching, total = solve(pairs, capacity, n_needs)
    assert total == pytest.approx(dense_optimum(pairs, capacity, n_needs), abs=1e-9)
    for v, c in enumerate(capacity):
        assert sum(1 for chosen in matching.values() if chosen == v) <= c
    assert all(pairs[n, v] > 0 for n, v in matching.items())


def city_graph(seed: int, n_needs: int, n_vol: int, reach_km: float = 3.0):
    """Needs and volunteers scattered over a 30 km square; each need's candidates are the
    volunteers within ``reach_km``, scoring more the nearer they are (plus noise). Some
    volunteers can take two needs, a few none: long augmenting paths, needs bumped."""
    rng = np.random.default_rng(seed)
    need_xy = rng.uniform(0, 30, (n_needs, 2))
    vol_xy = rng.uniform(0, 30, (n_vol, 2))
    distance = np.linalg.norm(need_xy[:, None, :] - vol_xy[None, :, :], axis=2)
    need_idx, vol_idx = np.nonzero(distance < reach_km)
    scores = 1 - distance[need_idx, vol_idx] / reach_km + rng.uniform(0, 0.3, len(need_idx))
    capacity = np.where(rng.random(n_vol) < 0.2, 2, 1)
    capacity[rng.random(n_vol) < 0.05] = 0  # full already
    return need_idx, vol_idx, scores, capacity


def sparse_optimum(need_idx, vol_idx, scores, capacity, n_needs) -> float:
    """SciPy's LAPJVsp over volunteer slots plus an "unmatched" column per need."""
    slot_of = np.concatenate(([0], np.cumsum(capacity)))
    rows, cols, costs = [], [], []
    for n, v, s in zip(need_idx, vol_idx, scores, strict=True):
        for slot in range(slot_of[v], slot_of[v + 1]):
            rows.append(n), cols.append(slot), costs.append(2.0 - s)
    n_slots = int(slot_of[-1])
    rows += range(n_needs)
    cols += range(n_slots, n_slots + n_needs)
    costs += [2.0] * n_needs
    graph = csr_matrix((costs, (rows, cols)), shape=(n_needs, n_slots + n_needs))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < n_slots
    return float((2.0 - graph[r[real], c[real]].A1).sum())


@pytest.mark.parametrize("seed, n_needs, n_vol", [(0, 1_500, 1_200), (1, 2_500, 2_000)])
def test_a_city_sized_graph_gets_the_exact_optimum(seed, n_needs, n_vol):
    need_idx, vol_idx, scores, capacity = city_graph(seed, n_needs, n_vol)
    chosen = assign(need_idx, vol_idx, scores, capacity, n_needs)
    picked = chosen[chosen >= 0]
    assert (need_idx[picked] == np.flatnonzero(chosen >= 0)).all()  # each need's own pair
    used = np.bincount(vol_idx[picked], minlength=n_vol)
    assert (used <= capacity).all(), "a volunteer was given more needs than their capacity"
    optimum = sparse_optimum(need_idx, vol_idx, scores, capacity, n_needs)
    assert scores[picked].sum() == pytest.approx(optimum, rel=1e-12)
    assert (chosen < 0).any() and (used == 2).any()  # the graph exercised both
