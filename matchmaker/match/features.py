"""The scorer's features (DESIGN §4, §12): one named, ordered list, computed for many pairs at once.

Every feature lies in [0, 1]; a feature whose data does not exist yet (ratings, interest)
is 0. Records are turned into column arrays once (:func:`encode`), then
:func:`pair_features` computes all features for any set of (need, volunteer) index pairs with
NumPy, no Python loop per pair.

Sets of ids (skills, languages, courses) become bit masks: each id seen among the *needs* gets a bit
position (ids only volunteers hold can never be shared, so they get none), and a mask is an
``(n, words)`` array of ``uint64``, 64 positions per word. Any number of distinct ids works;
with ≤ 64 of them there is one word. (Unsigned words, so bit 63 is an ordinary bit.)

Decisions:

* ``availability_overlap`` is shared slots / the need's slots. A need with no slots shares no
  availability with anyone, which is a hard constraint, so it is never a candidate; the
  feature is defined as 0 there (never reached by the engine).
* ``skill_coverage`` of a need with no required skills is 0 for the same reason: covering at
  least one required skill is a hard constraint, so such a need is never matched.
* ``proximity`` is ``1 − distance / radius`` clipped to [0, 1]; a radius of 0 gives 1 at
  distance 0 and 0 elsewhere.
* ``language_match`` is 1 when the resident lists no language (nothing to mismatch).
* ``training_done`` is the share of the courses the need requires that the volunteer has
  completed, and 1 when it requires none: nothing stands between them and an active pairing.
* ``nearness`` is the distance in km on a fixed scale (1 at 0 km, 0 from
  ``NEARNESS_ZERO_KM``): ``proximity`` alone says how far within *their own* radius a
  volunteer travels, but social workers also judge a trip by its length.
* ``novice_on_urgent`` is 0 unless the need is urgent; then ``1 − hours / NOVICE_HOURS``
  (clipped): a new volunteer on an urgent case, which a linear model could not see from
  ``experience`` and ``urgency`` apart.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter

import numpy as np

from matchmaker.match.geo import haversine_km_np
from matchmaker.match.records import NeedRecord, VolunteerRecord

FEATURES: tuple[str, ...] = (
    "skill_coverage",
    "availability_overlap",
    "proximity",
    "same_community",
    "language_match",
    "experience",
    "past_rating",
    "category_success",
    "training_done",
    "waiting_time",
    "urgency",
    "interest",
    "nearness",
    "novice_on_urgent",
)
COLUMN = {name: i for i, name in enumerate(FEATURES)}

#: verified hours at which ``experience`` reaches 1 (log scale below that)
EXPERIENCE_FULL_HOURS = 1500.0
#: days of waiting at which ``waiting_time`` reaches 1
WAITING_FULL_DAYS = 90.0
#: km at which ``nearness`` falls to 0 (``proximity`` is relative to the volunteer's radius)
NEARNESS_ZERO_KM = 10.0
#: verified hours under which a volunteer counts, more or less, as new (``novice_on_urgent``)
NOVICE_HOURS = 20.0
_WORD_BITS = 64


def popcount(words: np.ndarray) -> np.ndarray:
    """Set bits per element of an unsigned or non-negative integer array, as int64."""
    words = np.asarray(words)
    if hasattr(np, "bitwise_count"):  # NumPy ≥ 2.0
        return np.bitwise_count(words).astype(np.int64)
    x = words.astype(np.uint64)  # SWAR popcount for older NumPy
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((x * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def bit_masks(sets: Sequence[Iterable[int]], positions: dict[int, int]) -> np.ndarray:
    """Sets of ids as an (n, words) uint64 array; ids without a position are dropped."""
    n_words = max(1, -(-len(positions) // _WORD_BITS))
    out = np.zeros((len(sets), n_words), dtype=np.uint64)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    ids = chain.from_iterable(sets)
    pos = np.fromiter(map(positions.get, ids, repeat(-1)), dtype=np.int64, count=int(sizes.sum()))
    row = np.repeat(np.arange(len(sets)), sizes)
    keep = pos >= 0
    row, pos = row[keep], pos[keep]
    # A set holds each id once, so adding the bits of a row is OR-ing them.
    bits = np.left_shift(np.uint64(1), (pos % _WORD_BITS).astype(np.uint64))
    np.add.at(out, (row, pos // _WORD_BITS), bits)
    return out


def shared_bits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row, the number of bits set in both (n, words) masks."""
    return popcount(a & b).sum(axis=1)


