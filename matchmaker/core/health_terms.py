"""Find words about a person's health or disability in free text the public will read.

A published wish's story sits next to the resident's masked name and street (DESIGN §5);
"有高血压" or "在庇护工场上班" there tells anyone who knows the street more than the resident
may have meant to share (§8). The reviewing social worker sees each such word marked and a
warning — not a block: a story may need the context, and the resident may have agreed.

The rule: flag conditions, diagnoses, impairments, treatments and the places that reveal them;
do not flag aids (轮椅, 助听器, 助行器, 拐杖, 盲文, 放大镜, wheelchair, hearing aid …). The
wished-for item itself is often an aid, a donor needs its name to buy the right one, and the
title already says it; flagging every aid would bury the warnings that matter.
"""

import re

from .pii import Finding

#: Chinese words and stems, matched anywhere (Chinese has no spaces between words). A short
#: stem (盲, 瘫, 聋, 病, 症, 癌, 障碍) catches its compounds (盲人, 偏瘫, 耳聋, 抑郁症 …); where a
#: stem is also part of an ordinary word, that word is in NOT_HEALTH below. Not bare 精神
#: ("精神很好" is "in good spirits") nor 康复 (a wish category shown on every such wish).
HEALTH_TERMS_ZH = (
    # disability in general
    "残疾", "残障", "伤残", "肢残", "智残", "精残", "视残", "听残", "言语残",
    # sight
    "盲", "失明", "视力", "视障", "弱视", "看不见", "看不清", "眼疾", "白内障", "青光眼",
    # hearing and speech
    "聋", "听力", "听障", "耳背", "失聪", "听不见", "听不清", "哑巴", "失语",
    # body and movement
    "瘫", "截肢", "肢体", "小儿麻痹", "脊髓损伤", "骨折", "卧床", "褥疮", "压疮", "失禁",
    # mind, learning, development
    "精神病", "精神科", "精神分裂", "精神障碍", "抑郁", "抑郁症", "焦虑症", "躁郁", "双相",
    "自闭", "自闭症", "孤独症", "多动症", "智力", "智障", "弱智", "认知", "障碍", "唐氏",
    "痴呆", "阿尔茨海默",
    # illness and treatment
    "病", "症", "后遗症", "癌", "癌症", "肿瘤", "高血压", "低血压", "糖尿", "中风", "脑梗",
    "脑出血", "卒中", "帕金森", "癫痫", "住院", "出院", "医院", "医生", "复诊", "手术", "术后",
    "化疗", "透析",
    # everyday ways of saying it: a resident writes "我眼睛不好" rather than a diagnosis
    "眼睛不好", "眼睛不太好", "眼神不好", "耳朵不好", "耳朵不太好", "腿脚不好", "腿脚不便",
    "腿不好", "行动不便", "走路不便", "走不了路", "下不了床", "身体不好",
    # places and services that reveal a disability
    "庇护工场", "庇护工厂", "特殊教育", "特教", "培智",
)  # fmt: skip

#: English words, matched as whole words, any case; a trailing * allows any ending
#: (disab* → disabled, disability). Spaces match any run of whitespace.
HEALTH_TERMS_EN = (
    "disab*", "handicap*", "impair*",
    "blind", "blindness", "partially sighted", "sight loss", "eyesight", "low vision",
    "deaf*", "hard of hearing", "hearing loss",
    "paralys*", "paralyz*", "paraplegi*", "quadriplegi*", "tetraplegi*", "amputat*", "amputee*",
    "cerebral palsy", "spinal injur*", "bedridden", "bedbound", "bedsore*", "pressure sore*",
    "incontinen*",
    "mental health", "mental illness", "psychiatr*", "schizophreni*", "bipolar", "depress*",
    "anxiety", "autis*", "asperger*", "ADHD", "dyslexi*", "learning difficult*",
    "intellectual*", "cognitive", "down syndrome", "down's syndrome", "dementia", "alzheimer*",
    "illness*", "ill health", "disease*", "sick*", "diagnos*", "chronic", "cancer*", "tumour*",
    "tumor*", "diabet*", "hypertension", "high blood pressure", "stroke", "parkinson*",
    "epilep*", "hospital*", "surgery", "chemotherapy", "dialysis", "doctor*",
    "poor sight", "can't walk", "cannot walk", "unable to walk", "housebound",
    "sheltered workshop*", "special school*", "special needs", "special education",
)  # fmt: skip

#: Ordinary words and aids that contain a stem above, so are not flagged: 盲文 (braille) is an
#: aid, 无障碍 is accessibility, 病毒 a computer virus.
NOT_HEALTH = (
    "盲文", "盲杖", "盲道", "无障碍", "障碍物", "病毒", "中风险", "对症下药", "肢体语言",
    "盲目", "文盲", "扫盲", "毛病", "病句", "听力练习", "英语听力", "听力材料", "智力游戏", "益智",
    "stroke of luck", "sick of", "sick and tired",
)  # fmt: skip


def _english(term: str) -> str:
    stem = term.removesuffix("*")
    pattern = r"\s+".join(re.escape(word) for word in stem.split())
    return pattern + (r"[A-Za-z']*" if term.endswith("*") else "")


def _alternation(patterns) -> str:
    # Longest first: at one position, 精神分裂 wins over a shorter stem, 盲文 over 盲.
    return "|".join(sorted(patterns, key=len, reverse=True))


_ZH = [re.escape(t) for t in HEALTH_TERMS_ZH]
_EXCLUDED = [re.escape(t) for t in NOT_HEALTH]
_EN = [_english(t) for t in HEALTH_TERMS_EN]
#: One scan, leftmost match first: an excluded word starting earlier swallows a stem inside it.
_PATTERN = re.compile(
    rf"(?P<skip>{_alternation(_EXCLUDED)})"
    rf"|(?P<zh>{_alternation(_ZH)})"
    rf"|(?<![A-Za-z])(?P<en>{_alternation(_EN)})(?![A-Za-z])",
    re.IGNORECASE,
)


def find_health_terms(text: str) -> list[Finding]:
    """Health and disability words in ``text``, in order, as findings of kind "health"."""
    return [
        Finding("health", m.start(), m.end(), m.group())
        for m in _PATTERN.finditer(text or "")
        if m.lastgroup != "skip"
    ]
