"""Demo residents (about 120, over every demo community) and their needs in mixed states."""

from datetime import timedelta

from sqlalchemy import insert, select

from ..accounts.models import Role, User, UserRole
from ..accounts.places import Community
from ..core import availability as av
from ..core.models import Event
from ..core.types import Gender, utcnow
from ..extensions import db
from ..recruit.catalogue import Language, Skill
from .models import (
    DisabilityCategory,
    Need,
    NeedStatus,
    Resident,
    ServiceType,
    Urgency,
)
from .services import id_check_character

RESIDENT_COUNT = 120
#: The demo resident login (accounts/demo.py) is linked to this record.
LINKED_LOGIN = "resident@example.org"
REGION = "330106"  # 西湖区
ROADS = (
    "文三路", "文二路", "文一西路", "学院路", "教工路", "古翠路", "翠苑路", "天目山路",
    "保俶路", "曙光路", "北山路", "玉古路", "莫干山路", "紫荆花路", "益乐路", "灵隐路",
)  # fmt: skip
CATEGORY_WEIGHTS = {
    DisabilityCategory.PHYSICAL: 30,
    DisabilityCategory.VISUAL: 16,
    DisabilityCategory.HEARING: 16,
    DisabilityCategory.INTELLECTUAL: 12,
    DisabilityCategory.PSYCHOSOCIAL: 12,
    DisabilityCategory.SPEECH: 5,
    DisabilityCategory.MULTIPLE: 9,
}
S = ServiceType
SERVICES_BY_CATEGORY = {
    DisabilityCategory.VISUAL: [S.ESCORT, S.ERRANDS, S.DIGITAL_SKILLS, S.HOME_VISIT, S.TUTORING],
    DisabilityCategory.HEARING: [S.COUNSELLING, S.DIGITAL_SKILLS, S.LEGAL, S.RECREATION],
    DisabilityCategory.SPEECH: [S.TUTORING, S.RECREATION, S.DIGITAL_SKILLS],
    DisabilityCategory.PHYSICAL: [S.REHABILITATION, S.ESCORT, S.REPAIRS, S.HAIRCUT, S.ERRANDS],
    DisabilityCategory.INTELLECTUAL: [S.TUTORING, S.RECREATION, S.HOME_VISIT],
    DisabilityCategory.PSYCHOSOCIAL: [S.COUNSELLING, S.HOME_VISIT, S.RECREATION],
    DisabilityCategory.MULTIPLE: [S.HOME_VISIT, S.HAIRCUT, S.ERRANDS, S.REHABILITATION],
}
SKILL_FOR_SERVICE = {
    S.ESCORT: "陪同出行",
    S.HOME_VISIT: "居家探访陪伴",
    S.REHABILITATION: "康复训练协助",
    S.TUTORING: "课业辅导",
    S.COUNSELLING: "心理疏导",
    S.ERRANDS: "代购代办",
    S.DIGITAL_SKILLS: "手机电脑教学",
    S.LEGAL: "法律咨询",
    S.REPAIRS: "家电维修",
    S.HAIRCUT: "理发",
    S.RECREATION: "文体活动",
}
#: Help given in the resident's home (needs a volunteer with a passed background check).
AT_HOME = {S.HOME_VISIT, S.REHABILITATION, S.REPAIRS, S.HAIRCUT}
NOTES = {
    S.ESCORT: [
        "每周二上午陪同去浙江省中医院复诊，需要帮忙挂号、取药。",
        "想去西湖边散步，需要有人陪同过马路、上下台阶。",
        "每月一次陪同去社区卫生服务中心配药。",
    ],
    S.HOME_VISIT: [
        "独居，希望每周有人上门聊聊天，看看身体情况。",
        "家属白天上班，希望下午有人上门陪伴两小时。",
    ],
    S.REHABILITATION: [
        "术后需要在家做下肢康复训练，希望有人协助并记录进展。",
        "脑卒中后遗症，需要协助做手部精细动作练习。",
    ],
    S.TUTORING: [
        "孩子上小学四年级，需要数学和语文作业辅导。",
        "初中生，希望每周两次课业辅导，主要是英语。",
    ],
    S.COUNSELLING: [
        "近期情绪低落，希望有人定期聊天、做心理疏导。",
        "家属照护压力大，希望得到一些心理支持。",
    ],
    S.ERRANDS: [
        "行动不便，需要每周代购一次蔬菜和日用品。",
        "需要帮忙去街道办理残疾人两项补贴年审材料。",
    ],
    S.DIGITAL_SKILLS: [
        "想学会用智能手机视频通话和扫码付款。",
        "想学会用读屏软件上网，听新闻、听书。",
    ],
    S.LEGAL: [
        "房屋租赁合同有纠纷，需要法律咨询。",
        "想咨询残疾人就业权益方面的法律问题。",
    ],
    S.REPAIRS: ["家里洗衣机坏了，需要上门检修。", "电热水器漏水，希望有人上门看看。"],
    S.HAIRCUT: ["长期卧床，需要每月上门理发一次。", "坐轮椅出门不便，希望上门理发。"],
    S.RECREATION: [
        "喜欢下象棋，希望有人陪同参加社区文体活动。",
        "想参加社区合唱队，需要有人陪同参加排练。",
    ],
}
CLOSE_REASONS = ("居民已搬离本区", "家属已自行解决", "居民入住养老机构", "需求已由社区统一安排")
CONSENT_NOTES = ("本人书面同意", "监护人书面同意", "本人口头同意，社工记录")
#: Mostly open, some draft, submitted (waiting for review) and closed.
STATUS_MIX = [NeedStatus.OPEN] * 7 + [NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CLOSED]


