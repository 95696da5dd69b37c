"""Phone and ID numbers in a story are found (and highlighted for the reviewer)."""

from itertools import pairwise

import pytest

from matchmaker.core.pii import find_home_address, find_own_details, find_pii, highlight_pii


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("电话13812345678谢谢", "mobile", "13812345678"),
        ("请打 138 1234 5678", "mobile", "138 1234 5678"),
        ("手机：159-8765-4321。", "mobile", "159-8765-4321"),
        ("+86 18612345678", "mobile", "+86 18612345678"),
        ("家里电话 0571-87654321", "landline", "0571-87654321"),
        ("座机(0571)8765 4321", "landline", "(0571)8765 4321"),
        ("身份证 33010619620315123X 号", "id", "33010619620315123X"),
        ("身份证 330106 1962 0315 1234", "id", "330106 1962 0315 1234"),
        ("老身份证330106620315123", "id", "330106620315123"),
        # as a Chinese input method types digits, and as people group them
        ("电话１９００２００９０３４", "mobile", "１９００２００９０３４"),
        ("电话 1900 2009 034", "mobile", "1900 2009 034"),
        ("电话190.0200.9034", "mobile", "190.0200.9034"),
        ("电话 138－1234－5678", "mobile", "138－1234－5678"),
        ("座机　０５７１　８７６５　４３２１", "landline", "０５７１　８７６５　４３２１"),
        ("身份证 330106.1962.0315.1234", "id", "330106.1962.0315.1234"),
    ],
)
def test_finds(text, kind, found):
    [finding] = find_pii(text)
    assert (finding.kind, finding.text) == (kind, found)


@pytest.mark.parametrize(
    "text",
    [
        "大约300元",
        "2024年3月15日",
        "住在3幢2单元402室",
        "需要12345个",
        "订单号 20241231",
        # numbers side by side that are not one number
        "尺码 13 14 15 16 17 18 都可以",
        "1.5 米长，2026.12.07 之前",
        "３００元",
    ],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert find_pii(text) == []


def test_highlight_escapes_and_marks():
    marked = str(highlight_pii("<b>电话</b> 13812345678"))
    assert marked == "&lt;b&gt;电话&lt;/b&gt; <mark>13812345678</mark>"


ADDRESS = "杭州市西湖区文三路9号3单元502室"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("我是王秀英，想要一个坐垫", [("name", "王秀英")]),
        ("送到文三路9号就行", [("address", "文三路9号")]),
        ("住在3单元502室的老人", [("address", "3单元502室")]),
        ("王秀英住文三路9号", [("name", "王秀英"), ("address", "文三路9号")]),
        ("住文三路９号", [("address", "文三路９号")]),
        ("住文三路 9 号 3 单元", [("address", "文三路 9 号 3 单元")]),
        ("王 秀英来信", [("name", "王 秀英")]),
    ],
)
def test_own_name_and_address_are_found(text, found):
    details = find_own_details(text, names=("王秀英", ""), addresses=(ADDRESS,))
    assert [(f.kind, f.text) for f in details] == found


def test_an_address_stored_with_spaces_is_found_typed_without():
    stored = "文三路 33 号 11 幢 2 单元 402 室"
    details = find_own_details("请送到文三路33号11幢2单元402室", addresses=(stored,))
    assert [(f.kind, f.text) for f in details] == [("address", "文三路33号11幢2单元402室")]


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("莫干山路１９２号４幢４单元５０３室", True),  # full-width, no spaces
        ("服务台设在 4 幢 4 单元 503 室", True),  # the home within its compound
        ("莫干山路 192 号残疾人之家", False),  # the compound's gate: a centre may be there
        ("西溪街道社区服务中心一楼", False),
    ],
)
def test_a_home_address_is_a_run_reaching_the_addresss_end(text, home):
    addresses = ("", "莫干山路 192 号 4 幢 4 单元 503 室")
    assert bool(find_home_address(text, addresses)) is home


@pytest.mark.parametrize(
    "text",
    ["王奶奶住在杭州市西湖区", "我住在3单元", "秀英", "文三路上的超市"],
)
def test_an_area_or_a_part_of_a_name_is_not_flagged(text):
    assert find_own_details(text, names=("王秀英",), addresses=(ADDRESS,)) == []


def test_own_details_are_marked_with_the_numbers():
    own = find_own_details("王秀英 13812345678", names=("王秀英",))
    marked = str(highlight_pii("王秀英 13812345678", own))
    assert marked == "<mark>王秀英</mark> <mark>13812345678</mark>"


def test_each_number_is_found_once_in_order_the_id_winning_over_a_phone_inside_it():
    text = "座机 0571-87654321，身份证 130106199001011234，手机 13812345678"
    assert [(f.kind, f.text) for f in find_pii(text)] == [
        ("landline", "0571-87654321"),
        ("id", "130106199001011234"),
        ("mobile", "13812345678"),
    ]


def test_a_long_pasted_text_has_every_number_found():
    text = "电话 0571-87654321，手机 13812345678；" * 3000
    found = find_pii(text)
    assert len(found) == 6000
    assert {f.kind for f in found} == {"landline", "mobile"}
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_the_reviewer_sees_a_name_inside_a_number_marked_once():
    own = find_own_details("王秀英13812345678王秀英", names=("王秀英",), addresses=())
    marked = str(highlight_pii("王秀英13812345678王秀英", own))
    assert marked == "<mark>王秀英</mark><mark>13812345678</mark><mark>王秀英</mark>"
