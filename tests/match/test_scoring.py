import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from matchmaker.match.features import FEATURES
from matchmaker.match.scoring import (
    LearnedScorer,
    PriorScorer,
    Scorer,
    is_compatible,
    scorer_from_bytes,
)


def sample(n=300, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (n, len(FEATURES)))
    y = (X[:, 2] + 0.3 * rng.normal(size=n) > 0.5).astype(int)
    return X, y


def test_prior_weights_sum_to_one_and_contributions_add_up():
    prior = PriorScorer()
    assert isinstance(prior, Scorer)
    assert prior.version == "prior-2"
    assert prior.feature_names == FEATURES
    assert sum(PriorScorer.WEIGHTS.values()) == pytest.approx(1.0)
    X, _ = sample()
    parts = prior.contributions(X)
    assert parts.shape == X.shape
    assert parts.sum(axis=1) + prior.intercept == pytest.approx(prior.score(X))
    assert prior.score(np.ones((1, len(FEATURES))))[0] == pytest.approx(1.0)


@pytest.mark.parametrize("scaled", [True, False])
def test_learned_score_is_the_probability_and_contributions_add_up(scaled):
    X, y = sample()
    lr = LogisticRegression(max_iter=1000)
    model = Pipeline([("scale", StandardScaler()), ("lr", lr)]) if scaled else lr
    model.fit(X, y)
    scorer = LearnedScorer(model, FEATURES)
    assert isinstance(scorer, Scorer)
    assert scorer.score(X) == pytest.approx(model.predict_proba(X)[:, 1])
    parts = scorer.contributions(X)
    assert parts.sum(axis=1) + scorer.intercept == pytest.approx(scorer.score(X))
    # Each part carries the sign of its share of the logit.
    logit_parts = scorer.logit_contributions(X)
    assert np.all(np.sign(parts) == np.sign(logit_parts))
    # A row at the baseline (all zeros) still adds up.
    zero = np.zeros((1, len(FEATURES)))
    assert scorer.contributions(zero).sum() + scorer.intercept == pytest.approx(scorer.score(zero))


def test_learned_scorer_round_trips_through_bytes():
    X, y = sample()
    scorer = LearnedScorer(LogisticRegression(max_iter=1000).fit(X, y), FEATURES, "lr-test")
    again = LearnedScorer.from_bytes(scorer.to_bytes())
    assert again.version == "lr-test"
    assert again.feature_names == FEATURES
    assert again.score(X) == pytest.approx(scorer.score(X))
    assert LearnedScorer.from_bytes(scorer.to_bytes(), version="v9").version == "v9"


def test_garbage_is_not_a_scorer():
    with pytest.raises(ValueError):
        LearnedScorer.from_bytes(b"not a pickle")


def test_a_stored_model_with_another_feature_list_is_ignored():
    X, y = sample()
    names = FEATURES[:-1] + ("renamed",)
    stale = LearnedScorer(LogisticRegression(max_iter=1000).fit(X, y), names)
    assert not is_compatible(stale.feature_names)
    assert is_compatible(list(FEATURES))
    assert isinstance(scorer_from_bytes(stale.to_bytes()), PriorScorer)
    assert isinstance(scorer_from_bytes(None), PriorScorer)
    fresh = LearnedScorer(LogisticRegression(max_iter=1000).fit(X, y), FEATURES)
    assert isinstance(scorer_from_bytes(fresh.to_bytes()), LearnedScorer)


def test_learned_scorer_refuses_a_mismatched_model():
    X, y = sample()
    with pytest.raises(ValueError):
        LearnedScorer(LogisticRegression(max_iter=1000).fit(X[:, :3], y), FEATURES)


def test_the_prior_weighs_an_offer_of_help_without_letting_it_decide_alone():
    prior = PriorScorer()
    at = FEATURES.index("interest")
    base = np.full((1, len(FEATURES)), 0.5)
    offered = base.copy()
    offered[0, at] = 1.0
    assert PriorScorer.WEIGHTS["interest"] == pytest.approx(0.05)
    assert prior.score(offered)[0] - prior.score(base)[0] == pytest.approx(0.025)
    # A far better skill match still beats a mere offer of help.
    better_skills = base.copy()
    better_skills[0, FEATURES.index("skill_coverage")] = 1.0
    assert prior.score(better_skills)[0] > prior.score(offered)[0]
