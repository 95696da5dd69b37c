"""The assignment (DESIGN §4): one volunteer per need, globally optimal, never greedy.

Over the candidate graph, choose at most one pair per need and at most ``free_capacity``
pairs per volunteer so that the *total* score is as large as possible, a need left
unmatched counting 0. Solved exactly as a minimum-weight full bipartite matching
(``scipy.sparse.csgraph.min_weight_full_bipartite_matching``, LAPJVsp) on a sparse matrix:

* rows: the needs that have a candidate;
* columns: one per volunteer *slot* (a volunteer with capacity c used by the graph becomes
  min(c, its candidate count) identical slots), then one "unmatched" column per need;
* cost of a pair = ``BIG − score``, cost of a need's own "unmatched" column = ``BIG``, with
  ``BIG`` above every score; every row can reach its own "unmatched" column, so a full
  matching of the rows always exists, and minimising the total cost maximises the total score.

Pairs scoring ≤ 0 cannot beat leaving the need unmatched and are left out. The same input
(same pair order) always gives the same answer; the engine puts pairs in a canonical order.
"""

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


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
        distinct, like the regions of one city, skip the cost).
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

    # Compact rows (needs with a candidate) and volunteers (with a candidate).
    rows, row_of_pair = _compact(need_idx[pairs], n_needs)
    vols, vol_of_pair = _compact(vol_idx[pairs], n_vol)
    degree = np.bincount(vol_of_pair, minlength=len(vols))
    slots = np.minimum(capacity[vols], degree)
    first_slot = np.concatenate(([0], np.cumsum(slots)[:-1]))
    n_slots = int(slots.sum())

    # Each pair becomes one edge per slot of its volunteer.
    copies = slots[vol_of_pair]
    edge_pair = np.repeat(np.arange(len(pairs)), copies)
    edge_offset = np.arange(len(edge_pair)) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_col = first_slot[vol_of_pair][edge_pair] + edge_offset
    big = float(scores[pairs].max()) + 1.0
    edge_cost = big - scores[pairs][edge_pair]

    n_rows = len(rows)
    row = np.concatenate((row_of_pair[edge_pair], np.arange(n_rows)))
    col = np.concatenate((edge_col, n_slots + np.arange(n_rows)))
    cost = np.concatenate((edge_cost, np.full(n_rows, big)))
    n_cols = n_slots + n_rows
    graph = csr_matrix((cost, (row, col)), shape=(n_rows, n_cols))
    graph.sort_indices()
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)

    matched = matched_cols < n_slots  # the others took their "unmatched" column
    r, c = matched_rows[matched], matched_cols[matched]
    # The CSR lists entries by (row, column), so their keys are sorted: find each match's entry,
    # then its pair through a second matrix of the same shape holding pair positions.
    keys = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(graph.indptr)) * n_cols
    keys += graph.indices
    entry = np.searchsorted(keys, r.astype(np.int64) * n_cols + c)
    positions = csr_matrix(
        (np.concatenate((edge_pair + 1.0, np.zeros(n_rows))), (row, col)), shape=graph.shape
    )
    positions.sort_indices()
    chosen[rows[r]] = pairs[positions.data[entry].astype(np.int64) - 1]
    return chosen


def _compact(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (sorted) of small non-negative ints, and each value's rank among them."""
    present = np.bincount(values, minlength=size) > 0
    distinct = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    return distinct, rank[values]
