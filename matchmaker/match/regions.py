"""The assignment of a whole city, solved region by region (DESIGN §4, issue 5).

The exact solve over a city's whole candidate graph (100k needs, millions of edges) takes
about a minute; the same solver on a few thousand needs takes a fraction of a second, and
its cost grows faster than the graph. Candidates are local (a volunteer serves within their
radius), so the city is cut into regions of about ``needs_per_region`` needs each and every
region is solved exactly, side by side in threads when asked (SciPy's matching releases
the GIL, so threads share out the cores with no process to start and nothing to copy).
Then the cut is moved and the regions solved again, starting from the current assignment:

* **Pass 1** cuts the needs into a grid of balanced regions (quantiles of x, then of y within
  each strip). A volunteer belongs to the region they live in; a need only meets the
  volunteers of its own region, so pairs across a border are left out for now.
* **Later passes** cut the city again with the borders moved by half a region. A volunteer's
  capacity is split between regions: the places taken by needs go with those needs' regions,
  the free places with the region the volunteer lives in. Each region is solved exactly over
  *all* its needs' pairs with the volunteer places it holds. The current assignment restricted
  to a region is one of that region's solutions, so no pass lowers the total score; moved
  borders let pairs that crossed the old ones be chosen.

Benchmarks (``bench/match_bench.py``) compare the result with the exact solve of the whole
graph. Deterministic: the same input gives the same regions and the same answer.
"""

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from matchmaker.match.assignment import assign

#: needs per region: big enough that few good pairs cross a border, small enough to be fast
NEEDS_PER_REGION = 1_500
#: passes: the grid, then the grid moved by half a region
PASSES = 2
_KM_PER_DEGREE = 111.195


