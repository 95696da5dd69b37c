"""Demo supervision before the pairings in progress: earlier pairings, ended with their needs
met, and the visits verified while they ran (a step of its own, after ``supervise.demo``).

Some forty volunteers served residents one pairing after another since they were approved,
most for a few months, the longest-approved for up to three years and some two or more
residents at a time, each visited weekly at most. So verified hours have a long tail — most
under a hundred, a few hundred for some, 四星 for the most devoted — and no one holds much of
the total (DESIGN §3 step 5)."""

from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, insert, select

from ..accounts.models import User
from ..core.models import Event
from ..core.types import utcnow
from ..demo import backdate_creation
from ..extensions import db
from ..match.models import Pairing, PairingStatus
from ..recruit.models import BackgroundCheck, Volunteer, VolunteerStatus
from ..registry.demo import _workers_by_community
from ..registry.models import DisabilityCategory, Need, NeedStatus, Resident, ResidentStatus
from .demo import (
    CADENCE_DAYS,
    FIRST_LOGIN,
    MATCHED_AFTER_DAYS,
    SKIPPED,
    VISIT_MINUTES,
    days_taken,
    save_visits,
    verified_visit,
)
from .pairings import local_date


class Career(NamedTuple):
    """How some volunteers served before the pairings in progress."""

    #: how many volunteers served so
    count: int
    #: residents they visited at once, each in a pairing after another
    at_once: int
    #: a visit's minutes, days between two visits, and the share of visits that did not happen
    minutes: tuple[int, ...]
    cadences: tuple[int, ...]
    skipped: float
    #: the share of the days from their approval to lately that they served
    share: float


#: A long visit: an escort to hospital and back, an afternoon of rehabilitation exercises.
LONG_VISIT_MINUTES = (150, 180, 180)
#: The longest-approved volunteers first: the most devoted visits four residents a week since
#: they joined three years ago (四星), the next two residents each (三星), then two or one.
CAREERS = (
    Career(1, 4, LONG_VISIT_MINUTES, (7,), 0.08, 1.0),
    Career(2, 2, LONG_VISIT_MINUTES, (7,), 0.08, 1.0),
    Career(6, 2, VISIT_MINUTES, CADENCE_DAYS, SKIPPED, 1.0),
    Career(12, 1, VISIT_MINUTES, CADENCE_DAYS, SKIPPED, 0.9),
)
#: Some of the volunteers approved since, who served a resident or two for a few months.
SHORT_CAREER = Career(16, 1, VISIT_MINUTES, CADENCE_DAYS, SKIPPED, 0.3)
#: Days (least, most) an earlier pairing lasted, between two of a volunteer's in one place,
#: and before now that the last of them ended.
PAST_PAIRING_DAYS, PAST_GAP_DAYS, PAST_UNTIL_DAYS = (120, 600), (14, 60), (10, 90)
#: Why an earlier pairing ended, its need met.
PAST_END_REASONS = (
    "服务目标已达成",
    "居民家属已能照护",
    "居民已能自理，不再需要探访",
    "居民改由社区日间照料中心服务",
)