def missing_bits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row, the number of bits of ``a`` that ``b`` lacks."""
    return popcount(a & ~b).sum(axis=1)


@dataclass
class NeedArrays:
    """Needs as columns; row i is ``records[i]``."""

    records: list[NeedRecord]
    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    community: np.ndarray
    skills: np.ndarray  # (n, words) uint64
    n_skills: np.ndarray
    availability: np.ndarray
    n_slots: np.ndarray
    home_visit: np.ndarray
    #: 0 = no preference, else the code of the wanted gender (see ``encode``)
    gender_preference: np.ndarray
    urgency: np.ndarray
    waiting_days: np.ndarray
    #: column in VolunteerArrays.category_success, or -1
    category: np.ndarray
    languages: np.ndarray
    n_languages: np.ndarray
    courses: np.ndarray
    n_courses: np.ndarray

    def __len__(self) -> int:
        return len(self.records)


@dataclass
class VolunteerArrays:
    """Volunteers as columns; row j is ``records[j]``."""

    records: list[VolunteerRecord]
    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    community: np.ndarray
    radius_km: np.ndarray
    skills: np.ndarray
    availability: np.ndarray
    #: 0 = unknown, else a code shared with NeedArrays.gender_preference
    gender: np.ndarray
    free_capacity: np.ndarray
    background_checked: np.ndarray
    languages: np.ndarray
    verified_hours: np.ndarray
    mean_rating: np.ndarray
    #: (n, categories) share of past pairings that lasted, per disability category of the needs
    category_success: np.ndarray
    courses_done: np.ndarray
    #: sorted codes ``volunteer row × n_needs + need row`` of "I can help" presses
    interest_codes: np.ndarray
    n_needs: int

    def __len__(self) -> int:
        return len(self.records)


def encode(
    needs: Sequence[NeedRecord], volunteers: Sequence[VolunteerRecord]
) -> tuple[NeedArrays, VolunteerArrays]:
    """Turn records into column arrays once, with shared bit positions and codes."""
    needs, volunteers = list(needs), list(volunteers)
    skill_pos = _positions(s for n in needs for s in n.skills)
    lang_pos = _positions(lang for n in needs for lang in n.languages)
    course_pos = _positions(c for n in needs for c in n.courses)
    genders = {g: code for code, g in enumerate(sorted(_genders(needs, volunteers)), start=1)}
    categories = sorted({n.disability_category for n in needs if n.disability_category})
    category_col = {c: i for i, c in enumerate(categories)}
    need_row = {n.id: i for i, n in enumerate(needs)}

    skills = bit_masks(_values(needs, "skills"), skill_pos)
    languages = bit_masks(_values(needs, "languages"), lang_pos)
    courses = bit_masks(_values(needs, "courses"), course_pos)
    availability = _column(needs, "availability", np.int64)
    need_arrays = NeedArrays(
        records=needs,
        ids=_column(needs, "id", np.int64),
        lat=_column(needs, "lat", float),
        lon=_column(needs, "lon", float),
        community=_column(needs, "community_id", np.int64),
        skills=skills,
        n_skills=popcount(skills).sum(axis=1),
        availability=availability,
        n_slots=popcount(availability),
        home_visit=_column(needs, "home_visit", bool),
        gender_preference=_codes(needs, "gender_preference", genders, 0),
        urgency=_column(needs, "urgency", float),
        waiting_days=_column(needs, "waiting_days", float),
        category=_codes(needs, "disability_category", category_col, -1),
        languages=languages,
        n_languages=popcount(languages).sum(axis=1),
        courses=courses,
        n_courses=popcount(courses).sum(axis=1),
    )
    success = np.zeros((len(volunteers), len(categories)))
    interest = []
    for j, v in enumerate(volunteers):
        if v.category_success:  # most volunteers have neither: skip the inner loops fast
            for category, share in v.category_success.items():
                if category in category_col:
                    success[j, category_col[category]] = share
        if v.interest:
            interest.extend(j * len(needs) + need_row[i] for i in v.interest if i in need_row)
    volunteer_arrays = VolunteerArrays(
        records=volunteers,
        ids=_column(volunteers, "id", np.int64),
        lat=_column(volunteers, "lat", float),
        lon=_column(volunteers, "lon", float),
        community=_column(volunteers, "community_id", np.int64),
        radius_km=_column(volunteers, "radius_km", float),
        skills=bit_masks(_values(volunteers, "skills"), skill_pos),
        availability=_column(volunteers, "availability", np.int64),
        gender=_codes(volunteers, "gender", genders, 0),
        free_capacity=_column(volunteers, "free_capacity", np.int64),
        background_checked=_column(volunteers, "background_checked", bool),
        languages=bit_masks(_values(volunteers, "languages"), lang_pos),
        verified_hours=_column(volunteers, "verified_hours", float),
        mean_rating=_column(volunteers, "mean_rating", float),
        category_success=success,
        courses_done=bit_masks(_values(volunteers, "courses_done"), course_pos),
        interest_codes=np.unique(np.array(interest, dtype=np.int64)),
        n_needs=len(needs),
    )
    return need_arrays, volunteer_arrays


def pair_features(
    need: NeedArrays, volunteer: VolunteerArrays, pair_need_idx, pair_vol_idx
) -> np.ndarray:
    """All features for the given (need row, volunteer row) pairs: (n_pairs, len(FEATURES))."""
    ni = np.asarray(pair_need_idx, dtype=np.intp)
    vi = np.asarray(pair_vol_idx, dtype=np.intp)
    X = np.zeros((len(ni), len(FEATURES)))
    if not len(ni):
        return X

    def put(name: str, values) -> None:
        X[:, COLUMN[name]] = np.clip(values, 0.0, 1.0)

    put(
        "skill_coverage",
        _ratio(shared_bits(need.skills[ni], volunteer.skills[vi]), need.n_skills[ni]),
    )
    shared_slots = popcount(need.availability[ni] & volunteer.availability[vi])
    put("availability_overlap", _ratio(shared_slots, need.n_slots[ni]))
    distance = haversine_km_np(need.lat[ni], need.lon[ni], volunteer.lat[vi], volunteer.lon[vi])
    put("proximity", proximity(distance, volunteer.radius_km[vi]))
    put("same_community", need.community[ni] == volunteer.community[vi])
    speaks = shared_bits(need.languages[ni], volunteer.languages[vi]) > 0
    put("language_match", speaks | (need.n_languages[ni] == 0))
    hours = np.maximum(volunteer.verified_hours[vi], 0.0)
    put("experience", np.log1p(hours) / np.log1p(EXPERIENCE_FULL_HOURS))
    put("past_rating", volunteer.mean_rating[vi] / 5.0)
    category = need.category[ni]
    known = category >= 0
    success = np.zeros(len(ni))
    success[known] = volunteer.category_success[vi[known], category[known]]
    put("category_success", success)
    done = _ratio(shared_bits(need.courses[ni], volunteer.courses_done[vi]), need.n_courses[ni])
    put("training_done", np.where(need.n_courses[ni] > 0, done, 1.0))
    put("waiting_time", need.waiting_days[ni] / WAITING_FULL_DAYS)
    put("urgency", need.urgency[ni] / 2.0)
    put("interest", _offered(volunteer, ni, vi))
    put("nearness", 1.0 - distance / NEARNESS_ZERO_KM)
    urgent = need.urgency[ni] >= 2
    put("novice_on_urgent", urgent * (1.0 - hours / NOVICE_HOURS))
    return X


def _offered(volunteer: VolunteerArrays, ni: np.ndarray, vi: np.ndarray) -> np.ndarray:
    """Whether the volunteer of each pair pressed "I can help" on its need (binary search in
    the few sorted codes: much faster than ``np.isin`` over millions of pairs)."""
    offers = volunteer.interest_codes
    if not len(offers):
        return np.zeros(len(ni), dtype=bool)
    codes = vi.astype(np.int64) * volunteer.n_needs + ni
    at = np.minimum(np.searchsorted(offers, codes), len(offers) - 1)
    return offers[at] == codes


def proximity(distance_km, radius_km) -> np.ndarray:
    """``1 − distance / radius`` clipped to [0, 1] (a zero radius: 1 at distance 0, else 0)."""
    distance_km = np.asarray(distance_km, dtype=float)
    radius_km = np.asarray(radius_km, dtype=float)
    safe = np.where(radius_km > 0, radius_km, 1.0)
    value = np.where(radius_km > 0, 1.0 - distance_km / safe, (distance_km <= 0).astype(float))
    return np.clip(value, 0.0, 1.0)


def _ratio(numerator, denominator) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _values(records: Sequence, name: str) -> list:
    return list(map(attrgetter(name), records))


def _column(records: Sequence, name: str, dtype) -> np.ndarray:
    """One field of every record as an array (read at C speed, no Python loop)."""
    return np.fromiter(map(attrgetter(name), records), dtype=dtype, count=len(records))


def _codes(records: Sequence, name: str, codes: dict, missing: int) -> np.ndarray:
    """One field of every record, turned into its code (``missing`` for others)."""
    values = map(attrgetter(name), records)
    return np.fromiter(map(codes.get, values, repeat(missing)), np.int64, count=len(records))


def _positions(ids: Iterable[int]) -> dict[int, int]:
    return {i: pos for pos, i in enumerate(sorted(set(ids)))}


def _genders(needs: Sequence[NeedRecord], volunteers: Sequence[VolunteerRecord]) -> set[str]:
    wanted = {n.gender_preference for n in needs}
    return {g for g in wanted | {v.gender for v in volunteers} if g}
