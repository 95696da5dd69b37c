"""The assignment of a whole city, solved region by region (DESIGN §4, issue 5).

The exact solve over a city's whole candidate graph (100k needs, millions of edges) takes
about a minute; the same solver on a few thousand needs takes a fraction of a second, and
its cost grows faster than the graph. Candidates are local (a volunteer serves within their
radius), so the city is cut into regions of about ``needs_per_region`` needs each and every
region is solved exactly, in parallel processes when asked. Then the cut is moved and the
regions solved again, starting from the current assignment:

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
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor

import numpy as np

from matchmaker.match.assignment import assign

#: needs per region: big enough that few good pairs cross a border, small enough to be fast
NEEDS_PER_REGION = 2_000
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
    pool: Executor | None = None,
) -> np.ndarray:
    """Like :func:`assignment.assign` (same arguments and result), region by region.

    :param need_latlon: (lat, lon) arrays of the need rows.
    :param vol_latlon: (lat, lon) arrays of the volunteer rows.
    :param workers: processes solving regions side by side (1 = all in this process).
    :param pool: processes already started (:func:`start_pool`) to use instead; the caller
        shuts them down.
    """
    need_idx = np.asarray(need_idx, dtype=np.int64)
    vol_idx = np.asarray(vol_idx, dtype=np.int64)
    scores = np.asarray(scores, dtype=float)
    capacity = np.asarray(capacity, dtype=np.int64)
    n_needs, n_vol = len(need_latlon[0]), len(capacity)
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
    own_pool = None if pool else start_pool(workers)
    pool = pool or own_pool
    try:
        for pass_no in range(passes):
            cut = _Cut(need_xy, cells, shift=0.5 * (pass_no % 2))
            need_region, vol_region = cut.region_of(need_xy), cut.region_of(vol_xy)
            taken = _taken_places(chosen, vol_idx, need_region, n_vol)
            free = capacity - np.bincount(vol_idx[chosen[chosen >= 0]], minlength=n_vol)
            by_region = np.argsort(need_region, kind="stable")
            starts = np.searchsorted(need_region[by_region], np.arange(cut.count + 1))
            jobs, parts = [], []
            for region in range(cut.count):
                needs = by_region[starts[region] : starts[region + 1]]
                edges = usable[_ranges(first_edge[needs], first_edge[needs + 1])]
                vols = vol_idx[edges]
                held = _lookup(taken, region * n_vol + vols)
                held += np.where(vol_region[vols] == region, free[vols], 0)
                edges = edges[held > 0]
                if len(edges):
                    parts.append(edges)
                    jobs.append(
                        _region_job(
                            edges, region, need_idx, vol_idx, scores, taken, free, vol_region, n_vol
                        )
                    )
            solved = pool.map(_solve_region, jobs) if pool else map(_solve_region, jobs)
            for part, picked in zip(parts, solved, strict=True):
                chosen[need_idx[part]] = -1
                chosen[need_idx[picked]] = picked
    finally:
        if own_pool:
            own_pool.shutdown()
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


def _region_job(edges, region, need_idx, vol_idx, scores, taken, free, vol_region, n_vol):
    """One region's graph with compact rows, small enough to send to another process."""
    rows = need_idx[edges]  # non-decreasing: edges come grouped by need, needs in order
    new_need = np.concatenate(([True], rows[1:] != rows[:-1]))
    need_rows = np.cumsum(new_need) - 1
    vols, vol_rows = np.unique(vol_idx[edges], return_inverse=True)
    held = _lookup(taken, region * n_vol + vols)
    held += np.where(vol_region[vols] == region, free[vols], 0)
    return edges, need_rows, vol_rows, scores[edges], held, int(new_need.sum())


def _solve_region(job) -> np.ndarray:
    """The chosen pairs (global positions) of one region, solved exactly."""
    edges, need_rows, vol_rows, scores, held, n_needs = job
    chosen = assign(need_rows, vol_rows, scores, held, n_needs, check_distinct=False)
    return edges[chosen[chosen >= 0]]


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, started clean ("spawn"): the caller may be a threaded web server.

    They start now, in the background: a spawned process spends most of a second importing
    NumPy and SciPy, which overlaps with whatever the caller does before the first region.
    None for one worker (regions are then solved in the calling process).
    """
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _ready() -> None:
    """A first task that makes the pool start a process (and its imports) right away."""
