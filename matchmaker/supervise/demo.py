"""Demo supervision: visit logs (verified and waiting), ratings, reviews done and overdue,
an open incident, a pairing paused at a review and an ended pairing. Some volunteers get
long verified histories so that the reward demo has one at each star level."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from ..accounts.models import Role, User
from ..core.events import record_creation, transition
from ..core.models import Event
from ..core.types import utcnow
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..match.withdrawals import withdraw_open_proposals, withdraw_volunteer_proposals
from ..recruit.catalogue import Skill
from ..recruit.models import Volunteer, VolunteerStatus
from ..registry.demo import LINKED_LOGIN, _workers_by_community
from ..registry.models import Need, NeedStatus, Resident, ServiceType
from ..train.services import missing_courses
from .ending import end_pairing
from .incidents import report_incident
from .logs import LogRefused, LogValues, create_log, rate_log, verify_log
from .models import Activity, LogStatus, Outcome, ServiceLog
from .pairings import local_date
from .review_schedule import mark_overdue_reviews, schedule_reviews
from .reviews import record_review

#: Verified hours given to five volunteers: just past 一星 … 五星 (6-hour days).
STAR_HOURS = (102, 306, 606, 1008, 1506)
ACTIVITIES = (Activity.VISIT, Activity.ESCORT, Activity.ERRANDS, Activity.COUNSELLING)
FIRST_LOGIN = "volunteer01@example.org"


def _staff_for(pairing: Pairing) -> User:
    community_id = pairing.need.resident.community_id
    for user in db.session.scalars(select(User).order_by(User.id)):
        if user.has_role(Role.SOCIAL_WORKER) and community_id in {c.id for c in user.communities}:
            return user
    return db.session.scalar(select(User).where(User.email == "admin@example.org"))


def _pair_first_login(now: datetime) -> None:
    """Make sure volunteer01 has an active pairing (the README's demo journey starts there)."""
    volunteer = db.session.scalar(
        select(Volunteer).join(Volunteer.user).where(User.email == FIRST_LOGIN)
    )
    if volunteer is None or volunteer.status is not VolunteerStatus.APPROVED:
        return
    mine = select(Pairing).where(Pairing.volunteer_id == volunteer.id)
    if db.session.scalar(mine.where(Pairing.status == PairingStatus.ACTIVE)):
        return
    # The training demo leaves volunteer01 a pairing waiting for a course: a second place
    # lets the same login show both a pairing in progress and one waiting.
    volunteer.capacity = max(volunteer.capacity, volunteer.open_pairings + 1)
    # The training gate holds in the demo too: a need this volunteer is trained for, best the
    # demo resident's, so both first-login accounts see the pairing in progress.
    open_needs = db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    )
    with db.session.no_autoflush:  # the resident's new request is not saved unless paired
        asked = _ask_for_demo_resident(volunteer, now)
        candidates = [asked[0] if asked else None, *open_needs]
        need = next((n for n in candidates if n and not missing_courses(volunteer, n)), None)
    if asked and need is asked[0]:
        record_creation(need, by=asked[1], why="demo data")
    elif asked:
        asked[0].resident.needs.remove(asked[0])
    if need is None:
        return
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    transition(need, NeedStatus.MATCHED, by=admin, why="demo pairing")
    # as confirming a proposal would: none stays waiting for the need now paired, nor for
    # the volunteer, now at capacity
    withdraw_open_proposals([need.id], by=admin, why="demo pairing", leave_decided=True)
    withdraw_volunteer_proposals(volunteer.id, by=admin, why="demo pairing")
    db.session.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer.id)
        .values(open_pairings=Volunteer.open_pairings + 1)
        .execution_options(synchronize_session=False)
    )
    pairing = Pairing(need_id=need.id, volunteer_id=volunteer.id)
    db.session.add(pairing)
    db.session.flush()
    record_creation(pairing, by=admin, why="demo pairing")
    transition(pairing, PairingStatus.ACTIVE, by=admin, why="training complete")
    pairing.activated_at = now


def _ask_for_demo_resident(volunteer: Volunteer, now: datetime) -> tuple[Need, User | None] | None:
    """A second request of the demo resident (their first waits for its volunteer's training),
    entered by their social worker, for volunteer01: resident@example.org then has visits to
    rate, the latest one still waiting for their rating (``_weekly_visits``). Not saved yet:
    (the need, the social worker who enters it)."""
    resident = db.session.scalar(
        select(Resident).join(Resident.user).where(User.email == LINKED_LOGIN)
    )
    if resident is None:
        return None
    worker_id = _workers_by_community().get(resident.community_id)
    worker = db.session.get(User, worker_id) if worker_id else None
    skills = list(db.session.scalars(select(Skill).where(Skill.name == "手机电脑教学")))
    need = Need(
        resident=resident,
        service_type=ServiceType.DIGITAL_SKILLS,
        skills=skills,
        availability=volunteer.availability,
        notes="想学会用智能手机视频通话和扫码付款。",
        status=NeedStatus.OPEN,
        created_at=now - timedelta(days=80),
        opened_at=now - timedelta(days=79),
        created_by_id=worker_id,
    )
    return need, worker


