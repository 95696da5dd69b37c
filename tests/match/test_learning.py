import numpy as np
import pytest

from matchmaker.match.features import FEATURES
from matchmaker.match.learning import (
    challenge,
    evaluate,
    should_promote,
    split_by_group,
    train,
)
from matchmaker.match.scoring import LearnedScorer, PriorScorer, is_compatible

PROXIMITY = FEATURES.index("proximity")
SKILLS = FEATURES.index("skill_coverage")


def decisions(n_needs=150, per_need=8, seed=0):
    """Social workers who confirm near volunteers and ignore skill coverage."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (n_needs * per_need, len(FEATURES)))
    groups = np.repeat(np.arange(1000, 1000 + n_needs), per_need)
    logit = 10 * (X[:, PROXIMITY] - 0.7)
    y = (rng.uniform(size=len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y, groups


def test_the_split_holds_out_whole_needs_deterministically():
    _, _, groups = decisions(n_needs=40)
    out = split_by_group(groups, seed=3)
    assert out.any() and not out.all()
    for g in np.unique(groups):
        assert len(set(out[groups == g])) == 1  # all rows of a need on one side
    assert np.unique(groups[out]).size == 10  # a quarter of 40
    assert np.array_equal(split_by_group(groups, seed=3), out)
    reordered = np.argsort(-groups, kind="stable")
    assert np.array_equal(split_by_group(groups[reordered], seed=3), out[reordered])
    assert not np.array_equal(split_by_group(groups, seed=4), out)


def test_a_model_trained_on_proximity_beats_the_prior_on_held_out_needs():
    X, y, groups = decisions()
    trained = train(X, y, groups, feature_names=FEATURES, seed=0)
    prior = evaluate(PriorScorer(), *trained.heldout)
    assert trained.metrics["auc"] > prior["auc"] + 0.05
    assert trained.metrics["rows"] == len(trained.heldout.y)
    assert trained.train_rows + trained.metrics["rows"] == len(y)
    assert 0 <= trained.metrics["acceptance_at_1"] <= 1
    decision = challenge(trained)
    assert decision.promote
    assert decision.current_version == "prior-2"
    assert decision.current == prior


def test_training_is_deterministic_for_a_seed():
    X, y, groups = decisions()
    a = train(X, y, groups, feature_names=FEATURES, seed=5)
    b = train(X, y, groups, feature_names=FEATURES, seed=5)
    assert a.metrics == b.metrics
    assert a.scorer.version == b.scorer.version


def test_a_model_is_not_promoted_over_an_equal_or_better_one():
    X, y, groups = decisions()
    trained = train(X, y, groups, feature_names=FEATURES)
    assert not challenge(trained, current=trained.scorer).promote  # a tie keeps the current
    # A stale current model (another feature list) is ignored: the prior stands in.
    stale = LearnedScorer(trained.scorer.model, FEATURES[:-1] + ("other",))
    assert not is_compatible(stale.feature_names)
    assert challenge(trained, current=stale).current_version == "prior-2"


@pytest.mark.parametrize(
    ("candidate", "current", "promote"),
    [
        ({"auc": 0.8, "acceptance_at_1": 0.5}, {"auc": 0.7, "acceptance_at_1": 0.9}, True),
        ({"auc": 0.7, "acceptance_at_1": 0.9}, {"auc": 0.8, "acceptance_at_1": 0.5}, False),
        ({"auc": 0.8, "acceptance_at_1": 0.6}, {"auc": 0.8, "acceptance_at_1": 0.5}, True),
        ({"auc": 0.8, "acceptance_at_1": 0.5}, {"auc": 0.8, "acceptance_at_1": 0.5}, False),
        ({"auc": 0.8, "acceptance_at_1": None}, {"auc": 0.8, "acceptance_at_1": 0.5}, False),
        ({"auc": None, "acceptance_at_1": 1.0}, {"auc": 0.5, "acceptance_at_1": 0.0}, False),
        ({"auc": None, "acceptance_at_1": 1.0}, {"auc": None, "acceptance_at_1": 0.0}, False),
    ],
)
def test_promotion_rule(candidate, current, promote):
    assert should_promote(candidate, current) is promote


def test_metrics_on_hand_data():
    class ByFirstColumn:
        version, feature_names, intercept = "t", ("a",), 0.0

        def score(self, X):
            return X[:, 0]

        def contributions(self, X):
            return X

    X = np.array([[0.9], [0.1], [0.8], [0.2], [0.5], [0.4]])
    y = np.array([1, 0, 0, 1, 0, 0])
    groups = np.array([1, 1, 2, 2, 3, 3])
    metrics = evaluate(ByFirstColumn(), X, y, groups)
    # need 1: top pick confirmed; need 2: top pick rejected; need 3: nothing confirmed.
    assert metrics["acceptance_at_1"] == 0.5
    assert metrics["auc"] == pytest.approx(5 / 8)
    assert (metrics["rows"], metrics["needs"], metrics["confirmed"]) == (6, 3, 2)
    one_class = evaluate(ByFirstColumn(), X[:2], np.array([0, 0]), groups[:2])
    assert one_class["auc"] is None and one_class["acceptance_at_1"] is None


def test_training_refuses_data_it_cannot_learn_from():
    X, y, groups = decisions(n_needs=10)
    with pytest.raises(ValueError):
        train(X, np.zeros_like(y), groups, feature_names=FEATURES)
    with pytest.raises(ValueError):
        train(X, y, np.zeros_like(groups), feature_names=FEATURES)
    with pytest.raises(ValueError):
        train(X[:, :3], y, groups, feature_names=FEATURES)


def test_the_trained_scorer_round_trips_and_explains_itself():
    X, y, groups = decisions()
    scorer = train(X, y, groups, feature_names=FEATURES).scorer
    again = LearnedScorer.from_bytes(scorer.to_bytes())
    assert again.score(X) == pytest.approx(scorer.score(X))
    assert again.version == scorer.version
    parts = again.contributions(X)
    assert parts.sum(axis=1) + again.intercept == pytest.approx(again.score(X))
    # Proximity drove the decisions, so it is the strongest part.
    assert np.argmax(np.abs(again.logit_contributions(np.ones((1, len(FEATURES)))))) == PROXIMITY
