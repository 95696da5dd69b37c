"""The assignment (DESIGN §4): one volunteer per need, globally optimal, never greedy.

Over the candidate graph, choose at most one pair per need and at most ``free_capacity``
pairs per volunteer so that the *total* score is as large as possible, a need left
unmatched counting 0. Solved exactly, over the whole graph at once, by successive shortest
augmenting paths (Jonker–Volgenant's shortest-path method, with Dijkstra on reduced costs
and a binary heap), compiled with Numba:

* rows: the needs that have a candidate; columns: one per volunteer *slot* (a volunteer with
  capacity c used by the graph becomes min(c, its candidate count) identical slots);
* cost of a pair = −score; every need also has its own "unmatched" option at cost 0, so
  minimising the total cost maximises the total score;
* each row first takes its best column if it is still free; every row left over then finds
  its cheapest augmenting path — which may end in another need's "unmatched" option, when
  that need's volunteer is worth more here — and the column prices are updated, so every
  path is shortest and the final matching is optimal.

A path only explores columns cheaper than the nearest free one, and half of a city's
volunteers are free, so paths are short: the whole candidate graph of 100,000 needs (2.5
million pairs) is solved in under a second, where SciPy's LAPJVsp (whose work grows with
rows × columns) took over a minute. Pairs scoring ≤ 0 cannot beat leaving the need
unmatched and are left out. The same input (same pair order) always gives the same answer:
ties go to the lower column, and the engine puts pairs in a canonical order.
"""

import numba
import numpy as np


def assign(
    need_idx: np.ndarray,
    vol_idx: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    n_needs: int,
    *,
    check_distinct: bool = True,
) -> np.ndarray:
    """The chosen pair per need: an array of length ``n_needs`` holding a pair position, or −1.

    :param need_idx: need row of each candidate pair (pairs must be distinct).
    :param vol_idx: volunteer row of each candidate pair.
    :param scores: score of each pair; the total of the chosen scores is maximised.
    :param capacity: free capacity per volunteer row.
    :param n_needs: number of need rows.
    :param check_distinct: check that no pair appears twice (callers that built the pairs
        distinct, like the engine's shortlist, skip the cost).
    :raises ValueError: if a (need, volunteer) pair appears twice.
    """
    need_idx = np.asarray(need_idx, dtype=np.int64)
    vol_idx = np.asarray(vol_idx, dtype=np.int64)
    scores = np.asarray(scores, dtype=float)
    capacity = np.asarray(capacity, dtype=np.int64)
    chosen = np.full(n_needs, -1, dtype=np.int64)

    pairs = np.flatnonzero((scores > 0) & (capacity[vol_idx] > 0))
    if not len(pairs):
        return chosen
    n_vol = len(capacity)
    if check_distinct:
        codes = need_idx[pairs] * n_vol + vol_idx[pairs]
        if len(np.unique(codes)) != len(codes):
            raise ValueError("a (need, volunteer) pair appears twice")

    indptr, edge_col, edge_cost, edge_pair, n_slots = _graph(
        need_idx[pairs], vol_idx[pairs], scores[pairs], np.ascontiguousarray(capacity), n_needs
    )
    edge_of_need = _shortest_augmenting_paths(indptr, edge_col, edge_cost, n_slots)
    matched = edge_of_need >= 0
    chosen[matched] = pairs[edge_pair[edge_of_need[matched]]]
    return chosen


# Signatures are given, so the kernels are compiled (the first time, then read from Numba's
# cache) when this module is imported, not in the middle of a matching run.
_I, _F = numba.int64[::1], numba.float64[::1]


@numba.njit(
    numba.types.Tuple((_I, _I, _F, _I, numba.int64))(_I, _I, _F, _I, numba.int64),
    cache=True,
    nogil=True,
)
def _graph(need_idx, vol_idx, scores, capacity, n_needs):
    """The pairs as a graph of needs (rows) and volunteer slots (columns), in linear time:
    (row starts, column and cost per edge, the pair of each edge, slot count). A volunteer
    of capacity c with d pairs gets min(c, d) identical slots, each pair one edge per slot;
    a row's edges keep the pairs' order."""
    n_pairs, n_vol = len(need_idx), len(capacity)
    degree = np.zeros(n_vol, dtype=np.int64)
    for p in range(n_pairs):
        degree[vol_idx[p]] += 1
    first_slot = np.zeros(n_vol + 1, dtype=np.int64)
    for v in range(n_vol):
        first_slot[v + 1] = first_slot[v] + min(capacity[v], degree[v])
    indptr = np.zeros(n_needs + 1, dtype=np.int64)
    for p in range(n_pairs):
        v = vol_idx[p]
        indptr[need_idx[p] + 1] += first_slot[v + 1] - first_slot[v]
    for r in range(n_needs):
        indptr[r + 1] += indptr[r]
    n_edges = indptr[n_needs]
    edge_col = np.empty(n_edges, dtype=np.int64)
    edge_cost = np.empty(n_edges)
    edge_pair = np.empty(n_edges, dtype=np.int64)
    fill = indptr[:-1].copy()
    for p in range(n_pairs):
        v, r = vol_idx[p], need_idx[p]
        for slot in range(first_slot[v], first_slot[v + 1]):
            e = fill[r]
            edge_col[e], edge_cost[e], edge_pair[e] = slot, -scores[p], p
            fill[r] += 1
    return indptr, edge_col, edge_cost, edge_pair, first_slot[n_vol]


