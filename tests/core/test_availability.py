import pytest

from matchmaker.core import availability as av


def test_slot_index_follows_the_contract():
    assert av.slot_index(0, 0) == 0  # Monday morning
    assert av.slot_index(1, 0) == 3  # Tuesday morning
    assert av.slot_index(6, 2) == 20  # Sunday evening
    with pytest.raises(ValueError):
        av.slot_index(7, 0)


def test_mask_round_trip_and_overlap():
    mask = av.mask_from_slots([3, 9, 20])
    assert mask == (1 << 3) | (1 << 9) | (1 << 20)
    assert av.slots_from_mask(mask) == [3, 9, 20]
    assert av.overlap(mask, av.mask_from_slots([9, 10])) == 1 << 9
    assert av.count(av.FULL_WEEK) == 21


def test_form_keys():
    assert av.slot_key(3) == "tue-morning"
    assert av.slot_from_key("sun-evening") == 20
    with pytest.raises(ValueError):
        av.slot_from_key("someday-noon")


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("周二上午、周四上午", [3, 9]),
        ("星期六全天", [15, 16, 17]),
        ("周末下午", [16, 19]),
        ("周一上午,周一晚上", [0, 2]),
        ("工作日晚上", [2, 5, 8, 11, 14]),
    ],
)
def test_reads_roster_wording(text, slots):
    assert av.slots_from_mask(av.parse_zh(text)) == slots


def test_unreadable_roster_wording_names_the_part():
    with pytest.raises(ValueError, match="下周"):
        av.parse_zh("周二上午、下周")


def test_describe():
    assert av.describe_zh(av.mask_from_slots([3, 9])) == "周二上午、周四上午"
