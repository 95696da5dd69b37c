"""The engine says, per need it left unmatched, what each stage left it, so a run can say why."""

import numpy as np

from matchmaker.match.engine import propose
from matchmaker.match.models import UnmatchedReason
from matchmaker.match.records import CandidateCount
from matchmaker.match.runs import reason_of
from matchmaker.match.scoring import PriorScorer
from tests.match.builders import need, volunteer


class _Unwanted(PriorScorer):
    """Scores every pair below leaving the need unmatched."""

    def score(self, X: np.ndarray) -> np.ndarray:
        return -super().score(X) - 0.01


def test_counts_tell_no_candidate_from_candidates_taken_and_declined():
    needs = [
        need(1, x=1),  # gets volunteer 10
        need(2, x=3),  # its only candidate, 10, makes a better pairing with need 1
        need(3, x=50),  # nobody lives within reach
        need(4, x=0.5, declined=frozenset({10})),  # 10 was declined for it before
    ]
    result = propose(needs, [volunteer(10)], PriorScorer())
    assert result.unmatched_need_ids == [2, 3, 4]
    assert result.unmatched_candidates == {
        2: CandidateCount(candidates=1, declined=0, scorable=1),
        3: CandidateCount(candidates=0, declined=0, scorable=0),
        4: CandidateCount(candidates=0, declined=1, scorable=0),
    }
    reasons = {nid: reason_of(c) for nid, c in result.unmatched_candidates.items()}
    assert reasons == {
        2: UnmatchedReason.TAKEN,
        3: UnmatchedReason.NO_CANDIDATE,
        4: UnmatchedReason.DECLINED,
    }


def test_candidates_that_score_too_low_are_told_apart():
    result = propose([need(1)], [volunteer(10), volunteer(20, x=1)], _Unwanted())
    assert result.unmatched_candidates == {1: CandidateCount(2, 0, 0)}
    assert reason_of(result.unmatched_candidates[1]) is UnmatchedReason.LOW_SCORE