@numba.njit(cache=True, nogil=True)
def _before(key_a, col_a, key_b, col_b):
    """Heap order: by key, ties to the lower column (so the answer never depends on luck)."""
    return key_a < key_b or (key_a == key_b and col_a < col_b)


@numba.njit(cache=True, nogil=True)
def _push(keys, cols, size, key, col):
    at = size
    keys[at], cols[at] = key, col
    while at > 0:
        parent = (at - 1) >> 1
        if not _before(keys[at], cols[at], keys[parent], cols[parent]):
            break
        keys[at], keys[parent] = keys[parent], keys[at]
        cols[at], cols[parent] = cols[parent], cols[at]
        at = parent
    return size + 1


@numba.njit(cache=True, nogil=True)
def _pop(keys, cols, size):
    size -= 1
    keys[0], cols[0] = keys[size], cols[size]
    at = 0
    while True:
        child = 2 * at + 1
        if child >= size:
            break
        if child + 1 < size and _before(keys[child + 1], cols[child + 1], keys[child], cols[child]):
            child += 1
        if not _before(keys[child], cols[child], keys[at], cols[at]):
            break
        keys[at], keys[child] = keys[child], keys[at]
        cols[at], cols[child] = cols[child], cols[at]
        at = child
    return size


@numba.njit(_I(_I, _I, _F, numba.int64), cache=True, nogil=True)
def _shortest_augmenting_paths(indptr, col, cost, n_cols):
    """Per row, the edge of the minimum-cost matching (−1: the row's own "unmatched" option
    at cost 0); rows' edges lie in ``indptr[r]:indptr[r + 1]``, a column takes one row."""
    n_rows = len(indptr) - 1
    price = np.zeros(n_cols)  # column potentials; a free column's stays 0
    row_of = np.full(n_cols, -1, dtype=np.int64)
    edge_of = np.full(n_rows, -1, dtype=np.int64)
    unmatched = np.zeros(n_rows, dtype=np.bool_)  # rows that took their "unmatched" option
    for r in range(n_rows):  # each row takes its best column while it is free
        if indptr[r] == indptr[r + 1]:
            unmatched[r] = True  # no candidate at all
            continue
        best = indptr[r]
        for e in range(indptr[r] + 1, indptr[r + 1]):
            if cost[e] < cost[best]:
                best = e
        if row_of[col[best]] < 0:
            row_of[col[best]], edge_of[r] = r, best
    distance = np.full(n_cols, np.inf)
    via_edge = np.full(n_cols, -1, dtype=np.int64)
    final = np.zeros(n_cols, dtype=np.bool_)
    touched = np.empty(n_cols, dtype=np.int64)
    scanned = np.empty(n_cols, dtype=np.int64)
    keys = np.empty(len(cost) + 1)
    cols = np.empty(len(cost) + 1, dtype=np.int64)
    row_of_edge = np.repeat(np.arange(n_rows), np.diff(indptr))
    for start in range(n_rows):
        if edge_of[start] >= 0 or unmatched[start]:
            continue
        n_touched = n_scanned = heap = 0
        # The cheapest way to end the path so far: start's own "unmatched" option.
        end_cost, end_col, end_row = 0.0, -1, start
        at_row, base = start, 0.0
        while True:
            for e in range(indptr[at_row], indptr[at_row + 1]):
                j = col[e]
                if final[j]:
                    continue
                d = base + cost[e] - price[j]
                if d < distance[j]:
                    if distance[j] == np.inf:
                        touched[n_touched] = j
                        n_touched += 1
                    distance[j], via_edge[j] = d, e
                    if row_of[j] < 0:
                        if d < end_cost:
                            end_cost, end_col, end_row = d, j, -1
                    else:
                        heap = _push(keys, cols, heap, d, j)
            # Pop the nearest column not yet final, unless ending now is as cheap.
            j = -1
            while heap > 0:
                if keys[0] >= end_cost:
                    heap = 0
                    break
                d, j = keys[0], cols[0]
                heap = _pop(keys, cols, heap)
                if not final[j] and d == distance[j]:
                    break
                j = -1
            if j < 0:
                break
            final[j] = True
            scanned[n_scanned] = j
            n_scanned += 1
            at_row = row_of[j]
            base = distance[j] - (cost[edge_of[at_row]] - price[j])  # its edge is tight
            if base < end_cost:  # that row gives up its volunteer and stays unmatched
                end_cost, end_col, end_row = base, -1, at_row
        for t in range(n_scanned):
            j = scanned[t]
            price[j] += distance[j] - end_cost
        # Augment: each column on the path passes to the row before it.
        if end_col >= 0:
            j = end_col
        else:
            j = col[edge_of[end_row]] if end_row != start else -1
            if end_row != start:
                edge_of[end_row] = -1
            unmatched[end_row] = True
        while j >= 0:
            e = via_edge[j]
            r = row_of_edge[e]
            previous = col[edge_of[r]] if edge_of[r] >= 0 and r != start else -1
            row_of[j], edge_of[r] = r, e
            unmatched[r] = False
            j = previous
        for t in range(n_touched):
            j = touched[t]
            distance[j], final[j] = np.inf, False
    return edge_of
