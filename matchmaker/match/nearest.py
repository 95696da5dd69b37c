"""The nearest feasible volunteers of many needs at once (DESIGN §4; the shortlist's engine
room, see ``shortlist.py``), from a grid of skill cells, compiled with Numba.

* **The grid**: the city's box is cut into cells of equal latitude and longitude steps, sized
  so that a skill's cell holds a few volunteers. Each volunteer who could take anyone (free
  capacity, some free time, a skill some need asks for) is listed in the cell they live in
  once per skill they hold, cells of one skill side by side, with the fields the hard
  constraints read copied alongside, so a search reads memory in order.
* **A search** walks rings of cells outward from the need's cell, over the grids of the need's
  skills (a volunteer holding several of them is looked at once, in the grid of the lowest),
  checks every hard constraint and keeps the ``k_nearest`` nearest feasible and the
  ``k_all_skills`` nearest feasible holding every required skill, by (km, volunteer row). After
  each ring it knows a distance within which nothing is left unseen (the great-circle
  distance to the nearest edge of the walked box); it stops once both lists are full and
  their last entries are nearer than that, or once that distance passes every radius. Once
  the first list is done, only the grid of the need's rarest skill is walked further, for
  full-skill volunteers. The answer is exact, ties included.
* Searches release the GIL, so the shortlist runs chunks of needs in threads side by side.
"""

import math

import numba
import numpy as np

from matchmaker.match.features import NeedArrays, VolunteerArrays, popcount
from matchmaker.match.geo import EARTH_RADIUS_KM

#: cells are sized so that one skill's cell holds about this many volunteers on average
ENTRIES_PER_CELL = 3.0
_F1, _I1 = numba.float64[::1], numba.int64[::1]
_F2, _I2, _U2 = numba.float64[:, ::1], numba.int64[:, ::1], numba.uint64[:, ::1]

#: most (skill, cell) buckets: bounds the grid's memory for a city spread thin
_MAX_STARTS = 1 << 22


class SkillGrid:
    """The volunteers who could take anyone, by skill and cell (see the module docstring)."""

    def __init__(self, volunteer: VolunteerArrays, *, entries_per_cell: float | None = None):
        v = volunteer
        n_bits = v.skills.shape[1] * 64
        usable = (
            (v.free_capacity > 0)
            & (v.availability != 0)
            & (v.radius_km >= 0)
            & v.skills.any(axis=1)
        )
        rows = np.flatnonzero(usable)
        lat, lon = np.radians(v.lat[rows]), np.radians(v.lon[rows])
        self.max_radius = float(v.radius_km[rows].max()) if len(rows) else -1.0
        if len(rows):
            self.lat0, self.lon0 = float(lat.min()), float(lon.min())
            height, width = float(lat.max()) - self.lat0, float(lon.max()) - self.lon0
        else:
            self.lat0 = self.lon0 = height = width = 0.0
        # Cell steps: square-ish on the ground, about ``entries_per_cell`` per skill cell.
        held = int(popcount(v.skills[rows]).sum())
        used_bits = max(1, int(popcount(np.bitwise_or.reduce(v.skills[rows], axis=0)).sum()))
        per_skill = held / used_bits / (entries_per_cell or ENTRIES_PER_CELL)
        cells = min(_MAX_STARTS / n_bits, max(1.0, per_skill))
        squash = math.cos(self.lat0 + height / 2)
        area = max(height, 1e-9) * max(width * squash, 1e-9)
        step = math.sqrt(area / cells)
        self.dlat, self.dlon = step, step / max(squash, 1e-6)
        self.ny = int(height / self.dlat + 1)
        self.nx = int(width / self.dlon + 1)
        cell_y, cell_x = self._cell_of(lat, lon)
        cell = np.minimum(cell_y, self.ny - 1) * self.nx + np.minimum(cell_x, self.nx - 1)
        # One entry per (skill, volunteer), ordered by (skill, cell, volunteer row).
        skills = np.ascontiguousarray(v.skills[rows])
        self.start, owner = _entries(cell, skills, self.ny * self.nx)
        self.count = np.diff(self.start[:: self.ny * self.nx])  # volunteers per skill
        radius = v.radius_km[rows].astype(float)
        fields = np.column_stack(
            (*_unit(lat, lon), lat, v.lon[rows], radius, _chord2_within_np(radius))
        )
        codes = np.column_stack(
            (rows, v.availability[rows], v.gender[rows], v.background_checked[rows])
        ).astype(np.int64)
        self.fields, self.codes, self.skills = fields[owner], codes[owner], skills[owner]

    def _cell_of(self, lat, lon) -> tuple[np.ndarray, np.ndarray]:
        """The (row, column) of the cell holding each point (radians); off the grid beyond
        its box (the search's kernel computes the same for each need)."""
        y = np.floor((lat - self.lat0) / self.dlat).astype(np.int64)
        return y, np.floor((lon - self.lon0) / self.dlon).astype(np.int64)

    def search(self, need: NeedArrays, rows: np.ndarray, k_nearest: int, k_all_skills: int):
        """For the need rows ``rows``: (count, volunteer rows, km), row i of the two arrays
        holding need ``rows[i]``'s shortlist in its first ``count[i]`` places, nearest first."""
        width = k_nearest + k_all_skills
        found = np.full((len(rows), width), -1, dtype=np.int64)
        km = np.full((len(rows), width), np.inf)
        count = np.zeros(len(rows), dtype=np.int64)
        if not len(self.codes) or not width or not len(rows):
            return count, found, km
        # Searched cell by cell, so that neighbouring needs find the grid still in the cache.
        lat, lon = np.radians(need.lat[rows]), np.radians(need.lon[rows])
        by_cell = np.lexsort(self._cell_of(lat, lon)[::-1])
        rows, lat, lon = rows[by_cell], lat[by_cell], lon[by_cell]
        need_place = np.column_stack((lat, lon, *_unit(lat, lon), need.lon[rows]))
        need_codes = np.column_stack(
            (need.availability[rows], need.gender_preference[rows], need.home_visit[rows])
        ).astype(np.int64)
        _search(
            np.array([self.lat0, self.lon0, self.dlat, self.dlon, self.max_radius]),
            np.array([self.ny, self.nx], dtype=np.int64),
            self.start,
            self.count,
            self.fields,
            self.codes,
            self.skills,
            need_place,
            np.ascontiguousarray(need.skills[rows]),
            need_codes,
            k_nearest,
            k_all_skills,
            count,
            found,
            km,
        )
        back = np.empty_like(by_cell)
        back[by_cell] = np.arange(len(by_cell))
        return count[back], found[back], km[back]


