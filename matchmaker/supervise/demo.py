"""Demo supervision: visit logs (verified and waiting), ratings, reviews done and overdue,
an open incident, a pairing paused at a review and an ended pairing (the pairings that ended
before them: ``demo_history``).

Each pairing in progress has gone on for a couple of months to about a year (never from
before its volunteer was approved): a visit of one to three hours most weeks, verified, the
last weeks' logged through the site."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update

from ..accounts.models import Role, User
from ..core.events import record_creation, transition
from ..core.i18n import local_zone
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

#: How long ago a pairing became active (days), as far as its volunteer's approval allows;
#: volunteer01's, the README's journey, 70 days.
ACTIVE_DAYS = (90, 120, 150, 180, 210, 240, 270, 300, 365, 420)
FIRST_LOGIN_DAYS = 70
#: Days from a volunteer's approval to their pairing's confirmation, at the least.
MATCHED_AFTER_DAYS = 7
#: Days between two earlier visits (mostly a week), a visit's minutes, and the share of
#: visits that did not happen (holidays, illness).
CADENCE_DAYS = (7, 7, 7, 14)
VISIT_MINUTES = (60, 90, 120, 120, 150, 180)
SKIPPED = 0.15
ACTIVITIES = (Activity.VISIT, Activity.ESCORT, Activity.ERRANDS, Activity.COUNSELLING)
DETAILS = ("聊天、读报", "陪同去医院复诊", "代买菜和药", "一起散步")
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
    """Active since ``days`` ago, confirmed five days before: its need, and their history,
    from before then."""
    pairing.activated_at = now - timedelta(days=days)
    pairing.confirmed_at = pairing.activated_at - timedelta(days=5)
    need = pairing.need
    if need.created_at > pairing.confirmed_at - timedelta(days=3):
        need.created_at = pairing.confirmed_at - timedelta(days=7 + pairing.id % 30)
        need.opened_at = need.created_at + timedelta(days=1)
    moved = {
        ("need", need.id, "matched"): pairing.confirmed_at,
        ("pairing", pairing.id, PairingStatus.CONFIRMED.value): pairing.confirmed_at,
        ("pairing", pairing.id, PairingStatus.ACTIVE.value): pairing.activated_at,
    }
    for (subject_type, subject_id, state), at in moved.items():
        db.session.execute(
            update(Event)
            .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
            .where(Event.to_state == state)
            .values(at=at)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(  # the need's creation
        update(Event)
        .where(Event.subject_type == "need", Event.subject_id == need.id)
        .where(Event.from_state.is_(None))
        .values(at=need.created_at)
        .execution_options(synchronize_session=False)
    )


def _days_active(pairing: Pairing, rng, now: datetime) -> int:
    """How long ago the pairing became active: never before its volunteer was approved."""
    approved = db.session.scalar(
        select(Event.at)
        .where(Event.subject_type == "volunteer", Event.subject_id == pairing.volunteer_id)
        .where(Event.to_state == VolunteerStatus.APPROVED.value)
        .order_by(Event.at)
    )
    days = rng.choice(ACTIVE_DAYS)
    if approved is not None:
        days = min(days, (now - approved).days - MATCHED_AFTER_DAYS - 5)
    return max(days, 28)


def _earlier_visits(pairing: Pairing, worker: User, until: date, rng) -> int:
    """Verified visits from the pairing's first active day up to ``until`` (exclusive): most
    weeks, one to three hours, at most one a day for the volunteer, some rated."""
    day = local_date(pairing.activated_at) + timedelta(days=rng.randint(1, 6))
    taken = days_taken(pairing.volunteer_id)
    cadence = rng.choice(CADENCE_DAYS)
    rows = []
    while day < until:
        if day not in taken and rng.random() >= SKIPPED:
            rows.append(verified_visit(pairing, worker, day, VISIT_MINUTES, rng))
            taken.add(day)
        day += timedelta(days=cadence + rng.choice((-1, 0, 0, 1)))
    save_visits(rows)
    return len(rows)


def days_taken(volunteer_id: int) -> set[date]:
    """The days the volunteer has a visit on already (a volunteer visits once a day)."""
    return set(
        db.session.scalars(
            select(ServiceLog.service_date).where(ServiceLog.volunteer_id == volunteer_id)
        )
    )


def verified_visit(pairing: Pairing, worker: User, day: date, lengths, rng) -> dict:
    """A visit on ``day`` of one of ``lengths`` minutes, logged that evening and verified by
    ``worker`` within the week, most rated by the resident (or for them): its log's values."""
    start = time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30)))
    minutes = rng.choice(lengths)
    end = (datetime.combine(day, start) + timedelta(minutes=minutes)).time()
    logged = datetime.combine(day, end, tzinfo=local_zone()) + timedelta(hours=3)
    verified = logged + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
    rated = rng.random() < 0.6
    rater = pairing.need.resident.user or worker
    return {
        "pairing_id": pairing.id,
        "volunteer_id": pairing.volunteer_id,
        "service_date": day,
        "start_time": start,
        "end_time": end,
        "minutes": minutes,
        "activity": rng.choice(ACTIVITIES),
        "activity_detail": rng.choice(DETAILS),
        "notes": "",
        "status": LogStatus.VERIFIED,
        "created_at": logged,
        "verified_by_id": worker.id,
        "verified_at": verified,
        "rating": rng.choice((4, 5, 5)) if rated else None,
        "rated_by_id": rater.id if rated else None,
        "rated_at": verified if rated else None,
        # who logged it, for its history
        "by": pairing.volunteer.user_id,
    }


def save_visits(rows: list[dict]) -> None:
    """Save verified visits and their history in bulk: logged by the volunteer, verified."""
    if not rows:
        return
    before = db.session.scalar(select(func.max(ServiceLog.id))) or 0
    db.session.execute(
        insert(ServiceLog), [{k: v for k, v in r.items() if k != "by"} for r in rows]
    )
    # a volunteer's visits are one a day: their day names the log (faster than RETURNING)
    found = select(ServiceLog.volunteer_id, ServiceLog.service_date, ServiceLog.id)
    ids = {(v, day): i for v, day, i in db.session.execute(found.where(ServiceLog.id > before))}
    events = []
    for row in rows:
        log_id = ids[row["volunteer_id"], row["service_date"]]
        events.append(
            {
                "subject_type": "service_log",
                "subject_id": log_id,
                "from_state": None,
                "to_state": LogStatus.SUBMITTED.value,
                "actor_id": row["by"],
                "reason": "logged",
                "at": row["created_at"],
            }
        )
        events.append(
            {
                "subject_type": "service_log",
                "subject_id": log_id,
                "from_state": LogStatus.SUBMITTED.value,
                "to_state": LogStatus.VERIFIED.value,
                "actor_id": row["verified_by_id"],
                "reason": "verified",
                "at": row["verified_at"],
            }
        )
    db.session.execute(insert(Event.__table__), events)  # plain rows: no ORM bookkeeping


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
            activity_detail=rng.choice(DETAILS),
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
    rest = [p for p in active if p not in first]
    logs = 0
    for pairing in first + rest:
        days = FIRST_LOGIN_DAYS if pairing in first else _days_active(pairing, rng, now)
        _backdate(pairing, days, now)
        worker = _staff_for(pairing)
        # the last weeks' visits through the site (the latest waits); those before, verified
        weeks = min(rng.choice((4, 6, 8)), (days + 3) // 7)
        logs += _earlier_visits(pairing, worker, today - timedelta(days=7 * weeks - 3), rng)
        logs += _weekly_visits(pairing, worker, now, rng, weeks=weeks)
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
