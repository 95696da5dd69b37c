from dataclasses import replace

import pytest

from matchmaker.core.availability import mask_from_slots
from matchmaker.match.engine import propose
from matchmaker.match.explain import describe_en, explain, pair_facts
from matchmaker.match.scoring import PriorScorer
from tests.match.builders import SAT_EVENING, THU_MORNING, TUE_MORNING, need, volunteer

NEED = need(
    1,
    community_id=3,
    skills=frozenset({1, 2}),
    availability=mask_from_slots([TUE_MORNING, THU_MORNING, SAT_EVENING]),
)
VOLUNTEER = volunteer(
    7,
    x=1.2,
    community_id=3,
    radius_km=5,
    skills=frozenset({1, 2, 3}),
    availability=mask_from_slots([0, TUE_MORNING, THU_MORNING]),
    verified_hours=120,
)


@pytest.fixture
def proposal():
    (only,) = propose([NEED], [VOLUNTEER], PriorScorer()).proposals
    return only


def test_facts_of_a_pair():
    facts = pair_facts(NEED, VOLUNTEER)
    assert facts.distance_km == pytest.approx(1.2)
    assert (facts.skills_covered, facts.skills_required) == (2, 2)
    assert facts.shared_slots == mask_from_slots([TUE_MORNING, THU_MORNING])


def test_chinese_explanation(proposal):
    text = explain(proposal, locale="zh_CN", need=NEED, volunteer=VOLUNTEER)
    for words in ("同社区", "距离 1.2 km", "掌握所需技能 2/2", "周二上午、周四上午均有空"):
        assert words in text
    assert "已服务 120 小时" in text
    # Strongest first: skill coverage carries the largest weight of the prior.
    assert text.startswith("掌握所需技能 2/2，")
    assert text.index("距离") < text.index("同社区")
    assert text.count("km") == 1  # the distance is said once, not again as "路程约"


def test_english_explanation(proposal):
    text = explain(proposal, locale="en", need=NEED, volunteer=VOLUNTEER)
    assert text.startswith("Has 2/2 of the skills needed, ")
    for words in ("same community", "1.2 km away", "Tuesday morning", "Thursday morning"):
        assert words in text


def test_without_records_the_features_speak(proposal):
    text = explain(proposal, locale="zh_CN")
    assert "同社区" in text
    assert "掌握所需技能 100%" in text
    assert "已服务 120 小时" in text  # recovered from the experience feature
    assert "100% of the skills" in explain(proposal, locale="en")


def test_a_single_shared_slot_and_an_english_day_list():
    v = volunteer(8, availability=mask_from_slots([TUE_MORNING]), skills=frozenset({1}))
    (p,) = propose([NEED], [v], PriorScorer()).proposals
    text = explain(p, need=NEED, volunteer=v)
    assert "周二上午有空" in text and "掌握所需技能 1/2" in text
    assert describe_en(mask_from_slots([TUE_MORNING])) == "Tuesday morning"
    assert describe_en(mask_from_slots([TUE_MORNING, SAT_EVENING])) == (
        "Tuesday morning and Saturday evening"
    )
    assert describe_en(mask_from_slots([0, TUE_MORNING, SAT_EVENING])) == (
        "Monday morning, Tuesday morning and Saturday evening"
    )


def test_required_courses_are_counted_and_nothing_is_said_when_none_are_required(proposal):
    assert "培训" not in explain(proposal, need=NEED, volunteer=VOLUNTEER)
    need_ = replace(NEED, courses=frozenset({1, 2, 3}))
    trained = replace(VOLUNTEER, courses_done=frozenset({1, 3, 9}))
    (p,) = propose([need_], [trained], PriorScorer()).proposals
    assert "已完成所需培训 2/3" in explain(p, need=need_, volunteer=trained)
    assert "has done 2/3 of the required courses" in explain(
        p, locale="en", need=need_, volunteer=trained
    )