def _unit(lat, lon):
    """Points (radians) on the unit sphere: x, y, z arrays."""
    cos_lat = np.cos(lat)
    return cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)


def _chord2_within_np(km):
    """:func:`_chord2_within` over an array."""
    half = np.minimum(np.asarray(km) / (2 * EARTH_RADIUS_KM), np.pi / 2)
    return (2 * np.sin(half)) ** 2 * (1 + 1e-9) + 1e-14


@numba.njit(numba.types.Tuple((_I1, _I1))(_I1, _U2, numba.int64), cache=True, nogil=True)
def _entries(cell, skills, n_cells):
    """A counting sort of (skill, volunteer) entries by (skill, cell, volunteer): the start of
    every (skill, cell) bucket, then the volunteer of each entry."""
    n_bits = skills.shape[1] * 64
    start = np.zeros(n_bits * n_cells + 1, dtype=np.int64)
    for v in range(len(cell)):
        for b in range(n_bits):
            if (skills[v, b // 64] >> np.uint64(b % 64)) & np.uint64(1):
                start[b * n_cells + cell[v] + 1] += 1
    for bucket in range(n_bits * n_cells):
        start[bucket + 1] += start[bucket]
    owner = np.empty(start[-1], dtype=np.int64)
    fill = start[:-1].copy()
    for v in range(len(cell)):
        for b in range(n_bits):
            if (skills[v, b // 64] >> np.uint64(b % 64)) & np.uint64(1):
                owner[fill[b * n_cells + cell[v]]] = v
                fill[b * n_cells + cell[v]] += 1
    return start, owner


@numba.njit(cache=True, nogil=True)
def _haversine(lat1, lon1, lat2, lon2):
    """Great-circle km, latitudes in radians and longitudes in degrees: the very steps of
    ``geo.haversine_km``, so both give the same km for the same pair."""
    a = math.sin((lat2 - lat1) / 2) ** 2
    a += math.cos(lat1) * math.cos(lat2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@numba.njit(cache=True, nogil=True)
def _keep(rows, kms, size, k, row, km):
    """Insert (km, row) into the sorted list ``rows``/``kms`` of at most k; its new size."""
    if k == 0 or (size == k and (km > kms[k - 1] or (km == kms[k - 1] and row >= rows[k - 1]))):
        return size
    at = min(size, k - 1)
    while at > 0 and (kms[at - 1] > km or (kms[at - 1] == km and rows[at - 1] > row)):
        rows[at], kms[at] = rows[at - 1], kms[at - 1]
        at -= 1
    rows[at], kms[at] = row, km
    return min(size + 1, k)


@numba.njit(cache=True, nogil=True)
def _to_meridian(lat, turn):
    """Great-circle km from latitude ``lat`` to the meridian ``turn`` radians east or west."""
    return EARTH_RADIUS_KM * math.asin(max(0.0, math.cos(lat) * math.sin(min(turn, math.pi / 2))))


@numba.njit(cache=True, nogil=True)
def _unseen_km(lat, lon, box, place, ny, nx):
    """Great-circle km from (lat, lon) to the nearest grid cell outside ``box`` (cell rows
    y0 … y1, columns x0 … x1); +inf once the box covers the grid."""
    lat0, lon0, dlat, dlon = place[0], place[1], place[2], place[3]
    y0, y1, x0, x1 = box[0], box[1], box[2], box[3]
    out = np.inf
    if y0 > 0:
        out = min(out, EARTH_RADIUS_KM * (lat - (lat0 + y0 * dlat)))
    if y1 < ny - 1:
        out = min(out, EARTH_RADIUS_KM * (lat0 + (y1 + 1) * dlat - lat))
    # To a meridian (a great circle): asin(cos φ · sin Δλ), while Δλ is under a quarter turn.
    if x0 > 0:
        out = min(out, _to_meridian(lat, lon - (lon0 + x0 * dlon)))
    if x1 < nx - 1:
        out = min(out, _to_meridian(lat, lon0 + (x1 + 1) * dlon - lon))
    return out * (1 - 1e-12) - 1e-9  # rounding may only make us look further


@numba.njit(cache=True, nogil=True)
def _chord2_within(km):
    """A squared chord no nearer than ``km``: pairs beyond it are surely farther than km."""
    half = min(km / (2 * EARTH_RADIUS_KM), math.pi / 2)
    return (2 * math.sin(half)) ** 2 * (1 + 1e-9) + 1e-14


# Columns of the grid's per-entry arrays.
_X, _Y, _Z, _LAT, _LON, _RADIUS, _REACH = range(7)  # floats; _LON in degrees, _LAT radians
_ROW, _SLOTS, _GENDER, _CHECKED = range(4)  # integers


@numba.njit(cache=True, nogil=True)
def _merged(near_rows, near_km, n_near, full_rows, full_km, n_full, out_row, out_km):
    """Both lists, sorted by (km, row), merged into ``out_*``, each volunteer once; the count."""
    a = c = n_out = 0
    while a < n_near or c < n_full:
        take_near = c >= n_full or (
            a < n_near
            and (
                near_km[a] < full_km[c]
                or (near_km[a] == full_km[c] and near_rows[a] <= full_rows[c])
            )
        )
        if take_near:
            row, km = near_rows[a], near_km[a]
            a += 1
            if c < n_full and full_rows[c] == row:
                c += 1
        else:
            row, km = full_rows[c], full_km[c]
            c += 1
        out_row[n_out], out_km[n_out] = row, km
        n_out += 1
    return n_out


# With its signature given, the search is compiled (or read from Numba's cache) on import.
@numba.njit(
    numba.void(
        _F1, _I1, _I1, _I1, _F2, _I2, _U2, _F2, _U2, _I2, numba.int64, numba.int64, _I1, _I2, _F2
    ),
    cache=True,
    nogil=True,
)
def _search(
    place,
    shape,
    start,
    count,
    fields,
    codes,
    vskills,
    need_place,
    nskills,
    ncodes,
    k_near,
    k_full,
    out_count,
    out_row,
    out_km,
):
    """For each need i: its shortlist into ``out_*[i]`` (see ``SkillGrid.search``)."""
    ny, nx = shape[0], shape[1]
    n_cells, n_words = ny * nx, nskills.shape[1]
    near_rows = np.empty(max(k_near, 1), dtype=np.int64)
    near_km = np.empty(max(k_near, 1))
    full_rows = np.empty(max(k_full, 1), dtype=np.int64)
    full_km = np.empty(max(k_full, 1))
    skill_bits = np.empty(n_words * 64, dtype=np.int64)
    below = np.zeros((n_words * 64, n_words), dtype=np.uint64)  # need's skills under each
    box = np.empty(4, dtype=np.int64)
    for i in range(len(need_place)):
        lat, lon, lon_deg = need_place[i, 0], need_place[i, 1], need_place[i, 5]
        x0, y0, z0 = need_place[i, 2], need_place[i, 3], need_place[i, 4]
        slots, gender, home = ncodes[i, 0], ncodes[i, 1], ncodes[i, 2]
        n_skill, rarest = 0, -1
        for b in range(n_words * 64):
            if (nskills[i, b // 64] >> np.uint64(b % 64)) & np.uint64(1):
                for w in range(n_words):  # the need's skills under b, word by word
                    if (w + 1) * 64 <= b:
                        below[n_skill, w] = nskills[i, w]
                    elif w * 64 >= b:
                        below[n_skill, w] = 0
                    else:
                        under = (np.uint64(1) << np.uint64(b - w * 64)) - np.uint64(1)
                        below[n_skill, w] = nskills[i, w] & under
                skill_bits[n_skill] = b
                if rarest < 0 or count[b] < count[skill_bits[rarest]]:
                    rarest = n_skill
                n_skill += 1
        if n_skill == 0 or slots == 0:
            continue
        cy = int(math.floor((lat - place[0]) / place[2]))
        cx = int(math.floor((lon - place[1]) / place[3]))
        n_near = n_full = 0
        near_done = k_near == 0
        near_reach = full_reach = np.inf  # squared chords beyond which a pair cannot enter
        ring = max(0, -cy, cy - (ny - 1), -cx, cx - (nx - 1))  # the first ring on the grid
        while True:
            for s in range(n_skill):
                if near_done and s != rarest:
                    continue
                b = skill_bits[s]
                for y in range(max(cy - ring, 0), min(cy + ring, ny - 1) + 1):
                    if y == cy - ring or y == cy + ring:  # a whole row of the ring
                        x_from, x_to, step = max(cx - ring, 0), min(cx + ring, nx - 1), 1
                    else:  # its two ends only
                        x_from, x_to, step = cx - ring, cx + ring, 2 * ring
                    for x in range(x_from, x_to + 1, step):
                        if x < 0 or x >= nx:
                            continue
                        cell = b * n_cells + y * nx + x
                        for e in range(start[cell], start[cell + 1]):
                            full, lower = True, False
                            for w in range(n_words):
                                if nskills[i, w] & ~vskills[e, w]:
                                    full = False
                                if vskills[e, w] & below[s, w]:
                                    lower = True
                            # Phase 1 looks at each volunteer once, in the grid of the lowest
                            # of the need's skills they hold; phase 2 at full-skill ones only.
                            if (near_done and not full) or (not near_done and lower):
                                continue
                            dx, dy, dz = fields[e, _X] - x0, fields[e, _Y] - y0, fields[e, _Z] - z0
                            chord2 = dx * dx + dy * dy + dz * dz
                            if chord2 > fields[e, _REACH]:
                                continue  # beyond the volunteer's own radius
                            if chord2 > near_reach and (not full or chord2 > full_reach):
                                continue  # cannot enter either list
                            if (slots & codes[e, _SLOTS]) == 0:
                                continue
                            if gender != 0 and gender != codes[e, _GENDER]:
                                continue
                            if home and not codes[e, _CHECKED]:
                                continue
                            km = _haversine(lat, lon_deg, fields[e, _LAT], fields[e, _LON])
                            if km > fields[e, _RADIUS]:
                                continue
                            row = codes[e, _ROW]
                            if not near_done:
                                n_near = _keep(near_rows, near_km, n_near, k_near, row, km)
                                if n_near == k_near:
                                    near_reach = _chord2_within(near_km[k_near - 1])
                            if full:
                                n_full = _keep(full_rows, full_km, n_full, k_full, row, km)
                                if n_full == k_full:
                                    full_reach = _chord2_within(full_km[k_full - 1])
            box[0], box[1], box[2], box[3] = cy - ring, cy + ring, cx - ring, cx + ring
            unseen = _unseen_km(lat, lon, box, place, ny, nx)
            if not near_done and n_near == k_near and near_km[k_near - 1] < unseen:
                near_done = True
                near_reach = -1.0
            full_done = k_full == 0 or (n_full == k_full and full_km[k_full - 1] < unseen)
            if (near_done and full_done) or unseen > place[4]:
                break
            ring += 1
        out_count[i] = _merged(
            near_rows, near_km, n_near, full_rows, full_km, n_full, out_row[i], out_km[i]
        )