def demo_id_number(birth, serial: int, gender: Gender) -> str:
    """A valid-checksum ID number; the 17th digit is odd for men, even for women."""
    sequence = serial * 2 + (1 if gender is Gender.MALE else 0)
    first17 = f"{REGION}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_character(first17)


def seed(rng) -> str:
    from ..accounts.demo import GIVEN, SURNAMES

    communities = list(db.session.scalars(select(Community).order_by(Community.id)))
    if not communities:
        return "0 residents"
    skills = {s.name: s for s in db.session.scalars(select(Skill))}
    languages = {lang.name: lang for lang in db.session.scalars(select(Language))}
    workers = _workers_by_community()
    account = db.session.scalar(select(User).where(User.email == LINKED_LOGIN))
    now = utcnow()
    phones: set[str] = set()

    residents = []
    for index in range(RESIDENT_COUNT):
        community = communities[index % len(communities)]
        linked = index == 0 and account is not None
        gender = Gender.FEMALE if linked else rng.choice(list(Gender))
        name = (
            account.name
            if linked
            else rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        )
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        birth = now.date().replace(year=rng.randint(1938, 2014), month=1, day=1) + timedelta(
            days=rng.randint(0, 364)
        )
        young_or_dependent = birth.year > 2006 or category in (
            DisabilityCategory.INTELLECTUAL,
            DisabilityCategory.PSYCHOSOCIAL,
        )
        created = now - timedelta(days=rng.randint(60, 720))
        residents.append(
            Resident(
                name=name,
                gender=gender,
                birth_year=birth.year,
                id_number=demo_id_number(birth, index, gender),
                disability_category=category,
                disability_grade=rng.randint(1, 4),
                community=community,
                address=_address(rng),
                phone=None if birth.year > 2008 else _phone(rng, phones),
                guardian_name=(name[0] + rng.choice(GIVEN) + rng.choice(GIVEN))
                if young_or_dependent
                else "",
                guardian_phone=_phone(rng, phones) if young_or_dependent else "",
                languages=_languages(rng, languages, category, birth.year),
                consent_note=rng.choice(CONSENT_NOTES),
                consented_at=created,
                user_id=account.id if linked else None,
                created_at=created,
            )
        )
    if account is not None:  # registered saying where they live, like any resident
        account.home_community = residents[0].community
    db.session.add_all(residents)
    db.session.flush()

    needs = []
    for resident in residents:
        for _ in range(rng.choice((1, 1, 2))):
            needs.append(_need(rng, resident, skills, workers, now))
    if account is not None:  # the demo resident has one request waiting for review
        needs[0].status = NeedStatus.OPEN
        needs[0].opened_at = needs[0].created_at + timedelta(days=1)
        needs[0].created_by_id = workers.get(residents[0].community_id)
        needs.append(_need(rng, residents[0], skills, workers, now, NeedStatus.SUBMITTED))
        needs[-1].created_by_id = account.id
    db.session.add_all(needs)
    db.session.flush()
    db.session.execute(insert(Event), _events(rng, residents, needs, workers, account))
    return f"{len(residents)} residents, {len(needs)} needs"


def _workers_by_community() -> dict[int, int]:
    """Community id → the id of a social worker who looks after it."""
    holders = select(UserRole.user_id).where(UserRole.role == Role.SOCIAL_WORKER)
    workers = {}
    for user in db.session.scalars(select(User).where(User.id.in_(holders)).order_by(User.id)):
        for community in user.communities:
            workers.setdefault(community.id, user.id)
    return workers


def _address(rng) -> str:
    return (
        f"{rng.choice(ROADS)} {rng.randint(1, 399)} 号 {rng.randint(1, 12)} 幢 "
        f"{rng.randint(1, 4)} 单元 {rng.randint(1, 7)}0{rng.randint(1, 4)} 室"
    )


