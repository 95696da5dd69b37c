"""Candidate pairs: per need, its feasible volunteers worth scoring (DESIGN §4).

Feasible means every hard constraint holds: the volunteer has free capacity, covers at least
one required skill, shares at least one availability slot, lives within *their own* service
radius of the need, is of the preferred gender if the need names one, and has passed the
background check if the need is a home visit.

Quality: a shortlist of the nearest volunteers by distance alone loses 5–12 % of the
attainable score against the optimum; adding the nearest volunteers who hold *all* the
required skills brings the loss under 1.5 %. So each need keeps its ``k_nearest`` nearest
feasible volunteers **plus** its ``k_all_skills`` nearest feasible volunteers holding every
required skill. Output is sorted by (need row, distance, volunteer row): deterministic.

How they are found, never by enumerating all pairs, is ``nearest.py``: k-d trees of skill
groups and of skill-set groups, asked in threads. Here the needs are cut into chunks (at
least one per thread), each chunk gets its nearest from the skill tree while the full-skill
volunteers of the needs of several skills are sought alongside, and each chunk then merges
its share of those and keeps the best.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from matchmaker.match.features import NeedArrays, VolunteerArrays, missing_bits, shared_bits
from matchmaker.match.geo import haversine_km_np
from matchmaker.match.nearest import SkillIndex, merged

#: needs per step (one progress tick each)
CHUNK = 16_384


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
    :param workers: threads building the trees and asking them, side by side.
    """
    rows = np.flatnonzero((need.n_skills > 0) & (need.n_slots > 0))
    # At least a chunk per thread. NumPy and the k-d tree release the GIL for the heavy
    # parts (building trees, querying them, sorting), so threads share out the cores.
    chunks = [c for c in np.array_split(rows, max(workers, -(-len(rows) // CHUNK))) if len(c)]
    total = len(need)
    if progress:
        progress("shortlist", 0, total)
    index = SkillIndex(need, volunteer)
    with ThreadPoolExecutor(workers) as pool:
        skill_tree = pool.submit(index.skill_tree)
        full = pool.submit(index.full_skilled, rows, k_all_skills)
        near = [
            pool.submit(index.near, skill_tree, chunk, k_nearest, k_all_skills) for chunk in chunks
        ]

        def best_of(chunk, found):
            ni, vi, distance = merged(found.result() + _slice(full.result(), chunk))
            return _keep_best(need, volunteer, ni, vi, distance, k_nearest, k_all_skills)

        parts, done = [], 0
        for chunk, part in zip(chunks, pool.map(best_of, chunks, near), strict=True):
            parts.append(part)
            done += len(chunk)
            if progress:
                progress("shortlist", done, total)
    if progress and len(rows) < total:
        progress("shortlist", total, total)
    if not len(rows):
        empty = np.empty(0, dtype=np.intp)
        return Candidates(empty, empty, np.empty(0))
    return Candidates(*(np.concatenate(arrays) for arrays in zip(*parts, strict=True)))


def _slice(found, chunk: np.ndarray) -> list:
    """The part of ``found`` (sorted by need row) for the needs of ``chunk`` (ascending)."""
    ni, vi, km = found
    lo, hi = np.searchsorted(ni, chunk[0]), np.searchsorted(ni, chunk[-1], side="right")
    return [(ni[lo:hi], vi[lo:hi], km[lo:hi])]


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
