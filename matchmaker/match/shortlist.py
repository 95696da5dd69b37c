"""Candidate pairs: per need, its feasible volunteers worth scoring (DESIGN §4).

Feasible means every hard constraint holds: the volunteer has free capacity, covers at least
one required skill, shares at least one availability slot, lives within *their own* service
radius of the need, is of the preferred gender if the need names one, and has passed the
background check if the need is a home visit.

How candidates are found, never by enumerating all pairs:

* a **skill index**: the volunteers holding each required skill, so a need only ever meets
  volunteers who cover at least one of its skills;
* a **spatial index**: one k-d tree per skill over every volunteer holding it. Each need asks
  the tree of each of its skills for its k nearest volunteers within the tree's largest
  radius (``cKDTree.query`` with ``distance_upper_bound``), checks them against the
  volunteer's own radius and the other constraints (vectorised), and asks again with a
  larger k only while that tree has not yet yielded ``k_nearest`` feasible volunteers (and,
  for a need of one skill, ``k_all_skills``). Pairs beyond a tree's own k-th feasible
  distance cannot be among the need's nearest and are dropped at once. So the work follows
  what is kept, not how many volunteers live within reach;
* **pair trees** for the volunteers holding *every* required skill of a need of several
  skills: each such volunteer holds the pair of the need's skills that fewest volunteers
  hold, so one k-d tree per (skill pair, radius tier) over its holders is asked instead
  (radius tiers group radii within a factor ``TIER_RATIO``, so a far ball is searched only
  for the volunteers whose radius reaches it). These trees are built only for pairs some
  need uses, and asked once for all needs before the per-chunk steps.

Quality: a shortlist of the nearest volunteers by distance alone loses 5–12 % of the
attainable score against the optimum; adding the nearest volunteers who hold *all* the
required skills brings the loss under 1.5 %. So each need keeps its ``k_nearest`` nearest
feasible volunteers **plus** its ``k_all_skills`` nearest feasible volunteers holding every
required skill. Output is sorted by (need row, distance, volunteer row): deterministic.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matchmaker.match.features import NeedArrays, VolunteerArrays, missing_bits, shared_bits
from matchmaker.match.geo import SpatialIndex, haversine_km_np

#: radii within a tier differ by at most this factor (bounds the work wasted on far volunteers)
TIER_RATIO = 1.5
#: needs per step (one progress tick each)
CHUNK = 16_384
#: most neighbours asked of a tree at once (bounds memory)
_BATCH = 1_000_000
#: first ask per need: this many times what is kept (then ×4 while not enough), at least _MIN
_FIRST_ASK, _FIRST_ASK_MIN = 2, 8


@dataclass
class Candidates:
    """The shortlist graph: pair p joins need row ``need_idx[p]`` to volunteer ``vol_idx[p]``."""

    need_idx: np.ndarray
    vol_idx: np.ndarray
    distance_km: np.ndarray

    def __len__(self) -> int:
        return len(self.need_idx)


def feasible(
    need: NeedArrays, volunteer: VolunteerArrays, ni: np.ndarray, vi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the pairs (ni[p], vi[p]) meet every hard constraint; also their distances in km."""
    distance = haversine_km_np(need.lat[ni], need.lon[ni], volunteer.lat[vi], volunteer.lon[vi])
    ok = volunteer.free_capacity[vi] > 0
    ok &= distance <= volunteer.radius_km[vi]
    ok &= (need.availability[ni] & volunteer.availability[vi]) != 0
    wanted = need.gender_preference[ni]
    ok &= (wanted == 0) | (wanted == volunteer.gender[vi])
    ok &= ~need.home_visit[ni] | volunteer.background_checked[vi]
    ok &= shared_bits(need.skills[ni], volunteer.skills[vi]) > 0
    return ok, distance


