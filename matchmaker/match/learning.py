"""Learning a scorer from social workers' decisions, and whether it may replace the current one.

Rows are candidate pairs (features in ``FEATURES`` order), ``y`` is 1 when the pair was
confirmed (and, once outcomes exist, lasted), and ``groups`` holds each row's need id.

* **Held-out split by need**: a seeded permutation of the sorted distinct need ids puts a
  quarter of the needs (at least one) aside; all rows of a need fall on the same side, so the
  metrics measure how well the model ranks volunteers for needs it has never seen.
* **Metrics** on the held-out part: ``auc`` (ROC AUC over all pairs; ``None`` when the part
  holds only one class) and ``acceptance_at_1`` (among held-out needs with at least one
  confirmed pair, the share whose top-scored pair was confirmed; ties go to the earlier row;
  ``None`` when there is no such need), plus counts.
* **Promotion** (:func:`should_promote`): the candidate replaces the current scorer — the
  current learned model, or the prior when there is none or its feature list is stale — only
  if, on the *same* held-out rows, its AUC is strictly higher, or equal with a strictly
  higher acceptance@1. A candidate without an AUC is never promoted; ties keep the current one.
"""

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from matchmaker.match.scoring import LearnedScorer, PriorScorer, Scorer, is_compatible

#: share of the needs held out for the metrics
HELD_OUT_SHARE = 0.25


class HeldOut(NamedTuple):
    """The held-out rows; unpacks as ``X, y, groups``: ``evaluate(scorer, *trained.heldout)``."""

    X: np.ndarray
    y: np.ndarray
    groups: np.ndarray


@dataclass
class TrainedModel:
    scorer: LearnedScorer
    #: the metrics of ``scorer`` on ``heldout`` (see ``evaluate``)
    metrics: dict
    heldout: HeldOut = field(repr=False)
    train_rows: int = 0
    train_needs: int = 0


@dataclass
class Decision:
    promote: bool
    candidate: dict
    #: the metrics, on the same held-out rows, of the scorer it would replace
    current: dict
    current_version: str


def split_by_group(groups, *, seed: int = 0, share: float = HELD_OUT_SHARE) -> np.ndarray:
    """A boolean mask of the held-out rows: whole groups, chosen by a seeded permutation.

    :raises ValueError: with fewer than two groups (nothing left to train on or to test).
    """
    groups = np.asarray(groups)
    distinct = np.unique(groups)
    if len(distinct) < 2:
        raise ValueError("need decisions on at least two needs to hold some out")
    n_out = min(len(distinct) - 1, max(1, math.ceil(share * len(distinct))))
    shuffled = np.random.default_rng(seed).permutation(distinct)
    return np.isin(groups, shuffled[:n_out])


def train(X, y, groups, *, feature_names: tuple[str, ...], seed: int = 0) -> TrainedModel:
    """Fit a standardised logistic regression on the rows not held out.

    :raises ValueError: for mismatched lengths, fewer than two needs, or training rows that
        are all confirmed or all rejected.
    """
    X, y, groups = _arrays(X, y, groups)
    if X.shape[1] != len(feature_names):
        raise ValueError(f"X has {X.shape[1]} columns for {len(feature_names)} features")
    out = split_by_group(groups, seed=seed)
    if len(np.unique(y[~out])) < 2:
        raise ValueError("the training rows need both confirmed and rejected pairs")
    model = Pipeline([("scale", StandardScaler()), ("lr", LogisticRegression(max_iter=1000))])
    model.fit(X[~out], y[~out])
    scorer = LearnedScorer(model, tuple(feature_names))
    heldout = HeldOut(X[out], y[out], groups[out])
    return TrainedModel(
        scorer=scorer,
        metrics=evaluate(scorer, *heldout),
        heldout=heldout,
        train_rows=int((~out).sum()),
        train_needs=len(np.unique(groups[~out])),
    )


def evaluate(scorer: Scorer, X, y, groups) -> dict:
    """``auc``, ``acceptance_at_1`` (either may be None), ``rows``, ``needs``, ``confirmed``."""
    X, y, groups = _arrays(X, y, groups)
    scores = scorer.score(X) if len(y) else np.zeros(0)
    auc = float(roc_auc_score(y, scores)) if len(np.unique(y)) == 2 else None
    hits = total = 0
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        if y[rows].any():
            total += 1
            hits += int(y[rows[np.argmax(scores[rows])]] == 1)
    return {
        "auc": auc,
        "acceptance_at_1": hits / total if total else None,
        "rows": len(y),
        "needs": len(np.unique(groups)),
        "confirmed": int(y.sum()),
    }


def should_promote(candidate: dict, current: dict) -> bool:
    """Whether the candidate's metrics beat the current scorer's on the same held-out rows."""
    if candidate.get("auc") is None:
        return False

    def key(metrics: dict) -> tuple[float, float]:
        auc, at_1 = metrics.get("auc"), metrics.get("acceptance_at_1")
        return (-math.inf if auc is None else auc, -math.inf if at_1 is None else at_1)

    return key(candidate) > key(current)


def challenge(trained: TrainedModel, current: Scorer | None = None) -> Decision:
    """Evaluate the current scorer on the candidate's held-out rows and decide.

    ``current`` is the scorer in use; the prior stands in when it is None or was trained on
    another feature list.
    """
    if current is None or not is_compatible(current.feature_names):
        current = PriorScorer()
    current_metrics = evaluate(current, *trained.heldout)
    return Decision(
        promote=should_promote(trained.metrics, current_metrics),
        candidate=trained.metrics,
        current=current_metrics,
        current_version=current.version,
    )


def _arrays(X, y, groups):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(np.int64)
    groups = np.asarray(groups)
    if X.ndim != 2 or not (len(X) == len(y) == len(groups)):
        raise ValueError("X, y and groups must have one row per pair")
    return X, y, groups