def _phone(rng, taken: set[str]) -> str:
    while True:
        phone = rng.choice(("13", "15", "18", "19")) + f"{rng.randrange(10**9):09d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _languages(rng, languages: dict, category, birth_year: int) -> list[Language]:
    names = ["普通话"]
    if birth_year < 1965 and rng.random() < 0.6:
        names.append("杭州话")
    if category is DisabilityCategory.HEARING:
        names.append("手语")
    if rng.random() < 0.08:
        names.append(rng.choice(("粤语", "温州话", "英语")))
    return [languages[n] for n in names if n in languages]


def _need(rng, resident, skills, workers, now, status=None) -> Need:
    service = rng.choice(SERVICES_BY_CATEGORY[resident.disability_category])
    status = status or rng.choice(STATUS_MIX)
    wanted = [SKILL_FOR_SERVICE.get(service)]
    if resident.disability_category is DisabilityCategory.HEARING:
        wanted.append("手语")
    if resident.disability_category is DisabilityCategory.VISUAL and service is S.TUTORING:
        wanted.append("盲文")
    created = now - timedelta(days=rng.randint(3, 90), hours=rng.randint(0, 23))
    day = rng.randrange(av.DAYS)
    slots = {av.slot_index(day, rng.randrange(av.PERIODS))}
    slots.update(rng.sample(range(av.SLOTS), rng.randint(0, 3)))
    return Need(
        resident=resident,
        service_type=service,
        skills=[skills[n] for n in wanted if n in skills],
        availability=av.mask_from_slots(slots),
        urgency=rng.choices(list(Urgency), (7, 2, 1))[0],
        home_visit=service in AT_HOME or rng.random() < 0.1,
        gender_preference=rng.choice((None, None, None, resident.gender)),
        notes=rng.choice(NOTES[service]),
        status=status,
        created_at=created,
        opened_at=created + timedelta(days=1)
        if status in (NeedStatus.OPEN, NeedStatus.CLOSED)
        else None,
        created_by_id=None
        if status is NeedStatus.SUBMITTED
        else workers.get(resident.community_id),
    )


#: Help given week after week, for months (what a volunteer's earlier pairings were for).
RECURRING = (S.ESCORT, S.HOME_VISIT, S.REHABILITATION, S.TUTORING, S.COUNSELLING, S.ERRANDS,
             S.DIGITAL_SKILLS, S.RECREATION)  # fmt: skip


def past_need(rng, resident, volunteer, created, worker_id) -> Need:
    """An earlier request of ``resident`` for help week after week, of a kind ``volunteer``
    has the skill for if any, at the times they came; entered by ``worker_id`` at ``created``,
    met since (closed; not saved yet). A hearing-impaired resident's asks for sign language,
    as every one does."""
    kinds = [s for s in SERVICES_BY_CATEGORY[resident.disability_category] if s in RECURRING]
    skills = {skill.name: skill for skill in db.session.scalars(select(Skill))}
    offered = {skill.name for skill in volunteer.skills}
    service = rng.choice([s for s in kinds if SKILL_FOR_SERVICE[s] in offered] or kinds)
    wanted = [SKILL_FOR_SERVICE[service]]
    if resident.disability_category is DisabilityCategory.HEARING:
        wanted.append("手语")
    return Need(
        resident=resident,
        service_type=service,
        skills=[skills[name] for name in wanted if name in skills],
        availability=volunteer.availability,
        home_visit=service in AT_HOME,
        notes=rng.choice(NOTES[service]),
        status=NeedStatus.CLOSED,
        created_at=created,
        opened_at=created + timedelta(days=1),
        created_by_id=worker_id,
    )


def _events(rng, residents, needs, workers, account) -> list[dict]:
    """Each record's history in bulk: creation, then any later steps."""
    now = utcnow()

    def event(subject, from_state, to_state, at, actor, reason):
        return {
            "subject_type": type(subject).__tablename__,
            "subject_id": subject.id,
            "from_state": from_state,
            "to_state": to_state,
            "actor_id": actor,
            "reason": reason,
            "at": at,
        }

    rows = []
    for resident in residents:
        worker = workers.get(resident.community_id)
        rows.append(event(resident, None, "active", resident.created_at, worker, "demo data"))
        if resident.user_id is not None:
            rows.append(
                event(
                    resident,
                    "active",
                    "active",
                    resident.created_at + timedelta(days=1),
                    worker,
                    f"linked to account {resident.user_id}",
                )
            )
    for need in needs:
        worker = workers.get(need.resident.community_id)
        if need.status is NeedStatus.SUBMITTED:
            actor = account.id if need.created_by_id and account else None
            rows.append(event(need, None, "submitted", need.created_at, actor, "demo data"))
            continue
        first = "draft" if need.status is NeedStatus.DRAFT else "open"
        rows.append(event(need, None, first, need.created_at, worker, "demo data"))
        if need.status is NeedStatus.CLOSED:
            closed_at = min(need.opened_at + timedelta(days=rng.randint(2, 20)), now)
            rows.append(event(need, "open", "closed", closed_at, worker, rng.choice(CLOSE_REASONS)))
    return rows