def shortlist(
    need: NeedArrays,
    volunteer: VolunteerArrays,
    *,
    k_nearest: int = 20,
    k_all_skills: int = 10,
    progress: Callable[[str, int, int], None] | None = None,
    workers: int = 1,
) -> Candidates:
    """The candidate pairs of every need; see the module docstring.

    :param k_nearest: feasible volunteers kept per need, nearest first.
    :param k_all_skills: further feasible volunteers kept per need among those holding every
        required skill, nearest first (the two sets are united).
    :param progress: called as ``progress("shortlist", needs_done, needs_total)``.
    :param workers: threads sharing each large k-d tree query.
    """
    index = _SkillIndex(need, volunteer, workers=workers)
    rows = np.flatnonzero((need.n_skills > 0) & (need.n_slots > 0))
    index.find_full_skilled(rows, k_all_skills)
    total = len(need)
    parts = []
    if progress:
        progress("shortlist", 0, total)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ni, vi, distance = index.near(chunk, k_nearest, k_all_skills)
        parts.append(_keep_best(need, volunteer, ni, vi, distance, k_nearest, k_all_skills))
        if progress:
            progress("shortlist", min(start + CHUNK, len(rows)), total)
    if progress and len(rows) < total:
        progress("shortlist", total, total)
    if not parts:
        empty = np.empty(0, dtype=np.intp)
        return Candidates(empty, empty, np.empty(0))
    return Candidates(*(np.concatenate(arrays) for arrays in zip(*parts, strict=True)))