def _backdate(pairing: Pairing, days: int, now: datetime) -> None:
    pairing.activated_at = now - timedelta(days=days)
    pairing.confirmed_at = pairing.activated_at - timedelta(days=5)


def _long_history(pairing: Pairing, hours: int, worker: User, today: date) -> int:
    """Verified 6-hour days going back from last week (entered from the paper logbook)."""
    days = -(-hours // 6)
    _backdate(pairing, days + 10, datetime.combine(today, time(12), tzinfo=utcnow().tzinfo))
    rows = []
    for n in range(days):
        rows.append(
            ServiceLog(
                pairing_id=pairing.id,
                volunteer_id=pairing.volunteer_id,
                service_date=today - timedelta(days=7 + n),
                start_time=time(8, 0),
                end_time=time(14, 0),
                minutes=360,
                activity=ACTIVITIES[n % len(ACTIVITIES)],
                notes="",
                status=LogStatus.VERIFIED,
                verified_by_id=worker.id,
                verified_at=utcnow(),
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    db.session.add_all(
        Event(
            subject_type="service_log",
            subject_id=row.id,
            to_state="verified",
            actor_id=worker.id,
            reason="demo: entered from the paper logbook",
        )
        for row in rows
    )
    return days


def _weekly_visits(pairing: Pairing, worker: User, now: datetime, rng, weeks: int) -> int:
    """A visit a week; all verified but the latest, which waits; most rated."""
    today = local_date(now)
    resident_user = pairing.need.resident.user
    logged = 0
    for week in range(weeks, 0, -1):
        start = time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30)))
        end = time(start.hour + rng.choice((1, 2, 2, 3)), start.minute)
        values = LogValues(
            today - timedelta(days=7 * week - 4),
            start,
            end,
            rng.choice(ACTIVITIES),
            activity_detail=rng.choice(("聊天、读报", "陪同去医院复诊", "代买菜和药", "一起散步")),
        )
        try:
            log = create_log(pairing, values, by=pairing.volunteer.user, now=now)
        except LogRefused:  # the volunteer's other pairing had a visit then
            continue
        logged += 1
        if week > 1:
            verify_log(log, by=worker, now=now)
        # the demo resident rates their own visits: the latest waits for them
        if rng.random() < 0.7 and not (week == 1 and resident_user):
            rate_log(log, rng.choice((4, 5, 5)), by=resident_user or worker, now=now)
    return logged


def seed(rng) -> str:
    now = utcnow()
    today = local_date(now)
    _pair_first_login(now)
    active = list(
        db.session.scalars(
            select(Pairing).where(Pairing.status == PairingStatus.ACTIVE).order_by(Pairing.id)
        )
    )
    first = [p for p in active if p.volunteer.user.email == FIRST_LOGIN]
    others = [p for p in active if p not in first]
    stars, rest = others[: len(STAR_HOURS)], others[len(STAR_HOURS) :]
    logs = 0
    for pairing, hours in zip(stars, STAR_HOURS, strict=False):
        logs += _long_history(pairing, hours, _staff_for(pairing), today)
    for pairing in first + rest:
        _backdate(pairing, 70, now)
        logs += _weekly_visits(pairing, _staff_for(pairing), now, rng, weeks=rng.choice((4, 6, 8)))
    db.session.flush()
    schedule_reviews(now)
    reviewed = 0
    for pairing in (first + rest)[::2]:
        record_review(
            pairing,
            by=_staff_for(pairing),
            satisfaction=5,
            risks="",
            actions="继续每周探访",
            outcome=Outcome.CONTINUE,
            now=now - timedelta(days=10),
        )
        reviewed += 1
    schedule_reviews(now)
    overdue = mark_overdue_reviews(now)
    notes = []
    if len(rest) >= 2:
        incident_pairing, ending = rest[-1], rest[-2]
        report_incident(
            incident_pairing,
            by=incident_pairing.volunteer.user,
            description="上门时居民情绪激动，拒绝开门，需要社工了解情况。",
            now=now,
        )
        end_pairing(ending, by=_staff_for(ending), reason="居民搬离本区", now=now)
        notes = ["1 open incident", "1 pairing ended"]
    if len(rest) >= 3:
        paused = rest[-3]
        record_review(
            paused,
            by=_staff_for(paused),
            satisfaction=3,
            risks="居民近期住院，暂不方便探访。",
            actions="出院后联系居民家属，再决定是否恢复。",
            outcome=Outcome.PAUSE,
            now=now,
        )
        notes.append("1 pairing paused")
    db.session.flush()
    return ", ".join(
        [f"{logs} visit logs", f"{reviewed} reviews done", f"{overdue} overdue", *notes]
    )
