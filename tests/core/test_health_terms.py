"""Health and disability words in a public story are found for the reviewer; aids are not."""

import pytest
from flask_babel import force_locale

from matchmaker.core.health_terms import find_health_terms
from matchmaker.core.pii import highlight_pii


def _words(text):
    return [f.text for f in find_health_terms(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("有高血压，想在家每天量一量。", ["高血压"]),
        ("视力差，看报纸需要带放大镜的台灯。", ["视力"]),
        ("看不见屏幕，想用语音听书。", ["看不见"]),
        ("有阅读障碍，想要能读出文字的词典笔。", ["障碍"]),
        ("孩子在做认知训练。", ["认知"]),
        ("在庇护工场上班，中午想吃口热饭。", ["庇护工场"]),
        ("参加社区残疾人运动会", ["残疾"]),
        ("老伴偏瘫多年，耳背", ["瘫", "耳背"]),
        ("长期卧床，需要防褥疮床垫", ["卧床", "褥疮"]),
        ("术后恢复期，医生建议补充营养", ["术后", "医生"]),
        ("孩子是自闭症，也有精神分裂的家人", ["自闭症", "精神分裂"]),
        ("脑卒中后遗症", ["卒中", "后遗症"]),
        ("她是盲人，读盲文书", ["盲"]),
        ("She is blind and has dementia.", ["blind", "dementia"]),
        ("My son is Autistic; I was DISABLED by a stroke.", ["Autistic", "DISABLED", "stroke"]),
        ("hard of  hearing since the\nhospital stay", ["hard of  hearing", "hospital"]),
        ("works at a sheltered workshop", ["sheltered workshop"]),
        # everyday words, not a diagnosis
        ("我眼睛不好，想要一台大字手机。", ["眼睛不好"]),
        ("老人腿脚不便，行动不便多年", ["腿脚不便", "行动不便"]),
        ("I can't walk far and am housebound in winter.", ["can't walk", "housebound"]),
    ],
)
def test_finds_conditions_diagnoses_and_places(text, found):
    assert _words(text) == found
    assert all(f.kind == "health" for f in find_health_terms(text))


@pytest.mark.parametrize(
    "text",
    [
        # the aid a wish is for: its name is what a donor needs
        "助听器电池一年份",
        "轮椅减压坐垫",
        "长期坐轮椅，希望有一个减压坐垫。",
        "助行器，方便去菜场",
        "盲文书籍一套",
        "出门要带盲杖，走盲道",
        "折叠拐杖",
        "放大镜台灯",
        "血压计",
        # ordinary words that hold a stem
        "小区门口的无障碍坡道",
        "电脑中了病毒",
        "精神很好，想学二胡",
        "做上肢康复训练",
        "a wheelchair cushion and hearing aid batteries",
        "window blinds for the kitchen",
        "a walker with wheels",
        # study and household words that hold a stem
        "想练英语听力，需要一台复读机",
        "电饭煲有毛病了",
        "不想盲目买，请社工帮忙挑",
        "奶奶是文盲，想学认字",
        "一盒智力游戏拼图",
        "益智积木",
        "a stroke of luck",
        "sick of the cold flat",
        "",
        None,
    ],
)
def test_aids_and_ordinary_words_are_not_flagged(text):
    assert find_health_terms(text) == []


def test_positions_point_at_the_words():
    text = "老人有高血压"
    [finding] = find_health_terms(text)
    assert text[finding.start : finding.end] == "高血压"


def test_highlight_marks_health_words_apart_from_numbers(app):
    with app.test_request_context(), force_locale("en"):
        marked = str(highlight_pii("<b>有高血压</b> 电话 13812345678"))
    assert marked == (
        '&lt;b&gt;有<mark class="mark-health">高血压<span class="visually-hidden">'
        "(health or disability detail)</span></mark>&lt;/b&gt; 电话 <mark>13812345678</mark>"
    )