def seed(rng) -> str:
    """Earlier pairings, ended with their needs met, and the visits verified while they ran:
    volunteers who served before the pairings in progress, the longest-approved the most.
    Their records and histories are written in bulk, dated when each step happened."""
    from ..demo import offshoot

    rng = offshoot(rng, "supervise.history")
    now = utcnow()
    approved = dict(
        db.session.execute(
            select(Event.subject_id, func.min(Event.at))
            .where(Event.subject_type == "volunteer")
            .where(Event.to_state == VolunteerStatus.APPROVED.value)
            .group_by(Event.subject_id)
        ).all()
    )
    candidates = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.status == VolunteerStatus.APPROVED)
        .where(Volunteer.background_check == BackgroundCheck.PASSED)
        .order_by(Volunteer.id)
    )
    candidates = sorted(
        (v for v in candidates if v.id in approved and v.user.email != FIRST_LOGIN),
        key=lambda v: approved[v.id],
    )
    plan = [career for career in CAREERS for _ in range(career.count)]
    newer = candidates[len(plan) :]
    chosen = candidates[: len(plan)] + rng.sample(newer, min(SHORT_CAREER.count, len(newer)))
    plan += [SHORT_CAREER] * (len(chosen) - len(plan))
    paired_since = dict(
        db.session.execute(
            select(Pairing.volunteer_id, func.min(Pairing.confirmed_at)).group_by(
                Pairing.volunteer_id
            )
        ).all()
    )
    residents = _ResidentsToServe()
    made = []
    with db.session.no_autoflush:  # saved together below
        for volunteer, career in zip(chosen, plan, strict=True):
            # who visited several residents at once offers as many places still
            volunteer.capacity = max(volunteer.capacity, career.at_once)
            since = approved[volunteer.id] + timedelta(days=MATCHED_AFTER_DAYS)
            until = now - timedelta(days=rng.randint(*PAST_UNTIL_DAYS))
            bound = paired_since.get(volunteer.id)
            bound = bound and bound - timedelta(days=rng.randint(*PAST_GAP_DAYS))
            for confirmed, ended in _spans(since, until, bound, career, rng):
                resident = residents.pick(volunteer, rng)
                if resident is None:
                    break
                worker = residents.worker(resident)
                pairing = _past_pairing(volunteer, resident, worker, confirmed, ended, rng)
                made.append((pairing, worker, career))
    db.session.flush()
    events, rows, taken = [], [], {}
    for pairing, worker, career in made:
        events += _past_events(pairing, worker)
        days = taken.setdefault(pairing.volunteer_id, days_taken(pairing.volunteer_id))
        rows += _past_visits(pairing, worker, local_date(pairing.ended_at), career, days, rng)
    db.session.execute(insert(Event.__table__), events)
    _registered_before([pairing.need for pairing, *_ in made])
    save_visits(rows)
    return f"{len(made)} earlier pairings of {len(chosen)} volunteers ended, {len(rows)} visits"


def _spans(since, until, bound, career: Career, rng) -> list[tuple[datetime, datetime]]:
    """When a volunteer's earlier pairings ran (confirmed, ended): ``career.at_once`` of them
    at a time, one after another, within ``career.share`` of the days from ``since`` to
    ``until``; those of the first place end by ``bound``, when their pairings in progress
    began (None: they have none)."""
    days = (until - since).days
    served = int(days * career.share)
    if served < PAST_PAIRING_DAYS[0]:
        return []
    first = since + timedelta(days=rng.randint(0, days - served))
    last = first + timedelta(days=served)
    spans = []
    for place in range(career.at_once):
        start = first + timedelta(days=rng.randint(0, 30) + place * rng.randint(10, 60))
        stop = min(last, bound) if place == 0 and bound else last
        while (stop - start).days >= PAST_PAIRING_DAYS[0]:
            end = min(start + timedelta(days=rng.randint(*PAST_PAIRING_DAYS)), stop)
            if (stop - end).days < PAST_PAIRING_DAYS[0]:  # no pairing too short to follow
                end = stop
            spans.append((start, end))
            start = end + timedelta(days=rng.randint(*PAST_GAP_DAYS))
    return spans


class _ResidentsToServe:
    """Residents an earlier pairing may have served: active, their record not linked to the
    demo login, with fewer than three needs; near the volunteer (their street) if any."""

    MAX_NEEDS = 3

    def __init__(self):
        needs = dict(
            db.session.execute(
                select(Need.resident_id, func.count(Need.id)).group_by(Need.resident_id)
            ).all()
        )
        self.residents = [
            r
            for r in db.session.scalars(
                select(Resident)
                .where(Resident.status == ResidentStatus.ACTIVE, Resident.user_id.is_(None))
                .order_by(Resident.id)
            )
        ]
        self.needs = {r.id: needs.get(r.id, 0) for r in self.residents}
        workers = _workers_by_community()
        self.workers = {cid: db.session.get(User, uid) for cid, uid in workers.items()}
        self.served: set[tuple[int, int]] = set()

    def pick(self, volunteer: Volunteer, rng) -> Resident | None:
        signs = any(skill.name == "手语" for skill in volunteer.skills)
        fit = [
            r
            for r in self.residents
            if self.needs[r.id] < self.MAX_NEEDS
            and (volunteer.id, r.id) not in self.served
            and (signs or r.disability_category is not DisabilityCategory.HEARING)
        ]
        near = [r for r in fit if r.community.street_id == volunteer.community.street_id]
        pool = near or fit
        if not pool:
            return None
        fewest = min(self.needs[r.id] for r in pool)
        resident = rng.choice([r for r in pool if self.needs[r.id] == fewest])
        self.needs[resident.id] += 1
        self.served.add((volunteer.id, resident.id))
        return resident

    def worker(self, resident: Resident) -> User:
        return self.workers[resident.community_id]


