"""Why a volunteer was proposed, in words (DESIGN §4): e.g. "同社区，距离 1.2 km，掌握所需技能 2/2".

:func:`pair_facts` reads the plain facts of a pair from the records (distance, skills
covered, shared slots); :func:`explain` words each feature of a proposal, strongest
contribution first. Without the records it words what the features alone say (a share of
skills rather than "2/2", proximity rather than km). Chinese for any ``zh*`` locale,
English otherwise. Free of Flask: the web layer passes the locale in.
"""

import math
from dataclasses import dataclass

from matchmaker.core import availability
from matchmaker.match.features import (
    EXPERIENCE_FULL_HOURS,
    FEATURES,
    NEARNESS_ZERO_KM,
    WAITING_FULL_DAYS,
)
from matchmaker.match.geo import haversine_km
from matchmaker.match.records import NeedRecord, Proposal, VolunteerRecord

#: always worded, even at 0: the facts a social worker checks first
_ALWAYS = ("skill_coverage", "availability_overlap", "proximity")
_DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PairFacts:
    distance_km: float
    skills_covered: int
    skills_required: int
    #: availability mask of the slots both are free
    shared_slots: int
    #: the resident lists languages (else "language match" says nothing)
    resident_languages: bool
    verified_hours: float
    mean_rating: float
    courses_done: int
    courses_required: int
    waiting_days: float
    urgency: int


def pair_facts(need: NeedRecord, volunteer: VolunteerRecord) -> PairFacts:
    """The facts behind a pair's features, independent of any proposal or scorer."""
    return PairFacts(
        distance_km=haversine_km(need.lat, need.lon, volunteer.lat, volunteer.lon),
        skills_covered=len(need.skills & volunteer.skills),
        skills_required=len(need.skills),
        shared_slots=availability.overlap(need.availability, volunteer.availability),
        resident_languages=bool(need.languages),
        verified_hours=volunteer.verified_hours,
        mean_rating=volunteer.mean_rating,
        courses_done=len(need.courses & volunteer.courses_done),
        courses_required=len(need.courses),
        waiting_days=need.waiting_days,
        urgency=need.urgency,
    )


def describe_en(mask: int) -> str:
    """E.g. "Tuesday morning and Thursday morning" (the English of ``describe_zh``)."""
    names = [
        f"{_DAY_NAMES_EN[day]} {availability.PERIOD_KEYS[period]}"
        for day, period in map(availability.day_and_period, availability.slots_from_mask(mask))
    ]
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""


def explain(
    proposal: Proposal,
    *,
    locale: str = "zh_CN",
    need: NeedRecord | None = None,
    volunteer: VolunteerRecord | None = None,
) -> str:
    """The proposal's reasons, strongest contribution first, as one line.

    A feature is worded when its value is above 0 (the skills, shared time and distance
    always are). Pass the need and volunteer records for distances, counts and day names.
    """
    zh = locale.lower().startswith("zh")
    facts = pair_facts(need, volunteer) if need is not None and volunteer is not None else None
    order = sorted(
        FEATURES, key=lambda name: (-proposal.contributions.get(name, 0.0), FEATURES.index(name))
    )
    words = [
        phrase
        for name in order
        if (value := proposal.features.get(name, 0.0)) > 0 or name in _ALWAYS
        if (phrase := feature_phrase(name, value, facts, zh=zh))
    ]
    text = ("，" if zh else ", ").join(words)
    return text if zh else text[:1].upper() + text[1:]


def feature_phrase(name: str, value: float, facts: PairFacts | None, *, zh: bool) -> str:
    """Words for one feature's value ("" when it has nothing to say)."""
    pct = round(100 * value)
    if name == "skill_coverage":
        if facts:
            c, r = facts.skills_covered, facts.skills_required
            return f"掌握所需技能 {c}/{r}" if zh else f"has {c}/{r} of the skills needed"
        return f"掌握所需技能 {pct}%" if zh else f"has {pct}% of the skills needed"
    if name == "availability_overlap":
        if facts:
            if not facts.shared_slots:
                return "没有共同空闲时间" if zh else "no shared free time"
            if zh:
                many = availability.count(facts.shared_slots) > 1
                return availability.describe_zh(facts.shared_slots) + ("均有空" if many else "有空")
            return f"both free {describe_en(facts.shared_slots)}"
        return f"共同空闲时间 {pct}%" if zh else f"free at {pct}% of the times needed"
    if name == "proximity":
        if facts:
            return f"距离 {facts.distance_km:.1f} km" if zh else f"{facts.distance_km:.1f} km away"
        return f"就近程度 {pct}%" if zh else f"proximity {pct}%"
    if name == "same_community":
        return "同社区" if zh else "same community"
    if name == "language_match":
        if facts and not facts.resident_languages:
            return ""
        return "语言相通" if zh else "speaks the resident's language"
    if name == "experience":
        hours = (
            facts.verified_hours if facts else math.expm1(value * math.log1p(EXPERIENCE_FULL_HOURS))
        )
        return f"已服务 {hours:.0f} 小时" if zh else f"{hours:.0f} verified hours"
    if name == "past_rating":
        rating = facts.mean_rating if facts else value * 5
        return f"平均评分 {rating:.1f}/5" if zh else f"rated {rating:.1f}/5"
    if name == "category_success":
        return (
            f"以往服务同类残疾人的结对 {pct}% 持续 90 天以上"
            if zh
            else f"{pct}% of past pairings with this disability lasted 90 days"
        )
    if name == "training_done":
        if facts:
            if not facts.courses_required:
                return ""  # nothing required: nothing worth saying
            d, r = facts.courses_done, facts.courses_required
            return f"已完成所需培训 {d}/{r}" if zh else f"has done {d}/{r} of the required courses"
        return f"已完成所需培训 {pct}%" if zh else f"{pct}% of the training done"
    if name == "waiting_time":
        days = facts.waiting_days if facts else value * WAITING_FULL_DAYS
        return f"需求已等待 {days:.0f} 天" if zh else f"waiting {days:.0f} days"
    if name == "urgency":
        level = facts.urgency if facts else round(value * 2)
        if zh:
            return "紧急" if level >= 2 else "较急"
        return "urgent" if level >= 2 else "high urgency"
    if name == "interest":
        return "志愿者主动报名此需求" if zh else "offered to help with this need"
    if name == "nearness":
        if facts:
            return ""  # proximity already says how many km: once is enough
        km = (1 - value) * NEARNESS_ZERO_KM
        return f"路程约 {km:.1f} km" if zh else f"a trip of about {km:.1f} km"
    if name == "novice_on_urgent":
        return "新志愿者承接紧急需求" if zh else "a new volunteer on an urgent need"
    return ""
