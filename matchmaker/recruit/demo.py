"""Demo catalogues (skills, languages) and about 200 volunteer profiles in every state, who
applied over the past three years (those still waiting for a decision, lately)."""

from datetime import timedelta

from sqlalchemy import insert, select

from ..accounts.models import Role, User
from ..accounts.places import Community
from ..core import availability as av
from ..core.models import Event
from ..core.types import Gender, utcnow
from ..demo import backdate_creation
from ..extensions import db
from .catalogue import Language, Skill
from .models import BackgroundCheck, Volunteer, VolunteerStatus

SKILLS = [
    ("手语", "Sign language"),
    ("盲文", "Braille"),
    ("陪同出行", "Escorting on trips"),
    ("康复训练协助", "Rehabilitation exercise support"),
    ("居家探访陪伴", "Home visits and company"),
    ("课业辅导", "Homework tutoring"),
    ("心理疏导", "Emotional support"),
    ("法律咨询", "Legal advice"),
    ("家电维修", "Appliance repair"),
    ("理发", "Haircuts"),
    ("代购代办", "Shopping and errands"),
    ("手机电脑教学", "Phone and computer lessons"),
    ("文体活动", "Sport and cultural activities"),
    ("无障碍改造咨询", "Accessible home advice"),
    ("就业指导", "Job coaching"),
]
LANGUAGES = [
    ("普通话", "Mandarin"),
    ("杭州话", "Hangzhou dialect"),
    ("粤语", "Cantonese"),
    ("温州话", "Wenzhou dialect"),
    ("手语", "Sign language"),
    ("英语", "English"),
]
EXTRA_VOLUNTEERS = 164  # with the 36 volunteer accounts of accounts/demo.py: 200
STATUS_MIX = (
    [VolunteerStatus.APPROVED] * 14
    + [VolunteerStatus.APPLIED] * 3
    + [VolunteerStatus.MORE_INFO, VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED]
)
#: Days before today a volunteer applied: one still waiting for a decision, or decided on.
WAITING_DAYS, DECIDED_DAYS = (1, 25), (45, 3 * 365)
#: volunteer01 applied long enough ago for the pairing the supervision demo gives them
FIRST_LOGIN_DAYS = (200, 700)
#: Days a reviewer took to decide; days an approved volunteer served before a suspension.
DECISION_DAYS, SUSPENDED_AFTER_DAYS = (1, 14), (20, 400)


def seed(rng) -> str:
    from ..accounts.demo import GIVEN, SURNAMES
    from ..demo import offshoot

    skills = [Skill(name=zh, name_en=en, position=i) for i, (zh, en) in enumerate(SKILLS)]
    languages = [Language(name=zh, name_en=en, position=i) for i, (zh, en) in enumerate(LANGUAGES)]
    db.session.add_all(skills + languages)
    communities = list(db.session.scalars(select(Community)))
    users = list(
        db.session.scalars(
            select(User).where(User.email.like("volunteer%@example.org")).order_by(User.id)
        )
    )
    password_hash = users[0].password_hash if users else None
    for n in range(EXTRA_VOLUNTEERS):
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        user = User(name=name, phone=f"1580000{n:04d}", password_hash=password_hash)
        user.grant(Role.VOLUNTEER)
        users.append(user)
    db.session.add_all(users)

    now = utcnow()
    volunteers = []
    for index, user in enumerate(users):
        # The first demo login stays approved with a passed check, so it can be matched.
        status = VolunteerStatus.APPROVED if index == 0 else rng.choice(STATUS_MIX)
        chosen_languages = [languages[0]] + rng.sample(languages[1:], rng.choice((0, 1, 1, 2)))
        volunteers.append(
            Volunteer(
                user=user,
                community=rng.choice(communities),
                radius_km=rng.choice((2.0, 3.0, 5.0, 5.0, 8.0, 10.0)),
                availability=av.mask_from_slots(rng.sample(range(av.SLOTS), rng.randint(2, 8))),
                gender=rng.choice(list(Gender)),
                capacity=rng.choice((1, 1, 1, 2)),
                privacy_terms_version="2026-11",
                privacy_consented_at=now,
                background_check_consent=True,
                background_check=(
                    BackgroundCheck.PASSED
                    if index == 0 or rng.random() < 0.6
                    else BackgroundCheck.NOT_STARTED
                ),
                status=status,
                status_reason={
                    VolunteerStatus.MORE_INFO: "请补充您可以服务的具体时间段。",
                    VolunteerStatus.REJECTED: "暂不符合本期招募要求。",
                    VolunteerStatus.SUSPENDED: "暂停服务，待督导回访。",
                }.get(status, ""),
                skills=rng.sample(skills, rng.randint(2, 5)),
                languages=chosen_languages,
            )
        )
    db.session.add_all(volunteers)
    db.session.flush()
    events = _history(volunteers, offshoot(rng, "recruit.dates"), now)
    db.session.execute(insert(Event), events)
    return f"{len(skills)} skills, {len(languages)} languages, {len(volunteers)} volunteers"


def _history(volunteers, rng, now) -> list[dict]:
    """Each volunteer's application date (their account's too: both made at sign-up), and
    their history in bulk: applied, then the reviewer's decision."""
    events = []
    for index, volunteer in enumerate(volunteers):
        waiting = volunteer.status in (VolunteerStatus.APPLIED, VolunteerStatus.MORE_INFO)
        days = FIRST_LOGIN_DAYS if index == 0 else WAITING_DAYS if waiting else DECIDED_DAYS
        applied = now - timedelta(
            days=rng.randint(*days), hours=rng.randint(0, 12), minutes=rng.randint(0, 59)
        )
        volunteer.created_at = applied  # consented to the current terms since: now
        volunteer.user.created_at = applied
        steps = {VolunteerStatus.APPLIED: [], VolunteerStatus.SUSPENDED: ["approved", "suspended"]}
        at, previous = applied, None
        for state in ["applied", *steps.get(volunteer.status, [volunteer.status.value])]:
            if previous == "applied":
                at = min(at + timedelta(days=rng.randint(*DECISION_DAYS), hours=2), now)
            elif previous == "approved":
                at = min(at + timedelta(days=rng.randint(*SUSPENDED_AFTER_DAYS)), now)
            reason = "demo data" if state == "applied" else volunteer.status_reason
            events.append(
                {
                    "subject_type": "volunteer",
                    "subject_id": volunteer.id,
                    "from_state": previous,
                    "to_state": state,
                    "reason": "" if state == "approved" else reason,
                    "at": at,
                }
            )
            previous = state
        if volunteer.user.email:  # the 36 logins' creation, recorded by the accounts demo
            backdate_creation("user", volunteer.user_id, applied)
    return events
