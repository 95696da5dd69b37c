"""Scorers (DESIGN §4): a transparent prior, then a model learned from social workers' decisions.

A scorer turns the feature matrix (one row per candidate pair, columns in ``FEATURES``
order) into scores, and explains each score exactly:
``contributions(X).sum(axis=1) + intercept == score(X)``.

Scores are what the assignment maximises, summed over the chosen pairs, with 0 for a need
left unmatched: only pairs scoring above 0 are ever assigned. Both scorers here score in
(0, 1], so any feasible pair beats leaving its need unmatched, and a need goes unmatched
only when its candidates are all better used elsewhere.
"""

import hashlib
import pickle
from typing import Protocol, runtime_checkable

import numpy as np
from scipy.special import expit

from matchmaker.match.features import FEATURES


@runtime_checkable
class Scorer(Protocol):
    version: str
    feature_names: tuple[str, ...]
    #: the part of every score not owed to any feature
    intercept: float

    def score(self, X: np.ndarray) -> np.ndarray: ...

    def contributions(self, X: np.ndarray) -> np.ndarray: ...


class PriorScorer:
    """Weighted sum of the features; used until a learned model does better on held-out data.

    ======================  ======  ===============================================
    feature                 weight  why
    ======================  ======  ===============================================
    skill_coverage          0.25    the help needed is the help offered
    proximity               0.20    short trips keep a pairing going
    availability_overlap    0.15    more shared slots, easier to schedule
    language_match          0.10    the resident can talk with the volunteer
    same_community          0.05    neighbours; the social worker knows both
    experience              0.04    verified hours, log scale
    past_rating             0.03    mean visit rating / 5
    category_success        0.03    past pairings with this disability that lasted
    waiting_time            0.04    the longer a need waits, the more it counts
    training_done           0.03    courses already done
    urgency                 0.03    urgent needs first
    interest                0.05    the volunteer offered to help on the needs board
    nearness                0.00    (km on a fixed scale) left to the learned model
    novice_on_urgent        0.00    (a new volunteer on an urgent need) left to it too
    ======================  ======  ===============================================

    The weights sum to 1 and every feature lies in [0, 1], so a score lies in [0, 1]; a
    feasible pair covers at least one skill, so it scores above 0. The intercept is 0:
    the contributions are ``weight × feature`` and add up to the score.
    """

    version = "prior-2"
    intercept = 0.0
    WEIGHTS: dict[str, float] = {
        "skill_coverage": 0.25,
        "availability_overlap": 0.15,
        "proximity": 0.20,
        "same_community": 0.05,
        "language_match": 0.10,
        "experience": 0.04,
        "past_rating": 0.03,
        "category_success": 0.03,
        "training_done": 0.03,
        "waiting_time": 0.04,
        "urgency": 0.03,
        "interest": 0.05,
        "nearness": 0.0,
        "novice_on_urgent": 0.0,
    }

    def __init__(self) -> None:
        self.feature_names = FEATURES
        self.weights = np.array([self.WEIGHTS[name] for name in FEATURES])

    def score(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.weights

    def contributions(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) * self.weights


class LearnedScorer:
    """A fitted logistic regression (optionally after a ``StandardScaler``) as a scorer.

    The score is the predicted probability that the social worker confirms the pair,
    ``sigmoid(z)`` with the logit ``z = b + Σ aᵢ·xᵢ`` on the raw features (a scaler is folded
    into ``a`` and ``b``). Maximising the total score therefore maximises the expected number
    of confirmed proposals, and every pair scores above 0 (beats leaving a need unmatched).

    Contributions: the logit splits exactly into ``aᵢ·xᵢ`` (see :meth:`logit_contributions`);
    the probability is split in the same proportions, ``cᵢ = aᵢ·xᵢ · (σ(z) − σ(b)) / (z − b)``
    (``σ'(b)`` when ``z = b``), with ``intercept = σ(b)``. So ``Σ cᵢ + intercept = score``
    exactly, each part has the sign of its logit part, and their order is the same.
    """

    def __init__(self, model, feature_names: tuple[str, ...], version: str | None = None):
        """:param model: a fitted ``LogisticRegression`` or a ``Pipeline`` ending in one,
            whose other steps (if any) are a single ``StandardScaler``.
        :raises ValueError: for another kind of model or a feature count that disagrees.
        """
        self.model = model
        self.feature_names = tuple(feature_names)
        self.coef, self.logit_intercept = _linear_form(model)
        if len(self.coef) != len(self.feature_names):
            raise ValueError(f"model has {len(self.coef)} features, not {len(feature_names)}")
        self.intercept = float(expit(self.logit_intercept))
        digest = hashlib.sha256(
            np.append(self.coef, self.logit_intercept).astype("<f8").tobytes()
            + "|".join(self.feature_names).encode()
        ).hexdigest()
        self.version = version or f"learned-{digest[:10]}"

    def logit(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef + self.logit_intercept

    def logit_contributions(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) * self.coef

    def score(self, X: np.ndarray) -> np.ndarray:
        return expit(self.logit(X))

    def contributions(self, X: np.ndarray) -> np.ndarray:
        parts = self.logit_contributions(X)
        rise = parts.sum(axis=1)  # z − b
        base = self.intercept
        slope = base * (1 - base)  # σ'(b), the limit as z → b
        flat = np.abs(rise) < 1e-12
        safe = np.where(flat, 1.0, rise)
        factor = np.where(flat, slope, (expit(rise + self.logit_intercept) - base) / safe)
        return parts * factor[:, None]

    def to_bytes(self) -> bytes:
        """The model, its feature list and version, pickled (load only what we stored)."""
        payload = {
            "format": 1,
            "model": self.model,
            "feature_names": self.feature_names,
            "version": self.version,
        }
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, blob: bytes, *, version: str | None = None) -> "LearnedScorer":
        """The scorer ``to_bytes`` stored; ``version`` overrides the stored one.

        :raises ValueError: if the bytes are not a stored scorer.
        """
        try:
            payload = pickle.loads(blob)  # our own database, written by to_bytes
        except Exception as error:  # pickle raises many kinds
            raise ValueError("not a stored scorer") from error
        if not isinstance(payload, dict) or payload.get("format") != 1:
            raise ValueError("not a stored scorer")
        return cls(payload["model"], payload["feature_names"], version or payload["version"])


def is_compatible(stored_feature_names) -> bool:
    """Whether a stored model was trained on today's feature list (else the prior is used)."""
    return tuple(stored_feature_names) == FEATURES


def scorer_from_bytes(blob: bytes | None) -> Scorer:
    """The stored learned scorer, or the prior when there is none or its features differ.

    :raises ValueError: if ``blob`` is not a stored scorer at all.
    """
    if blob is None:
        return PriorScorer()
    learned = LearnedScorer.from_bytes(blob)
    return learned if is_compatible(learned.feature_names) else PriorScorer()


def _linear_form(model) -> tuple[np.ndarray, float]:
    """(a, b) with logit = b + X @ a on raw features, for an LR or scaler + LR pipeline."""
    steps = getattr(model, "steps", None)
    estimator = steps[-1][1] if steps else model
    if not hasattr(estimator, "coef_") or np.asarray(estimator.coef_).shape[0] != 1:
        raise ValueError("expected a fitted binary LogisticRegression")
    coef = np.asarray(estimator.coef_, dtype=float)[0]
    intercept = float(np.asarray(estimator.intercept_, dtype=float)[0])
    for _, step in (steps or [])[:-1]:
        if not (hasattr(step, "mean_") and hasattr(step, "scale_")) or len(steps) != 2:
            raise ValueError("only a StandardScaler may precede the LogisticRegression")
        mean = step.mean_ if step.with_mean else np.zeros_like(coef)
        scale = step.scale_ if step.scale_ is not None else np.ones_like(coef)
        coef = coef / scale
        intercept -= float(coef @ mean)
    return coef, intercept
