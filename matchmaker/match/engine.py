"""The matching engine's public entry point (DESIGN §4): records in, proposals out.

``propose`` runs four stages, each reported through ``progress(stage, done, total)``:

1. ``shortlist`` — feasible candidates per need (``shortlist.py``);
2. ``features`` — the feature matrix of all candidate pairs (``features.py``);
3. ``score`` — the scorer's score per pair (``scoring.py``);
4. ``assign`` — the optimal one-to-one assignment over the whole candidate graph, exact at
   every size (``assignment.py``).

Plain Python, NumPy and Numba only (no Flask, no database), so the CLI, the nightly job, the web
layer and the benchmarks all call the same function.
"""

import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np

from matchmaker.match.assignment import assign
from matchmaker.match.features import FEATURES, encode, pair_features
from matchmaker.match.records import (
    CandidateCount,
    MatchResult,
    NeedRecord,
    Proposal,
    VolunteerRecord,
)
from matchmaker.match.scoring import Scorer
from matchmaker.match.shortlist import Candidates, shortlist

STAGES = ("shortlist", "features", "score", "assign")
#: pairs per features/score step (one progress tick each)
_STEP = 100_000

Progress = Callable[[str, int, int], None]


def propose(
    needs: Sequence[NeedRecord],
    volunteers: Sequence[VolunteerRecord],
    scorer: Scorer,
    *,
    alternatives: int = 2,
    progress: Progress | None = None,
    k_nearest: int = 20,
    k_all_skills: int = 10,
    workers: int | None = None,
) -> MatchResult:
    """Propose a volunteer for every need that can get one, plus alternatives.

    Rank 0 is the assignment's choice for a matched need; ranks 1 … ``alternatives`` are the
    need's next-best candidates by score (they may be assigned to another need). Needs
    without a rank-0 proposal get no proposal at all and are listed in
    ``unmatched_need_ids``. The result does not depend on the order of the input lists.

    :param scorer: e.g. ``PriorScorer()``; its ``feature_names`` must be ``FEATURES``.
    :param alternatives: alternatives per matched need.
    :param progress: called as ``progress(stage, done, total)`` for each stage in ``STAGES``.
    :param k_nearest: nearest feasible volunteers kept per need.
    :param k_all_skills: nearest feasible volunteers holding every required skill also kept.
    :param workers: threads for the shortlist and the features (default: up to 2 of the
        CPUs).
    :raises ValueError: for duplicate need or volunteer ids, or a scorer for other features.
    """
    if tuple(scorer.feature_names) != FEATURES:
        raise ValueError("the scorer was built for another feature list")
    needs = _by_id(needs, "need")
    volunteers = _by_id(volunteers, "volunteer")
    report = progress or (lambda stage, done, total: None)

    workers = workers or min(2, os.cpu_count() or 1)
    need, volunteer = encode(needs, volunteers)
    candidates = shortlist(
        need,
        volunteer,
        k_nearest=k_nearest,
        k_all_skills=k_all_skills,
        progress=report,
        workers=workers,
        extra=np.array([len(r.declined) for r in need.records], dtype=np.int64),
    )
    shortlisted = np.bincount(candidates.need_idx, minlength=len(need))
    candidates = _without_declined(need, volunteer, candidates)
    X, scores = _score(need, volunteer, candidates, scorer, report, workers)
    report("assign", 0, 1)
    chosen = assign(
        candidates.need_idx,
        candidates.vol_idx,
        scores,
        volunteer.free_capacity,
        len(need),
        check_distinct=False,  # the shortlist lists each pair once
    )
    report("assign", 1, 1)

    picked, ranks = _with_alternatives(candidates.need_idx, scores, chosen, alternatives)
    parts = scorer.contributions(X[picked]) if len(picked) else np.zeros((0, len(FEATURES)))
    values, shares = X[picked], np.asarray(parts)
    with _no_gc_pauses():
        proposals = list(
            map(
                Proposal,
                need.ids[candidates.need_idx[picked]].tolist(),
                volunteer.ids[candidates.vol_idx[picked]].tolist(),
                ranks.tolist(),
                scores[picked].tolist(),
                [FEATURES] * len(picked),
                [values] * len(picked),
                [shares] * len(picked),
                range(len(picked)),
            )
        )
    matched = chosen >= 0
    return MatchResult(
        proposals=proposals,
        unmatched_need_ids=need.ids[~matched].tolist(),
        total_score=float(scores[chosen[matched]].sum()),
        scorer_version=scorer.version,
        candidate_pairs=len(candidates),
        unmatched_candidates=_candidate_counts(need, candidates, scores, shortlisted, ~matched),
    )


