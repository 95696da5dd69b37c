"""The nearest feasible volunteers of many needs at once, from k-d trees of groups
(DESIGN §4; the shortlist's engine room, see ``shortlist.py``).

* **Trees of groups**: one k-d tree holds many groups of volunteers on a fourth axis
  (``SpatialIndex(..., groups=)``), so one query call serves every need: the *skill* tree
  (a volunteer is in the group of each skill they hold) and two *skill-set* trees (the group
  of every set of two, or of three, skills a volunteer holds and some need asks for).
* **Asking**: a query (need, group) asks its group for its k nearest within the largest
  radius, checks them against the hard constraints (vectorised) and is asked again with a
  larger k only while it may still hide something nearer than what is kept: the answer is
  exact, ties at the cut included. The first k follows the need's chance of a feasible pair
  (``_feasible_share``), so few queries are asked twice and few neighbours fetched for
  nothing; the work follows what is kept, not how many volunteers live within reach.
* **A need of several skills** asks each skill's group for its *share* of the nearest K
  (``_nearest_in_union``), and its full-skill volunteers from the group of its whole skill
  set (its first three skills for a need of more: the full-skill check does the rest).

The trees are built and asked side by side in threads: the k-d tree and NumPy release the
GIL for the heavy parts.
"""

import math
from itertools import combinations

import numpy as np

from matchmaker.match.features import NeedArrays, VolunteerArrays, missing_bits, popcount
from matchmaker.match.geo import SpatialIndex, haversine_km_np

#: most neighbours asked of a tree at once (bounds memory)
_BATCH = 1_000_000
#: first ask per query: this many times what is kept over the need's chance of a feasible
#: pair, at least _MIN; then ×_GROW while not enough
_FIRST_ASK, _FIRST_ASK_MIN, _GROW = 1.25, 8, 3


