import math

import numpy as np
import pytest

from matchmaker.core.availability import mask_from_slots
from matchmaker.match.features import FEATURES, encode, pair_features
from tests.match.builders import SAT_EVENING, THU_MORNING, TUE_MORNING, need, volunteer


def features_of(n, v) -> dict[str, float]:
    arrays = encode([n], [v])
    return dict(zip(FEATURES, pair_features(*arrays, [0], [0])[0].tolist(), strict=True))


def test_feature_list_is_the_contract():
    assert FEATURES == (
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


def test_each_feature_on_a_hand_example():
    n = need(
        7,
        community_id=3,
        skills=frozenset({1, 2, 5}),
        availability=mask_from_slots([TUE_MORNING, THU_MORNING, SAT_EVENING]),
        urgency=1,
        waiting_days=45,
        disability_category="hearing",
        languages=frozenset({4}),
        courses=frozenset({1, 2, 3, 4}),
    )
    v = volunteer(
        1,
        y=2.0,
        community_id=3,
        radius_km=5.0,
        skills=frozenset({1, 2, 9}),
        availability=mask_from_slots([TUE_MORNING, THU_MORNING, 0]),
        languages=frozenset({4, 6}),
        verified_hours=100,
        mean_rating=4.0,
        category_success={"hearing": 0.5, "vision": 1.0},
        courses_done=frozenset({2, 8}),
        interest=frozenset({7}),
    )
    f = features_of(n, v)
    assert f["skill_coverage"] == pytest.approx(2 / 3)
    assert f["availability_overlap"] == pytest.approx(2 / 3)
    assert f["proximity"] == pytest.approx(1 - 2 / 5)
    assert f["same_community"] == 1
    assert f["language_match"] == 1
    assert f["experience"] == pytest.approx(math.log1p(100) / math.log1p(1500))
    assert f["past_rating"] == pytest.approx(0.8)
    assert f["category_success"] == pytest.approx(0.5)
    assert f["training_done"] == pytest.approx(0.25)
    assert f["waiting_time"] == pytest.approx(0.5)
    assert f["urgency"] == pytest.approx(0.5)
    assert f["interest"] == 1
    assert f["nearness"] == pytest.approx(1 - 2 / 10)
    assert f["novice_on_urgent"] == 0  # urgency 1 is not urgent


def test_a_new_volunteer_on_an_urgent_need_is_marked_and_fades_with_hours():
    urgent = need(1, urgency=2)
    assert features_of(urgent, volunteer(2, verified_hours=0))["novice_on_urgent"] == 1
    assert features_of(urgent, volunteer(2, verified_hours=5))["novice_on_urgent"] == 0.75
    assert features_of(urgent, volunteer(2, verified_hours=40))["novice_on_urgent"] == 0
    assert features_of(need(1, urgency=1), volunteer(2))["novice_on_urgent"] == 0


def test_training_done_is_the_share_of_the_needs_courses_completed():
    def done(courses_done):
        two = need(1, courses=frozenset({5, 6}))
        return features_of(two, volunteer(2, courses_done=frozenset(courses_done)))["training_done"]

    assert done(()) == 0
    assert done({6, 9}) == pytest.approx(0.5)  # 9 is not one the need requires
    assert done({5, 6}) == 1
    assert features_of(need(1), volunteer(2))["training_done"] == 1  # nothing required


def test_features_are_clipped_and_missing_data_is_zero():
    n = need(1, urgency=2, waiting_days=400, languages=frozenset({1}))
    v = volunteer(2, y=30, community_id=9, radius_km=10, verified_hours=9000, mean_rating=0)
    f = features_of(n, v)
    assert f["proximity"] == 0  # beyond the radius clips to 0 (never a candidate anyway)
    assert f["same_community"] == 0
    assert f["language_match"] == 0  # the resident speaks 1; the volunteer nothing listed
    assert f["experience"] == 1
    assert f["past_rating"] == f["category_success"] == 0
    assert f["training_done"] == 1  # the need requires no course
    assert f["waiting_time"] == 1
    assert f["urgency"] == 1
    assert f["interest"] == 0
    assert f["nearness"] == 0  # 30 km is beyond the 10 km scale
    assert f["novice_on_urgent"] == 0  # 9,000 hours
    assert all(0 <= value <= 1 for value in f.values())


def test_a_resident_without_languages_matches_anyone():
    assert features_of(need(1), volunteer(2))["language_match"] == 1


def test_a_need_without_slots_has_no_overlap():
    assert features_of(need(1, availability=0), volunteer(2))["availability_overlap"] == 0


def test_more_than_64_skills_use_several_words():
    needs = [need(i, skills=frozenset({i})) for i in range(150)]
    needs.append(need(999, skills=frozenset({5, 100, 140})))
    v = volunteer(1, skills=frozenset({100, 140, 77}))
    need_arrays, volunteer_arrays = encode(needs, [v])
    assert need_arrays.skills.shape[1] == 3
    X = pair_features(need_arrays, volunteer_arrays, [150, 100, 5], [0, 0, 0])
    assert X[:, FEATURES.index("skill_coverage")].tolist() == pytest.approx([2 / 3, 1.0, 0.0])


def test_pairs_are_computed_together():
    needs = [need(1, x=0), need(2, x=4)]
    vols = [volunteer(1, x=1), volunteer(2, x=-2)]
    X = pair_features(*encode(needs, vols), np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
    assert X.shape == (4, len(FEATURES))
    assert X[:, FEATURES.index("proximity")] == pytest.approx([0.9, 0.8, 0.7, 0.4])
