"""Candidate pairs: per need, its feasible volunteers worth scoring (DESIGN §4).

Feasible means every hard constraint holds: the volunteer has free capacity, covers at least
one required skill, shares at least one availability slot, lives within *their own* service
radius of the need, is of the preferred gender if the need names one, and has passed the
background check if the need is a home visit.

Quality: a shortlist of the nearest volunteers by distance alone loses 5–12 % of the
attainable score against the optimum; adding the nearest volunteers who hold *all* the
required skills brings the loss under 1.5 %. So each need keeps its ``k_nearest`` nearest
feasible volunteers **plus** its ``k_all_skills`` nearest feasible volunteers holding every
required skill, nearest by (km, volunteer row). Output is sorted by (need row, distance,
volunteer row): deterministic.

A need may ask for ``extra`` further volunteers of each kind: the engine asks for as many as
the volunteers declined for it, who are taken out after the search, so that the need still
keeps its nearest ``k_nearest`` (and ``k_all_skills``) among those *not* declined — a need
whose nearest volunteers were all declined reaches past them instead of looking unmatchable.

How they are found, never by enumerating all pairs, is ``nearest.py``: a grid of skill cells
walked ring by ring, compiled. Here the needs are cut into chunks (at least one per thread)
searched side by side.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from matchmaker.match.features import NeedArrays, VolunteerArrays, shared_bits
from matchmaker.match.geo import haversine_km_np
from matchmaker.match.nearest import SkillGrid

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


#: The hard constraints, in the order a social worker checks them (``feasibility_steps``).
STEPS = ("radius", "skills", "times", "gender", "home_visit", "capacity")


def feasibility_steps(
    need: NeedArrays, volunteer: VolunteerArrays, ni: np.ndarray, vi: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per hard constraint (``STEPS``), which of the pairs (ni[p], vi[p]) meet it; also their
    distances in km. A pair is feasible when it meets every one."""
    distance = haversine_km_np(need.lat[ni], need.lon[ni], volunteer.lat[vi], volunteer.lon[vi])
    wanted = need.gender_preference[ni]
    steps = {
        "radius": distance <= volunteer.radius_km[vi],
        "skills": shared_bits(need.skills[ni], volunteer.skills[vi]) > 0,
        "times": (need.availability[ni] & volunteer.availability[vi]) != 0,
        "gender": (wanted == 0) | (wanted == volunteer.gender[vi]),
        "home_visit": ~need.home_visit[ni] | volunteer.background_checked[vi],
        "capacity": volunteer.free_capacity[vi] > 0,
    }
    return steps, distance


def feasible(
    need: NeedArrays, volunteer: VolunteerArrays, ni: np.ndarray, vi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the pairs (ni[p], vi[p]) meet every hard constraint; also their distances in km."""
    steps, distance = feasibility_steps(need, volunteer, ni, vi)
    return np.logical_and.reduce(list(steps.values())), distance


def shortlist(
    need: NeedArrays,
    volunteer: VolunteerArrays,
    *,
    k_nearest: int = 20,
    k_all_skills: int = 10,
    progress: Callable[[str, int, int], None] | None = None,
    workers: int = 1,
    extra: np.ndarray | None = None,
) -> Candidates:
    """The candidate pairs of every need; see the module docstring.

    :param k_nearest: feasible volunteers kept per need, nearest first.
    :param k_all_skills: further feasible volunteers kept per need among those holding every
        required skill, nearest first (the two sets are united).
    :param progress: called as ``progress("shortlist", needs_done, needs_total)``.
    :param workers: threads searching chunks of needs side by side.
    :param extra: per need row, further volunteers to keep of each kind (default none).
    """
    total = len(need)
    if progress:
        progress("shortlist", 0, total)
    rows = np.flatnonzero((need.n_skills > 0) & (need.n_slots > 0))
    if not len(rows) or not len(volunteer) or k_nearest + k_all_skills <= 0:
        if progress:
            progress("shortlist", total, total)
        empty = np.empty(0, dtype=np.intp)
        return Candidates(empty, empty, np.empty(0))
    grid = SkillGrid(volunteer)
    widen = np.zeros(len(rows), dtype=np.int64) if extra is None else np.asarray(extra)[rows]
    chunks = []  # (need rows, how many more of each kind they keep)
    for more in np.unique(widen):
        alike = rows[widen == more]
        pieces = np.array_split(alike, max(workers, -(-len(alike) // CHUNK)))
        chunks += [(piece, int(more)) for piece in pieces if len(piece)]

    def search(chunk):
        rows_of, more = chunk
        count, found, km = grid.search(need, rows_of, k_nearest + more, k_all_skills + more)
        kept = np.arange(found.shape[1]) < count[:, None]
        return np.repeat(rows_of, count), found[kept], km[kept]

    parts, done = [], 0
    with ThreadPoolExecutor(workers) as pool:
        for chunk, part in zip(chunks, pool.map(search, chunks), strict=True):
            parts.append(part)
            done += len(chunk[0])
            if progress:
                progress("shortlist", done, total)
    if progress and done < total:
        progress("shortlist", total, total)
    need_idx, vol_idx, km = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    if len(np.unique(widen)) > 1:  # widened needs were searched apart: back in need order
        order = np.argsort(need_idx, kind="stable")
        need_idx, vol_idx, km = need_idx[order], vol_idx[order], km[order]
    return Candidates(need_idx, vol_idx, km)
