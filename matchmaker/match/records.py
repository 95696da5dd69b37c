"""Plain records the engine works on: the web layer, CLI, scheduler and benchmarks build these.

No Flask, no SQLAlchemy: the engine can be benchmarked and tested alone (CONVENTIONS).
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class NeedRecord:
    id: int
    lat: float
    lon: float
    community_id: int
    #: required skill ids (at least one must be covered)
    skills: frozenset[int]
    #: 21-slot mask (matchmaker.core.availability)
    availability: int
    home_visit: bool = False
    #: "female", "male" or None (either)
    gender_preference: str | None = None
    #: 0 normal, 1 high, 2 urgent
    urgency: int = 0
    #: days since the need was opened
    waiting_days: float = 0.0
    #: e.g. "hearing"; used for the past-outcome feature
    disability_category: str = ""
    #: the resident's language ids
    languages: frozenset[int] = frozenset()
    #: ids of the courses a pairing on this need requires (DESIGN §3 step 4)
    courses: frozenset[int] = frozenset()
    #: volunteers never to propose for it again: a social worker rejected them for it, or
    #: their pairing on it ended
    declined: frozenset[int] = frozenset()


@dataclass(frozen=True)
class VolunteerRecord:
    id: int
    lat: float
    lon: float
    community_id: int
    radius_km: float
    skills: frozenset[int]
    availability: int
    gender: str | None = None
    #: pairings they can still take (capacity minus active pairings); 0 = not a candidate
    free_capacity: int = 1
    background_checked: bool = False
    languages: frozenset[int] = frozenset()
    verified_hours: float = 0.0
    #: mean visit rating 1–5, or 0 when there is none yet
    mean_rating: float = 0.0
    #: share of past pairings with residents of each disability category that lasted ≥ 90 days
    category_success: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    #: ids of the courses they have completed
    courses_done: frozenset[int] = frozenset()
    #: ids of needs they pressed "I can help" on (0 until the needs board lands)
    interest: frozenset[int] = frozenset()


@dataclass(slots=True)
class Proposal:
    """One proposed pair. Its feature values and contributions are row ``row`` of matrices
    shared by all proposals of a run (columns in ``feature_names`` order): a city-scale run
    makes 300k proposals, most never stored, so nothing per proposal is built until read
    (and the class has slots and is not frozen: a frozen dataclass is twice as slow to make)."""

    need_id: int
    volunteer_id: int
    #: 0 = the assignment's choice; 1, 2 … = alternatives, best first
    rank: int
    score: float
    feature_names: tuple[str, ...] = field(repr=False)
    feature_matrix: np.ndarray = field(repr=False, compare=False)
    #: each feature's part of the score (sums to the score, up to the scorer's intercept)
    contribution_matrix: np.ndarray = field(repr=False, compare=False)
    row: int = field(repr=False, compare=False)

    @property
    def features(self) -> dict[str, float]:
        """Feature name → value, in FEATURES order."""
        return dict(zip(self.feature_names, self.feature_matrix[self.row].tolist(), strict=True))

    @property
    def contributions(self) -> dict[str, float]:
        """Feature name → its part of the score."""
        values = self.contribution_matrix[self.row].tolist()
        return dict(zip(self.feature_names, values, strict=True))


@dataclass(frozen=True)
class CandidateCount:
    """What the engine saw of a need it left unmatched, stage by stage (why it got nothing)."""

    #: feasible volunteers the shortlist kept for it, those declined for it taken out
    candidates: int
    #: feasible volunteers left out because they were declined for it before
    declined: int = 0
    #: candidates scoring above 0: only these can beat leaving the need unmatched
    scorable: int = 0


@dataclass
class MatchResult:
    proposals: list[Proposal]
    #: open needs that got no proposal (no feasible volunteer, or all taken by better uses)
    unmatched_need_ids: list[int]
    #: sum of the scores of the rank-0 proposals
    total_score: float
    scorer_version: str
    #: candidate pairs considered (size of the shortlist graph)
    candidate_pairs: int = 0
    #: unmatched need id → its candidate counts (``unmatched_need_ids``' keys, same order)
    unmatched_candidates: dict[int, CandidateCount] = field(default_factory=dict)