class SkillIndex:
    """K-d trees of groups (``SpatialIndex`` groups) over the volunteers who could take
    anyone: by skill, by pair of skills and by three skills; and the searches in them.
    Its methods run side by side in threads."""

    def __init__(self, need: NeedArrays, volunteer: VolunteerArrays):
        self.need, self.volunteer = need, volunteer
        self.usable = (
            (volunteer.free_capacity > 0)
            & (volunteer.availability != 0)
            & (volunteer.radius_km >= 0)
            & volunteer.skills.any(axis=1)
        )
        self.chance = _feasible_share(need, volunteer, self.usable)
        self.n_bits = volunteer.skills.shape[1] * 64
        held = np.column_stack([_has_bit(volunteer.skills, b) for b in range(self.n_bits)])
        self.held = held & self.usable[:, None]
        self.wants = np.column_stack([_has_bit(need.skills, b) for b in range(self.n_bits)])

    def skill_tree(self):
        """The tree of skill groups. They span every radius: the nearest feasible lie well
        inside most radii."""
        return self._groups(*np.nonzero(self.held))

    def full_skilled(self, rows: np.ndarray, k_all_skills: int):
        """(need row, volunteer row, km), sorted by need: for the needs ``rows`` of several
        skills, their ``k_all_skills`` nearest feasible full-skill volunteers. Those are in
        the group of the need's whole skill set (for more than three skills, of its first
        three: the full-skill check does the rest); one tree holds the sets of two skills,
        another those of three."""
        multi = rows[self.need.n_skills[rows] > 1] if k_all_skills > 0 else rows[:0]
        asked, codes = _set_codes(_skill_table(self.wants[multi]), self.n_bits, first_only=True)
        if not len(asked):
            return tuple(np.empty(0, dtype=dtype) for dtype in (np.intp, np.intp, float))
        asked = multi[asked]
        vol_rows, vol_codes = _set_codes(_skill_table(self.held), self.n_bits)
        wanted = np.isin(vol_codes, codes)
        vol_rows, vol_codes = vol_rows[wanted], vol_codes[wanted]
        found = []
        for size_two in (True, False):
            vol_part = (vol_codes % (self.n_bits + 1) == 0) == size_two  # no third skill
            need_part = (codes % (self.n_bits + 1) == 0) == size_two
            tree = self._groups(vol_rows[vol_part], vol_codes[vol_part])
            found += self._ask(tree, asked[need_part], codes[need_part], 0, k_all_skills)
        ni, vi, km = merged(found)
        order = np.argsort(ni, kind="stable")
        return ni[order], vi[order], km[order]

    def _groups(self, rows: np.ndarray, groups: np.ndarray):
        """(volunteer rows, farthest radius, tree) for volunteers ``rows`` in ``groups``."""
        v = self.volunteer
        radius = float(v.radius_km[rows].max()) if len(rows) else 0.0
        return rows, radius, SpatialIndex(v.lat[rows], v.lon[rows], groups=groups)

    def near(self, skill_tree, chunk: np.ndarray, k_nearest: int, k_all_skills: int) -> list:
        """Feasible (need row, volunteer row, km) parts for the needs in ``chunk``, from
        their skills' groups: per need and skill, at least the ``k_nearest`` nearest (and
        for a need of one skill the ``k_all_skills`` nearest full-skill: all are)."""
        owner, bit = np.nonzero(self.wants[chunk])  # a query per (need, skill)
        asking = chunk[owner]
        single = self.need.n_skills[asking] == 1
        found = []
        if single.any() and (k_nearest > 0 or k_all_skills > 0):
            tree = skill_tree.result()
            found += self._ask(tree, asking[single], bit[single], k_nearest, k_all_skills)
        if (~single).any() and k_nearest > 0:
            found.append(
                self._nearest_in_union(
                    skill_tree.result(), asking[~single], bit[~single], k_nearest
                )
            )
        return found

    def _nearest_in_union(self, index, wanting, groups, k_nearest):
        """(need row, volunteer row, km) of the ``k_nearest`` nearest feasible volunteers of
        each need over the union of its groups (one query per need and group, sorted by need),
        ties at the cut included.

        Each group is first asked for its share of what the need keeps, not all of it: a
        query is done once it has yielded something strictly farther than the need's k-th
        nearest so far (then nothing nearer hides in that group), or its group ran dry; the
        others are asked again for more, until all of a need's queries are done."""
        need, volunteer = self.need, self.volunteer
        rows = index[0]
        empty = tuple(np.empty(0, dtype=dtype) for dtype in (np.intp, np.intp, float))
        if not len(rows) or not len(wanting):
            return empty
        needs, of_need = np.unique(wanting, return_inverse=True)
        share = np.bincount(of_need)[of_need]  # the need's number of groups
        ask = np.ceil(_FIRST_ASK * k_nearest / (self.chance[wanting] * share))
        ask = np.minimum(len(rows), _rounded_up(np.maximum(_FIRST_ASK_MIN, ask)))
        last, dry = np.full(len(wanting), -np.inf), np.zeros(len(wanting), dtype=bool)
        seen = empty  # feasible (query, volunteer row, km) found so far
        pending = np.arange(len(wanting))
        while len(pending):
            # A query asked again sees its nearest again: drop its earlier answer.
            again = np.zeros(len(wanting), dtype=bool)
            again[pending] = True
            found = [tuple(column[~again[seen[0]]] for column in seen)]
            for part, asking, near, k in self._batches(index, wanting, groups, ask, pending):
                at, col = np.nonzero(near >= 0)  # row-major: per query, nearest first
                vi = rows[near[at, col]]
                ok, km = _feasible_in_tree(need, volunteer, at, asking[at], vi)
                last[part] = _last_km(at, km, len(part))
                dry[part] = (near[:, -1] < 0) | (k >= len(rows))
                found.append((part[at[ok]], vi[ok], km[ok]))
            seen = tuple(np.concatenate(column) for column in zip(*found, strict=True))
            cut = _union_cut(of_need[seen[0]], seen[1], seen[2], len(needs), k_nearest)
            done = dry | (last > cut[of_need])
            open_needs = np.bincount(of_need, weights=~done, minlength=len(needs)) > 0
            pending = np.flatnonzero(~done & open_needs[of_need])
            ask[pending] = np.minimum(len(rows), _GROW * ask[pending])
        q, vi, km = seen
        keep = km <= cut[of_need[q]]
        return wanting[q][keep], vi[keep], km[keep]

    def _batches(self, index, wanting, groups, ask, pending):
        """Ask the tree for each query q in ``pending`` its ``ask[q]`` nearest in its group,
        in batches of one k: yields (queries, their need rows, (n, k) neighbour positions
        padded with −1, k)."""
        rows, radius, tree = index
        for k in np.unique(ask[pending]).tolist():
            same = pending[ask[pending] == k]
            step = max(1, _BATCH // k)
            for start in range(0, len(same), step):
                part = same[start : start + step]
                asking = wanting[part]
                lat, lon = self.need.lat[asking], self.need.lon[asking]
                yield part, asking, tree.query_many(lat, lon, k, radius, groups=groups[part]), k

    def _ask(self, index, wanting, groups, k_nearest, k_all_skills):
        """Ask a tree of groups, need ``wanting[q]`` of group ``groups[q]`` for each query q,
        growing k for the queries not yet satisfied. The first k of a query is what is kept
        over the need's chance of a feasible pair (:func:`_feasible_share`), so that few are
        asked twice and few neighbours are fetched for nothing."""
        need, volunteer = self.need, self.volunteer
        rows = index[0]
        if not len(rows):
            return
        # Asked of a skill by a need of that one skill, or of a need's whole skill set, every
        # feasible volunteer found holds all its skills (of a need of more than three skills, its
        # first three): the larger k is what is kept.
        kept = max(k_nearest, k_all_skills)
        ask = np.maximum(_FIRST_ASK_MIN, np.ceil(_FIRST_ASK * kept / self.chance[wanting]))
        ask = np.minimum(len(rows), _rounded_up(ask))
        pending = np.arange(len(wanting))
        while len(pending):
            unsatisfied = []
            for part, asking, near, k in self._batches(index, wanting, groups, ask, pending):
                at, col = np.nonzero(near >= 0)  # row-major: per query, nearest first
                ni, vi = asking[at], rows[near[at, col]]
                ok, km = _feasible_in_tree(need, volunteer, at, ni, vi)
                full = ok.copy()
                full[ok] = missing_bits(need.skills[ni[ok]], volunteer.skills[vi[ok]]) == 0
                # Enough when this group gave k_nearest feasible and k_all_skills
                # full-skill ones, and something strictly farther: ties at the cut are
                # all seen.
                cut_near = _kth_km(at, ok, km, len(asking), k_nearest)
                cut_full = _kth_km(at, full, km, len(asking), k_all_skills)
                enough = _last_km(at, km, len(asking)) > np.maximum(cut_near, cut_full)
                done = enough | (near[:, -1] < 0) | (k >= len(rows))  # or it ran dry
                # Beyond this group's cut a pair cannot be among the need's nearest.
                keep = ok & done[at]
                keep &= (km <= cut_near[at]) | (full & (km <= cut_full[at]))
                yield ni[keep], vi[keep], km[keep]
                unsatisfied.append(part[~done])
            pending = np.concatenate(unsatisfied)
            ask[pending] = np.minimum(len(rows), _GROW * ask[pending])


def _union_cut(at, vi, km, n: int, k: int) -> np.ndarray:
    """Per need position (0 … n − 1), the km of its k-th nearest distinct volunteer among the
    pairs (``at``, ``vi``, ``km``); +inf for fewer (a volunteer found twice counts once)."""
    code = at.astype(np.int64) * (int(vi.max(initial=0)) + 1) + vi
    _, first = np.unique(code, return_index=True)
    at, km = at[first], km[first]
    order = np.lexsort((km, at))
    return _kth_km(at[order], np.ones(len(order), dtype=bool), km[order], n, k)


def _feasible_share(need: NeedArrays, volunteer: VolunteerArrays, usable) -> np.ndarray:
    """Per need, a guess of the share of volunteers near it (holding a skill it asks for)
    who pass the other hard constraints: from how many slots the need and the volunteers
    list (as if slots were drawn at random), the share of the wanted gender, and the share
    background-checked for a home visit. Only sizes the first ask; never decides a pair."""
    available = volunteer.availability[usable]
    union = int(np.bitwise_or.reduce(available)) if len(available) else 0
    slots = max(1, int(popcount(np.array([union]))[0]))
    their = np.bincount(np.minimum(popcount(available), slots), minlength=slots + 1)
    their = their / max(1, their.sum())
    # P(no shared slot) for s of the need's slots and m of a volunteer's: C(n−s, m) / C(n, m)
    miss = np.array(
        [
            [math.comb(slots - s, m) / math.comb(slots, m) for m in range(slots + 1)]
            for s in range(slots + 1)
        ]
    )
    share = 1.0 - miss @ their
    share = share[np.minimum(need.n_slots, slots)]
    gender = volunteer.gender[usable]
    wanted = need.gender_preference
    of_gender = np.bincount(gender, minlength=int(wanted.max(initial=0)) + 1) / max(1, len(gender))
    share = share * np.where(wanted > 0, of_gender[wanted], 1.0)
    checked = volunteer.background_checked[usable].mean() if usable.any() else 1.0
    share = share * np.where(need.home_visit, checked, 1.0)
    return np.clip(share, 0.05, 1.0)


def _rounded_up(k: np.ndarray) -> np.ndarray:
    """k rounded up to a power of √2 (8, 12, 16, 23, 32 …): few distinct query sizes."""
    return np.ceil(2.0 ** (np.ceil(2 * np.log2(np.maximum(k, 1))) / 2)).astype(np.int64)


def merged(parts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(need row, volunteer row, km) parts as three arrays, each pair once (a volunteer
    holding several of a need's skills is found once per skill), sorted by (need, volunteer)."""
    parts = list(parts) or [tuple(np.empty(0, dtype=t) for t in (np.intp, np.intp, float))]
    ni, vi, km = (np.concatenate(column) for column in zip(*parts, strict=True))
    _, first = np.unique(ni.astype(np.int64) * (int(vi.max(initial=0)) + 1) + vi, return_index=True)
    return ni[first], vi[first], km[first]


def _feasible_in_tree(need, volunteer, at, ni, vi):
    """``shortlist.feasible`` for pairs found in a group (so a skill is shared), grouped
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


def _skill_table(holds: np.ndarray) -> np.ndarray:
    """Per row of a (rows, skill bits) boolean array, its skills ascending, padded with −1."""
    owner, skill = np.nonzero(holds)  # row-major: by row, skills ascending
    count = np.bincount(owner, minlength=len(holds))
    rank = np.arange(len(owner)) - (np.cumsum(count) - count)[owner]
    table = np.full((len(holds), max(int(count.max(initial=0)), 1)), -1, dtype=np.int64)
    table[owner, rank] = skill
    return table


def _set_codes(table: np.ndarray, n_bits: int, *, first_only: bool = False):
    """(row, code) of skill sets of two or three skills held by each row of ``table``: every
    such set, or with ``first_only`` one per row of two or more skills, its first three."""
    base = n_bits + 1  # a skill is a digit 1 … n_bits; 0 = no third skill
    combos = (
        [(0, 1, 2), (0, 1)]
        if first_only
        else [combo for size in (2, 3) for combo in combinations(range(table.shape[1]), size)]
    )
    rows, codes, taken = [], [], np.zeros(len(table), dtype=bool)
    for combo in combos:
        if max(combo) >= table.shape[1]:
            continue
        picked = table[:, list(combo)]
        has = (picked >= 0).all(axis=1) & ~taken
        if first_only:
            taken |= has
        code = np.zeros(int(has.sum()), dtype=np.int64)
        for column in range(3):
            digit = picked[has, column] + 1 if column < len(combo) else 0
            code = code * base + digit
        rows.append(np.flatnonzero(has))
        codes.append(code)
    if not rows:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
    rows, codes = np.concatenate(rows), np.concatenate(codes)
    order = np.argsort(rows, kind="stable")
    return rows[order], codes[order]


def _has_bit(masks: np.ndarray, bit: int) -> np.ndarray:
    word, shift = divmod(bit, 64)
    return (masks[:, word] >> np.uint64(shift)) & np.uint64(1) > 0
