"""Phone and ID numbers in a story are found (and highlighted for the reviewer)."""

import pytest

from matchmaker.core.pii import find_pii, highlight_pii


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
    ],
)
def test_finds(text, kind, found):
    [finding] = find_pii(text)
    assert (finding.kind, finding.text) == (kind, found)


@pytest.mark.parametrize(
    "text",
    ["大约300元", "2024年3月15日", "住在3幢2单元402室", "需要12345个", "订单号 20241231"],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert find_pii(text) == []


def test_highlight_escapes_and_marks():
    marked = str(highlight_pii("<b>电话</b> 13812345678"))
    assert marked == "&lt;b&gt;电话&lt;/b&gt; <mark>13812345678</mark>"