def assign_by_region(
    need_idx: np.ndarray,
    vol_idx: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    need_latlon: tuple[np.ndarray, np.ndarray],
    vol_latlon: tuple[np.ndarray, np.ndarray],
    *,
    needs_per_region: int | None = None,
    passes: int = PASSES,
    workers: int = 1,
) -> np.ndarray:
    """Like :func:`assignment.assign` (same arguments and result), region by region.

    :param need_latlon: (lat, lon) arrays of the need rows.
    :param vol_latlon: (lat, lon) arrays of the volunteer rows.
    :param workers: threads solving regions side by side.
    """
    need_idx = np.asarray(need_idx, dtype=np.int64)
    vol_idx = np.asarray(vol_idx, dtype=np.int64)
    scores = np.asarray(scores, dtype=float)
    capacity = np.asarray(capacity, dtype=np.int64)
    n_needs = len(need_latlon[0])
    chosen = np.full(n_needs, -1, dtype=np.int64)
    usable = np.flatnonzero((scores > 0) & (capacity[vol_idx] > 0))
    if not len(usable):
        return chosen
    need_xy, vol_xy = _plane(need_latlon, vol_latlon)
    per_region = needs_per_region or NEEDS_PER_REGION
    cells = max(1, round(math.sqrt(n_needs / max(1, per_region))))
    if cells == 1:
        return assign(need_idx, vol_idx, scores, capacity, n_needs)
    usable = usable[np.argsort(need_idx[usable], kind="stable")]  # grouped by need
    first_edge = np.searchsorted(need_idx[usable], np.arange(n_needs + 1))
    graph = (need_idx, vol_idx, scores, usable, first_edge)
    with ThreadPoolExecutor(workers) as pool:
        for pass_no in range(passes):
            cut = _Cut(need_xy, cells, shift=0.5 * (pass_no % 2))
            this_pass = _Pass(graph, cut, need_xy, vol_xy, chosen, capacity)
            # All regions of a pass first: each starts from the assignment the pass started from.
            for edges, picked in list(pool.map(this_pass.solve, range(cut.count))):
                chosen[need_idx[edges]] = -1
                chosen[need_idx[picked]] = picked
    return chosen


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of ``arange(s, e)`` for each (s, e), without a Python loop."""
    lengths = ends - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(total, dtype=np.int64) + offsets


def _plane(need_latlon, vol_latlon) -> tuple[np.ndarray, np.ndarray]:
    """Needs and volunteers on a local flat plane in km (fine for a city's extent)."""
    lat0 = float(np.mean(need_latlon[0]))
    scale = np.array([math.cos(math.radians(lat0)), 1.0]) * _KM_PER_DEGREE

    def xy(latlon):
        return np.column_stack((latlon[1], latlon[0])).astype(float) * scale

    return xy(need_latlon), xy(vol_latlon)


class _Cut:
    """Balanced regions: strips by quantiles of the needs' x, each cut by quantiles of y.

    ``shift`` moves every border by that fraction of a region: with 0.5 the borders fall in
    the middle of the unshifted regions (``cells + 1`` strips, the outer two half as wide).
    """

    def __init__(self, need_xy: np.ndarray, cells: int, *, shift: float):
        levels = (np.arange(cells) + 1 - shift) / cells
        levels = levels[(levels > 0) & (levels < 1)]
        self.x_borders = np.quantile(need_xy[:, 0], levels)
        strip = np.searchsorted(self.x_borders, need_xy[:, 0], side="right")
        self.y_borders = [
            np.quantile(need_xy[strip == i, 1], levels) if np.any(strip == i) else levels * 0
            for i in range(len(self.x_borders) + 1)
        ]
        self.per_strip = len(levels) + 1
        self.count = (len(self.x_borders) + 1) * self.per_strip

    def region_of(self, xy: np.ndarray) -> np.ndarray:
        strip = np.searchsorted(self.x_borders, xy[:, 0], side="right")
        row = np.zeros(len(xy), dtype=np.int64)
        for i, borders in enumerate(self.y_borders):
            here = strip == i
            row[here] = np.searchsorted(borders, xy[here, 1], side="right")
        return strip.astype(np.int64) * self.per_strip + row


def _taken_places(chosen, vol_idx, need_region, n_vol):
    """Places taken by needs, per region of the need holding them, as (sorted codes
    ``region × n_vol + volunteer``, counts); free places go with the volunteer's region."""
    matched = np.flatnonzero(chosen >= 0)
    codes = need_region[matched] * n_vol + vol_idx[chosen[matched]]
    unique, counts = np.unique(codes, return_counts=True)
    return unique, counts


def _lookup(places, codes: np.ndarray) -> np.ndarray:
    """The places held under each code (0 where none)."""
    unique, counts = places
    if not len(unique):
        return np.zeros(len(codes), dtype=np.int64)
    at = np.minimum(np.searchsorted(unique, codes), len(unique) - 1)
    return np.where(unique[at] == codes, counts[at], 0)


class _Pass:
    """One pass over the regions of a cut, starting from the assignment ``chosen``."""

    def __init__(self, graph, cut: _Cut, need_xy, vol_xy, chosen, capacity):
        self.need_idx, self.vol_idx, self.scores, self.usable, self.first_edge = graph
        n_vol = len(capacity)
        self.n_vol = n_vol
        need_region, self.vol_region = cut.region_of(need_xy), cut.region_of(vol_xy)
        self.taken = _taken_places(chosen, self.vol_idx, need_region, n_vol)
        self.free = capacity - np.bincount(self.vol_idx[chosen[chosen >= 0]], minlength=n_vol)
        self.by_region = np.argsort(need_region, kind="stable")
        self.starts = np.searchsorted(need_region[self.by_region], np.arange(cut.count + 1))

    def held(self, region: int, vols: np.ndarray) -> np.ndarray:
        """The places of volunteers ``vols`` this region holds."""
        held = _lookup(self.taken, region * self.n_vol + vols)
        return held + np.where(self.vol_region[vols] == region, self.free[vols], 0)

    def solve(self, region: int) -> tuple[np.ndarray, np.ndarray]:
        """(the region's pairs, the chosen ones among them), solved exactly."""
        needs = self.by_region[self.starts[region] : self.starts[region + 1]]
        edges = self.usable[_ranges(self.first_edge[needs], self.first_edge[needs + 1])]
        edges = edges[self.held(region, self.vol_idx[edges]) > 0]
        if not len(edges):
            return edges, edges
        rows = self.need_idx[edges]  # non-decreasing: edges come grouped by need, in order
        new_need = np.concatenate(([True], rows[1:] != rows[:-1]))
        vols, vol_rows = np.unique(self.vol_idx[edges], return_inverse=True)
        chosen = assign(
            np.cumsum(new_need) - 1,
            vol_rows,
            self.scores[edges],
            self.held(region, vols),
            int(new_need.sum()),
            check_distinct=False,
        )
        return edges, edges[chosen[chosen >= 0]]