def _candidate_counts(need, candidates, scores, shortlisted, unmatched) -> dict:
    """Per unmatched need id, what each stage left it (a social worker reads why from it)."""
    kept = np.bincount(candidates.need_idx, minlength=len(need))
    scorable = np.bincount(candidates.need_idx[scores > 0], minlength=len(need))
    return {
        int(need.ids[row]): CandidateCount(
            candidates=int(kept[row]),
            declined=int(shortlisted[row] - kept[row]),
            scorable=int(scorable[row]),
        )
        for row in np.flatnonzero(unmatched)
    }


def _score(need, volunteer, candidates, scorer, report, workers):
    """The feature matrix of every candidate pair and their scores, a step at a time, the
    steps side by side in threads (NumPy releases the GIL in its loops)."""
    n_pairs = len(candidates)
    X = np.zeros((n_pairs, len(FEATURES)))
    scores = np.zeros(n_pairs)
    steps = [slice(start, min(start + _STEP, n_pairs)) for start in range(0, n_pairs, _STEP)]

    def features(part):
        X[part] = pair_features(
            need, volunteer, candidates.need_idx[part], candidates.vol_idx[part]
        )

    def score(part):
        scores[part] = scorer.score(X[part])

    with ThreadPoolExecutor(workers) as pool:
        for stage, work in (("features", features), ("score", score)):
            report(stage, 0, n_pairs)
            for part, _ in zip(steps, pool.map(work, steps), strict=True):
                report(stage, part.stop, n_pairs)
    return X, scores


def _without_declined(need, volunteer, candidates: Candidates) -> Candidates:
    """The candidates but the pairs of a need with a volunteer it declined (``declined``)."""
    pairs = [(row, vid) for row, r in enumerate(need.records) for vid in r.declined]
    if not pairs or not len(candidates):
        return candidates
    rows, ids = np.array(pairs, dtype=np.int64).T
    at = np.minimum(np.searchsorted(volunteer.ids, ids), len(volunteer) - 1)
    known = volunteer.ids[at] == ids
    declined = np.unique(rows[known] * len(volunteer) + at[known])
    codes = candidates.need_idx.astype(np.int64) * len(volunteer) + candidates.vol_idx
    keep = ~np.isin(codes, declined)
    return Candidates(
        candidates.need_idx[keep], candidates.vol_idx[keep], candidates.distance_km[keep]
    )


def _with_alternatives(need_idx, scores, chosen, alternatives):
    """Pair positions to propose and their ranks, ordered by (need row, rank).

    Rank 0 is the chosen pair; then the need's other pairs scoring above 0, best score first,
    ties to the earlier pair (the nearer volunteer). Needs without a chosen pair get nothing.
    Pairs come grouped by need row (the shortlist's order), so each rank is one linear pass
    over the pairs (a per-need maximum), not a sort of them all.
    """
    matched = chosen >= 0
    picked, ranks = [chosen[matched]], [np.zeros(int(matched.sum()), dtype=np.int64)]
    left = np.where(matched[need_idx] & (scores > 0), scores, -np.inf)
    left[chosen[matched]] = -np.inf
    if len(left) and alternatives > 0:
        first = np.concatenate(([True], need_idx[1:] != need_idx[:-1]))
        starts, group = np.flatnonzero(first), np.cumsum(first) - 1
        for rank in range(1, alternatives + 1):
            best = np.maximum.reduceat(left, starts)[group]
            at = np.flatnonzero((left == best) & (best > -np.inf))
            if not len(at):
                break
            at = at[np.concatenate(([True], group[at][1:] != group[at][:-1]))]  # first per need
            left[at] = -np.inf
            picked.append(at)
            ranks.append(np.full(len(at), rank, dtype=np.int64))
    picked, ranks = np.concatenate(picked), np.concatenate(ranks)
    final = np.lexsort((ranks, need_idx[picked]))
    return picked[final], ranks[final]


@contextmanager
def _no_gc_pauses():
    """Hold the cyclic garbage collector while hundreds of thousands of proposals are made:
    each of its full passes would walk every record of the city again, and proposals hold
    no cycles to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _by_id(records, kind: str) -> list:
    """Records sorted by id, so that the input order never changes the outcome."""
    ordered = sorted(records, key=lambda record: record.id)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.id == b.id:
            raise ValueError(f"{kind} {a.id} appears twice")
    return ordered