class _SkillIndex:
    """One k-d tree per skill bit, and per (skill pair, radius tier) as needed, over the
    volunteers who could take anyone."""

    def __init__(self, need: NeedArrays, volunteer: VolunteerArrays, *, workers: int = 1):
        self.need, self.volunteer, self.workers = need, volunteer, workers
        self.usable = (
            (volunteer.free_capacity > 0)
            & (volunteer.availability != 0)
            & (volunteer.radius_km >= 0)
            & volunteer.skills.any(axis=1)
        )
        radius = np.maximum(volunteer.radius_km, 0.1)
        self.tier = np.floor(np.log(radius) / math.log(TIER_RATIO)).astype(np.int64)
        self.full_found = tuple(np.empty(0, dtype=dtype) for dtype in (np.intp, np.intp, float))
        # Skill trees span every radius: the nearest feasible lie well inside most radii.
        self.trees: dict[int, tuple[float, np.ndarray, SpatialIndex]] = {}
        for bit in range(volunteer.skills.shape[1] * 64):
            rows = np.flatnonzero(self.usable & _has_bit(volunteer.skills, bit))
            if len(rows):
                self.trees[bit] = (
                    float(volunteer.radius_km[rows].max()),
                    rows,
                    SpatialIndex(volunteer.lat[rows], volunteer.lon[rows]),
                )

    def find_full_skilled(self, rows: np.ndarray, k_all_skills: int) -> None:
        """For the needs of several skills, their ``k_all_skills`` nearest feasible full-skill
        volunteers per tier, asked of a k-d tree over the volunteers holding the pair of the
        need's skills fewest hold (every full-skill volunteer holds it): ``full_found``."""
        need, volunteer = self.need, self.volunteer
        multi = rows[need.n_skills[rows] > 1]
        if k_all_skills <= 0 or not len(multi):
            return
        n_bits = volunteer.skills.shape[1] * 64
        held = np.column_stack([_has_bit(volunteer.skills, b) for b in range(n_bits)])
        wants = np.column_stack([_has_bit(need.skills[multi], b) for b in range(n_bits)])
        owner, skill_a, skill_b = _skill_pairs(wants)
        found = []
        for t in np.unique(self.tier[self.usable]):
            in_tier = held & (self.usable & (self.tier == t))[:, None]
            holds = in_tier.astype(float)  # exact counts, by BLAS
            sizes = (holds.T @ holds)[skill_a, skill_b].astype(np.int64)
            # Per need, its pair fewest hold (ties: the first pair); none if a pair has nobody.
            order = np.lexsort((sizes, owner))
            first = np.ones(len(order), dtype=bool)
            first[1:] = owner[order][1:] != owner[order][:-1]
            best = order[first]  # one entry per need that has pairs, needs in order
            empty = np.bincount(owner, weights=sizes == 0, minlength=len(multi)) > 0
            best = best[~empty[owner[best]]]
            code = skill_a[best] * n_bits + skill_b[best]
            for c in np.unique(code):
                a, b = divmod(int(c), n_bits)
                members = np.flatnonzero(in_tier[:, a] & in_tier[:, b])
                tree = SpatialIndex(volunteer.lat[members], volunteer.lon[members])
                radius = float(volunteer.radius_km[members].max())
                asking = multi[owner[best[code == c]]]
                found.extend(self._ask(tree, members, radius, asking, 0, k_all_skills))
        if found:
            ni, vi, km = (np.concatenate(column) for column in zip(*found, strict=True))
            order = np.argsort(ni, kind="stable")
            self.full_found = (ni[order], vi[order], km[order])

    def near(self, chunk: np.ndarray, k_nearest: int, k_all_skills: int):
        """Feasible (need row, volunteer row, km) for the needs in ``chunk``: per need, at
        least its ``k_nearest`` nearest and ``k_all_skills`` nearest full-skill ones."""
        ni, vi, km = self.full_found  # for the needs of several skills, sorted by need
        lo, hi = np.searchsorted(ni, chunk[0]), np.searchsorted(ni, chunk[-1], side="right")
        found = [(ni[lo:hi], vi[lo:hi], km[lo:hi])]
        # A need of one skill finds its full-skill volunteers in that skill's tree.
        single = self.need.n_skills[chunk] == 1
        for bit, (radius, rows, tree) in self.trees.items():
            has = _has_bit(self.need.skills[chunk], bit)
            for wanting, k_all in ((chunk[has & single], k_all_skills), (chunk[has & ~single], 0)):
                if len(wanting) and (k_nearest > 0 or k_all > 0):
                    found.extend(self._ask(tree, rows, radius, wanting, k_nearest, k_all))
        ni, vi, km = (np.concatenate(column) for column in zip(*found, strict=True))
        # A volunteer holding several of a need's skills is found once per skill: dedupe.
        _, first = np.unique(ni.astype(np.int64) * len(self.volunteer) + vi, return_index=True)
        return ni[first], vi[first], km[first]

    def _ask(self, tree, rows, radius, wanting, k_nearest, k_all_skills):
        """Ask one tree for the needs ``wanting``, growing k for those not yet satisfied."""
        need, volunteer = self.need, self.volunteer
        pending = wanting
        k = min(len(rows), max(_FIRST_ASK_MIN, _FIRST_ASK * (k_nearest + k_all_skills)))
        while len(pending):
            unsatisfied = []
            for start in range(0, len(pending), max(1, _BATCH // k)):
                asking = pending[start : start + max(1, _BATCH // k)]
                near = tree.query_many(
                    need.lat[asking], need.lon[asking], k, radius, workers=self.workers
                )
                at, col = np.nonzero(near >= 0)  # row-major: per need, nearest first
                ni, vi = asking[at], rows[near[at, col]]
                ok, km = _feasible_in_tree(need, volunteer, at, ni, vi)
                full = ok.copy()
                full[ok] = missing_bits(need.skills[ni[ok]], volunteer.skills[vi[ok]]) == 0
                # Enough when this tree gave k_nearest feasible and k_all_skills full-skill
                # ones, and something strictly farther: ties at the cut are all seen.
                cut_near = _kth_km(at, ok, km, len(asking), k_nearest)
                cut_full = _kth_km(at, full, km, len(asking), k_all_skills)
                enough = _last_km(at, km, len(asking)) > np.maximum(cut_near, cut_full)
                done = enough | (near[:, -1] < 0) | (k >= len(rows))  # or the tree ran dry
                # Beyond this tree's cut a pair cannot be among the need's nearest either.
                keep = ok & done[at] & ((km <= cut_near[at]) | (full & (km <= cut_full[at])))
                yield ni[keep], vi[keep], km[keep]
                unsatisfied.append(asking[~done])
            pending = np.concatenate(unsatisfied)
            k = min(len(rows), 4 * k)


def _feasible_in_tree(need, volunteer, at, ni, vi):
    """:func:`feasible` for pairs found in one skill's tree (so a skill is shared), grouped
    by ``at``; km is only computed where it is used: feasible pairs and each row's last."""
    ok = volunteer.free_capacity[vi] > 0
    ok &= (need.availability[ni] & volunteer.availability[vi]) != 0
    wanted = need.gender_preference[ni]
    ok &= (wanted == 0) | (wanted == volunteer.gender[vi])
    ok &= ~need.home_visit[ni] | volunteer.background_checked[vi]
    last = np.ones(len(at), dtype=bool)
    last[:-1] = at[1:] != at[:-1]
    measure = np.flatnonzero(ok | last)
    km = np.full(len(at), np.nan)
    ni_m, vi_m = ni[measure], vi[measure]
    km[measure] = haversine_km_np(
        need.lat[ni_m], need.lon[ni_m], volunteer.lat[vi_m], volunteer.lon[vi_m]
    )
    ok[measure] &= km[measure] <= volunteer.radius_km[vi_m]
    return ok, km


def _kth_km(at: np.ndarray, flag: np.ndarray, km: np.ndarray, n: int, kth: int) -> np.ndarray:
    """Per row, the km of its ``kth`` flagged entry (−inf for kth 0, +inf if too few);
    entries are grouped by row ``at``, nearest first."""
    out = np.full(n, -np.inf if kth <= 0 else np.inf)
    if kth > 0 and len(at):
        seen = np.cumsum(flag)
        row_start = np.searchsorted(at, at)
        hit = flag & (seen - (seen - flag)[row_start] == kth)
        out[at[hit]] = km[hit]
    return out


def _last_km(at: np.ndarray, km: np.ndarray, n: int) -> np.ndarray:
    """Per row, the km of its last (farthest) entry; −inf for a row without entries."""
    out = np.full(n, -np.inf)
    if len(at):
        last = np.searchsorted(at, np.arange(n), side="right") - 1
        has = np.bincount(at, minlength=n) > 0
        out[has] = km[last[has]]
    return out


def _skill_pairs(wants: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (a < b) of skills each need wants: (need row in ``wants``, a, b), grouped by
    need and in (a, b) order within a need."""
    owner, skill = np.nonzero(wants)  # row-major: by need, skills ascending
    count = np.bincount(owner, minlength=len(wants))
    rank = np.arange(len(owner)) - (np.cumsum(count) - count)[owner]
    table = np.full((len(wants), max(int(count.max(initial=0)), 1)), -1)
    table[owner, rank] = skill
    parts = [
        (np.flatnonzero(table[:, j] >= 0), i, j)
        for i in range(table.shape[1])
        for j in range(i + 1, table.shape[1])
    ]
    rows = np.concatenate([np.zeros(0, dtype=np.intp)] + [r for r, _, _ in parts])
    a = np.concatenate([np.zeros(0, dtype=np.intp)] + [table[r, i] for r, i, _ in parts])
    b = np.concatenate([np.zeros(0, dtype=np.intp)] + [table[r, j] for r, _, j in parts])
    order = np.lexsort((b, a, rows))
    return rows[order], a[order], b[order]


def _has_bit(masks: np.ndarray, bit: int) -> np.ndarray:
    word, shift = divmod(bit, 64)
    return (masks[:, word] >> np.uint64(shift)) & np.uint64(1) > 0


def _keep_best(need, volunteer, ni, vi, distance, k_nearest, k_all_skills):
    """Per need: the ``k_nearest`` nearest pairs and the ``k_all_skills`` nearest full-skill."""
    order = np.lexsort((vi, distance, ni))
    ni, vi, distance = ni[order], vi[order], distance[order]
    position = np.arange(len(ni))
    first = np.ones(len(ni), dtype=bool)
    first[1:] = ni[1:] != ni[:-1]
    group_start = np.maximum.accumulate(np.where(first, position, 0))
    rank = position - group_start
    full = missing_bits(need.skills[ni], volunteer.skills[vi]) == 0
    full_seen = np.cumsum(full)  # full-skill pairs up to and including this one
    before_group = (full_seen - full)[group_start]
    full_rank = full_seen - before_group - 1
    keep = (rank < k_nearest) | (full & (full_rank < k_all_skills))
    return ni[keep], vi[keep], distance[keep]