def _past_pairing(volunteer, resident, worker, confirmed, ended, rng) -> Pairing:
    """An earlier request of ``resident``, paired with ``volunteer`` from ``confirmed`` to
    ``ended``, when its need was met (not saved yet)."""
    from ..registry.demo import past_need

    created = confirmed - timedelta(days=rng.randint(7, 45))
    need = past_need(rng, resident, volunteer, created, worker.id)
    db.session.add(need)
    pairing = Pairing(
        need=need,
        volunteer=volunteer,
        status=PairingStatus.ENDED,
        confirmed_at=confirmed,
        activated_at=confirmed + timedelta(days=rng.randint(2, 10)),
        ended_at=ended,
        end_reason=rng.choice(PAST_END_REASONS),
    )
    db.session.add(pairing)
    return pairing


def _past_events(pairing: Pairing, worker: User) -> list[dict]:
    """The history of an earlier pairing and its need, as the services would have recorded
    it (entered, paired, active, ended with the need met), on the days it happened."""
    need, why = pairing.need, pairing.end_reason
    met = f"pairing {pairing.id} ended, need met: {why}"
    steps = [
        (need, None, NeedStatus.OPEN, need.created_at, "demo data"),
        (need, NeedStatus.OPEN, NeedStatus.MATCHED, pairing.confirmed_at, "demo pairing"),
        (pairing, None, PairingStatus.CONFIRMED, pairing.confirmed_at, "demo pairing"),
        (
            pairing,
            PairingStatus.CONFIRMED,
            PairingStatus.ACTIVE,
            pairing.activated_at,
            "demo pairing",
        ),
        (pairing, PairingStatus.ACTIVE, PairingStatus.ENDED, pairing.ended_at, why),
        (need, NeedStatus.MATCHED, NeedStatus.CLOSED, pairing.ended_at, met),
    ]
    return [
        {
            "subject_type": type(subject).__tablename__,
            "subject_id": subject.id,
            "from_state": from_state and from_state.value,
            "to_state": to_state.value,
            "actor_id": worker.id,
            "reason": reason,
            "at": at,
        }
        for subject, from_state, to_state, at, reason in steps
    ]


def _registered_before(needs: list[Need]) -> None:
    """Each resident registered (and consented) some days before their first need, if they
    had not by then."""
    first: dict[int, tuple[Resident, datetime]] = {}
    for need in needs:
        if need.resident_id not in first or need.created_at < first[need.resident_id][1]:
            first[need.resident_id] = (need.resident, need.created_at)
    for resident, asked in first.values():
        at = asked - timedelta(days=3 + resident.id % 40)
        if resident.created_at <= at:
            continue
        resident.created_at = resident.consented_at = at
        backdate_creation("resident", resident.id, at)


def _past_visits(pairing, worker, until: date, career: Career, taken: set, rng) -> list:
    """The pairing's visits up to ``until`` (exclusive), on days free of the volunteer's other
    residents' visits (one a day), all verified."""
    day = local_date(pairing.activated_at) + timedelta(days=rng.randint(1, 6))
    cadence = rng.choice(career.cadences)
    rows = []
    while day < until:
        if day in taken:  # another resident's day: the next one
            day += timedelta(days=1)
            continue
        if rng.random() >= career.skipped:
            rows.append(verified_visit(pairing, worker, day, career.minutes, rng))
            taken.add(day)
        day += timedelta(days=cadence + rng.choice((-1, 0, 0, 1)))
    return rows
