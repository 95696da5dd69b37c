"""Time the staff's and users' pages on a district's worth of data (test client).

    python bench/page_bench.py                   # the district below, 3 timed GETs a page
    python bench/page_bench.py --scale 0.1       # a tenth of every count: a quick look
    python bench/page_bench.py --sql /supervise --keep /tmp/district   # print its statements
    python bench/page_bench.py --database-url postgresql+psycopg://…/empty_db   # on PostgreSQL

The demo data (catalogues, courses, one login per role) is seeded first and the district is
built on it in bulk, through the models' tables, each record with its lifecycle events:
streets and communities (a social worker per six), residents, volunteers with skills and
times, needs in mixed states, active and ended pairings with two years of visit logs and
reviews, training sessions, micro-wishes with claims, offers, notifications, audit entries;
then star levels are recomputed and a matching run proposes. Each page is fetched once to
warm up, then ``--repeat`` times: the median wall time, the SQL statements (counted by a
``before_cursor_execute`` listener) and the size. Flagged: over 500 ms or 100 statements.
"""
# ruff: noqa: E402  (the checkout goes on the path first)

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from sqlalchemy import event, func, insert, select, text

from matchmaker import create_app
from matchmaker import models as m
from matchmaker.accounts.models import Role
from matchmaker.core.schema import upgrade_to_head
from matchmaker.demo import seed_demo
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.match.services import run_matching
from matchmaker.offers.models import OfferKind, OfferStatus
from matchmaker.recruit import models as recruit
from matchmaker.registry import models as registry
from matchmaker.registry.models import NeedStatus
from matchmaker.reward.services import recompute_star_levels
from matchmaker.supervise.models import Activity, LogStatus, ReviewStatus
from matchmaker.train.models import CompletionMethod, CourseKind, EnrolmentStatus, SessionStatus
from matchmaker.wishes.models import ClaimStatus, WishCategory, WishStatus

SLOW_MS, MANY_STATEMENTS = 500, 100
SCALE = dict(streets=10, communities=60, residents=6000, volunteers=4000, needs=3000)
SCALE |= dict(active=1500, ended=1500, logs=40000, long_logs=300, wishes=1500, donors=200)
SCALE |= dict(offers=300, sessions=240, notifications=300, audit=20000)
#: who: the pages they open; {name} is a record of the build, {span} two years of exports
PAGES = """
sw admin: / /residents /needs /needs?status=open /match/proposals /match/runs /match/runs/{run}
sw admin: /supervise /supervise/pairings /supervise/pairings/{pairing} /recruit/review /inbox
sw admin: /wishes/review /offers/review /reward/certificates /residents/accounts /reports/exports
sw admin: /reports/exports?kind=volunteers&{span} /reports/exports?kind=hours&{span}
sw admin: /reports/exports?kind=pairings&{span} /reports/exports?kind=wishes&{span}
sw: /residents/{resident} /needs/{need} /recruit/volunteers/{volunteer} /wishes/{claimed}/manage
sw: /train/courses /train/courses/{course} /train/sessions /train/sessions/{session}
sw: /wishes/new /needs/new?resident={resident} /match/scorers /needs/board
admin: /admin/users /admin/audit /admin/jobs /admin/places/ /admin/catalogues/
admin: /admin/users/{volunteer_user}
volunteer: / /volunteers/me /needs/board /supervise/pairings /supervise/pairings/{pairing}
volunteer: /supervise/pairings/{pairing}/logs/new /train/me /train/courses /reward/me /inbox
donor: / /wishes /wishes/mine /wishes/{published} /offers /offers/mine /offers/{offer} /inbox
resident: / /wishes/mine /needs/mine /supervise/pairings /supervise/pairings/{pairing} /inbox
resident: /account/community
public: /transparency /wishes /offers /reward/honour-roll /volunteers/pool
"""
#: the columns a bulk row gives, in order; the rest are the models' defaults, or these
COLUMNS = {
    m.User: "id name phone email password_hash created_at",
    m.UserRole: "user_id role",
    m.Volunteer: "id user_id community_id availability status background_check created_at",
    recruit.volunteer_skill: "volunteer_id skill_id",
    recruit.volunteer_language: "volunteer_id language_id",
    m.Resident: "id id_number phone disability_category community_id user_id created_at",
    registry.resident_language: "resident_id language_id",
    m.Need: "id resident_id service_type availability status created_at opened_at",
    registry.need_skill: "need_id skill_id",
    m.Pairing: "id need_id volunteer_id status confirmed_at activated_at ended_at",
    m.Incident: "pairing_id reporter_id",
    m.ServiceLog: "id pairing_id volunteer_id service_date start_time end_time minutes status",
    m.SupervisionReview: "pairing_id pending_for due_on status reviewer_id",
    m.TrainingSession: "id course_id community_id starts_at status created_by_id",
    m.Enrolment: "session_id volunteer_id status enrolled_at",
    m.CourseCompletion: "volunteer_id course_id",
    m.MicroWish: "id resident_id category cost_yuan status created_at published_at",
    m.WishClaim: "id wish_id donor_id status claimed_at deadline",
    m.Offer: "id donor_id kind category status",
    m.NeedInterest: "need_id volunteer_id",
    m.Notification: "user_id params created_at read_at",
    m.AuditEntry: "actor_id subject_id at",
}
EXTRA = {
    m.Volunteer: dict(privacy_terms_version="2026-11", background_check_consent=True),
    m.Resident: dict(name="压测居民", disability_grade=2, address="文三路 1 号"),
    m.Need: dict(notes="每周二上午陪同去医院复诊"),
    m.Incident: dict(description="上门时居民拒绝开门"),
    m.ServiceLog: dict(activity=Activity.VISIT, notes="聊天、读报"),
    m.TrainingSession: dict(place="社区服务中心", capacity=25, taken=25, trainer="周敏老师"),
    m.CourseCompletion: dict(method=CompletionMethod.IMPORT),
    m.MicroWish: dict(title="收音机", story="每天想听听新闻和越剧。"),
    m.Offer: dict(title="爱心供给", quantity=5, remaining=5),
    m.Notification: dict(kind="no_visit"),
    m.AuditEntry: dict(action="view_resident", subject_type="resident"),
}


def mix(spec: str) -> list[str]:
    """``open:4 closed:3`` → ["open"] * 4 + ["closed"] * 3, for rng.choice (weights 1–9)."""
    return [name for part in spec.split() for name in [part.split(":")[0]] * int(part[-1])]


class Bulk:
    """Rows by model (parents first), ids given out here, and each record's events."""

    def __init__(self, rng: random.Random, password_hash: str):
        self.rng, self.hash, self.now = rng, password_hash, datetime.now(UTC)
        self.rows: dict = {}
        self.events: list[dict] = []
        self.top: dict = {}

    def ids(self, model, n: int = 1) -> range:
        if model not in self.top:
            self.top[model] = db.session.scalar(select(func.max(model.id))) or 0
        self.top[model] += n
        return range(self.top[model] - n + 1, self.top[model] + 1)

    def add(self, model, *values, **more) -> None:
        row = dict(zip(COLUMNS[model].split(), values, strict=True)) | EXTRA.get(model, {})
        self.rows.setdefault(model, []).append(row | more)

    def history(self, kind: str, subject: int, steps: list[str], at, actor=None) -> None:
        for n, (before, after) in enumerate(zip([None, *steps], steps, strict=False)):
            row = dict(subject_type=kind, subject_id=subject, from_state=before, to_state=after)
            when = min(self.now, at + timedelta(days=2 * n))
            self.events.append(row | dict(actor_id=actor, reason="page bench", at=when))

    def ago(self, low: float, high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low, high))

    def mask(self, low: int, high: int) -> int:
        return sum(1 << s for s in self.rng.sample(range(21), self.rng.randint(low, high)))

    def accounts(self, n: int, role: Role, phone: str, first_email: str) -> range:
        ids = self.ids(m.User, n)
        for i in ids:
            email = first_email if i == ids[0] else None
            self.add(m.User, i, f"压测{i}", f"{phone}{i:08d}", email, self.hash, self.ago(30, 900))
            self.add(m.UserRole, i, role)
            self.history("user", i, ["active"], self.ago(900, 900))
        return ids

    def insert(self) -> str:
        for model, values in self.rows.items():
            for start in range(0, len(values), 5000):
                db.session.execute(insert(model), values[start : start + 5000])
        db.session.execute(insert(m.Event), self.events)
        if db.engine.dialect.name == "postgresql":  # ids were given out here: move sequences on
            for model in self.top:
                table = f'"{model.__table__.name}"'
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                db.session.execute(text(f"SELECT setval({sequence}, max(id)) FROM {table}"))
        counts = [(getattr(k, "__name__", str(k)), len(v)) for k, v in self.rows.items()]
        return ", ".join(f"{name} {n}" for name, n in counts + [("Event", len(self.events))])


def places(b: Bulk, args) -> tuple:
    """The demo district grown to --streets and --communities, a social worker per six new."""
    district, rng = db.session.scalar(select(m.District)), b.rng
    streets = list(db.session.scalars(select(m.Street)))
    for n in range(len(streets), args.streets):
        streets.append(m.Street(district=district, name=f"压测{n}街道"))
    db.session.add_all(streets)
    communities, new = list(db.session.scalars(select(m.Community))), []
    for n in range(len(communities), args.communities):
        lat, lon = 30.2 + rng.random() * 0.15, 120.0 + rng.random() * 0.2
        street = streets[n % len(streets)]
        new.append(m.Community(street=street, name=f"压测{n}社区", lat=lat, lon=lon))
    for n in range(0, len(new), 6):
        worker = m.User(name=f"社工{n}", email=f"sw.bench{n}@example.org", password_hash=b.hash)
        worker.grant(Role.SOCIAL_WORKER)
        worker.communities = new[n : n + 6]
        db.session.add(worker)
    db.session.flush()
    sw = db.session.scalar(select(m.User).where(m.User.email == "sw.beishan@example.org"))
    return sw, [c.id for c in communities + new], sw.communities[0].id


def people(b: Bulk, args, cids: list[int], home: int) -> tuple:
    """Volunteers (the first with a long history) and residents (the first with an account)."""
    rng, skills = b.rng, list(db.session.scalars(select(m.Skill.id)))
    users = b.accounts(args.volunteers, Role.VOLUNTEER, "151", "volunteer.long@example.org")
    vids, approved = b.ids(m.Volunteer, args.volunteers), []
    states = mix("approved:9 applied:1 rejected:1 suspended:1 more_info:1")
    for vid, uid in zip(vids, users, strict=True):
        first, at = vid == vids[0], b.ago(100, 1000)
        state = recruit.VolunteerStatus("approved" if first else rng.choice(states))
        passed = first or rng.random() < 0.7
        check = recruit.BackgroundCheck.PASSED if passed else recruit.BackgroundCheck.NOT_STARTED
        place, mask = home if first else rng.choice(cids), b.mask(3, 9)
        b.add(m.Volunteer, vid, uid, place, mask, state, check, at, capacity=1 + 2 * first)
        for skill in rng.sample(skills, rng.randint(2, 5)):
            b.add(recruit.volunteer_skill, vid, skill)
        b.add(recruit.volunteer_language, vid, 1)
        steps = {"applied": [], "suspended": ["approved", "suspended"]}.get(state.value)
        b.history("volunteer", vid, ["applied", *(steps or [state.value])], at)
        approved += [vid] if state is recruit.VolunteerStatus.APPROVED else []
    (account,) = b.accounts(1, Role.RESIDENT, "153", "resident.many@example.org")
    rids = b.ids(m.Resident, args.residents)
    for rid in rids:
        first, at = rid == rids[0], b.ago(200, 1100)
        place, category = (
            home if first else rng.choice(cids),
            rng.choice(list(registry.DisabilityCategory)),
        )
        number, phone, user = f"3301{rid:014d}", f"154{rid:08d}", account if first else None
        b.add(m.Resident, rid, number, phone, category, place, user, at)
        b.add(registry.resident_language, rid, 1)
        b.history("resident", rid, ["active"], at)
    return users, vids, approved, account, rids


def needs_and_pairings(b: Bulk, args, vids, approved, rids, sw) -> tuple:
    """Needs (the first --active matched); active pairings on distinct volunteers, ended ones
    on needs that were open; the long-history volunteer holds the first and a few ended."""
    rng, skills = b.rng, list(db.session.scalars(select(m.Skill.id)))
    nids, opened, was_open = b.ids(m.Need, args.needs), {}, []
    states = mix("open:4 closed:3 draft:1 submitted:1")
    for n, nid in enumerate(nids):
        state = NeedStatus.MATCHED if n < args.active else NeedStatus(rng.choice(states))
        at, service, resident = (
            b.ago(30, 760),
            rng.choice(list(registry.ServiceType)),
            rng.choice(rids),
        )
        opened[nid] = None if state in (NeedStatus.DRAFT, NeedStatus.SUBMITTED) else at
        resident = rids[0] if n == 0 else rng.choice(rids)
        b.add(m.Need, nid, resident, service, b.mask(1, 4), state, at, opened[nid])
        b.add(registry.need_skill, nid, rng.choice(skills))
        steps = [state.value] if opened[nid] is None else ["open"] + [state.value] * (n > 0)
        b.history("need", nid, steps if state is not NeedStatus.OPEN else ["open"], at, sw.id)
        was_open += [nid] if opened[nid] else []
    pids, spans, holding = b.ids(m.Pairing, args.active + args.ended), {}, Counter()
    pool = rng.sample(approved[1:], min(args.active, len(approved) - 1))
    for n, pid in enumerate(pids):
        active, long = n < args.active, n == 0 or n % 300 == 0
        nid = nids[n] if active else rng.choice(was_open)
        vid = vids[0] if long else pool[n % len(pool)] if active else rng.choice(approved)
        start = b.ago(730, 730) if n == 0 else max(opened[nid], b.ago(20, 720))
        end = None if active else min(b.ago(1, 1), start + timedelta(rng.randint(30, 400)))
        state = PairingStatus.SUSPENDED if active and n % 60 == 59 else PairingStatus.ACTIVE
        state = PairingStatus.ENDED if end else state
        spans[pid], holding[vid] = (vid, start, end), holding[vid] + active
        b.add(m.Pairing, pid, nid, vid, state, start, start + timedelta(3), end)
        steps = ["confirmed", "active"] + [state.value] * (state is not PairingStatus.ACTIVE)
        b.history("pairing", pid, steps, start, sw.id)
        if state is PairingStatus.SUSPENDED:
            b.add(m.Incident, pid, sw.id)
    for volunteer in b.rows[m.Volunteer]:
        volunteer["open_pairings"] = holding[volunteer["id"]]
    return nids, was_open, pids, spans


def visits(b: Bulk, args, pids, spans, sw) -> None:
    """Visit logs over each pairing's span (verified but the last ten days), and reviews."""
    rng, today = b.rng, b.now.date()
    total = sum(((end or b.now) - start).days for _v, start, end in spans.values())
    for pid, (vid, start, end) in spans.items():
        days = max(4, ((end or b.now) - start).days)
        k = args.long_logs if pid == pids[0] else round(args.logs * days / total)
        for day in sorted(rng.sample(range(3, days), min(k, days - 3))):
            at, minutes = start + timedelta(day), rng.choice((60, 90, 120))
            state = LogStatus.VERIFIED if (b.now - at).days > 10 else LogStatus.SUBMITTED
            state = LogStatus.REJECTED if rng.random() < 0.03 else state
            more = {}
            if state is LogStatus.VERIFIED:
                more = dict(verified_at=at, verified_by_id=sw.id, rating=rng.choice((None, 5)))
            log, ends = b.ids(m.ServiceLog)[0], clock(9 + minutes // 60, minutes % 60)
            b.add(m.ServiceLog, log, pid, vid, at.date(), clock(9), ends, minutes, state, **more)
            steps = ["submitted"] + [state.value] * (state is not LogStatus.SUBMITTED)
            b.history("service_log", log, steps, at, sw.id)
        for r in range(30, days, 60):
            due = start + timedelta(r)
            b.add(m.SupervisionReview, pid, None, due.date(), ReviewStatus.DONE, sw.id, done_at=due)
        if end is None:
            due = today + timedelta(rng.randint(-20, 30))
            state = ReviewStatus.OVERDUE if due < today else ReviewStatus.DUE
            b.add(m.SupervisionReview, pid, pid, due, state, None)


def training(b: Bulk, args, approved, cids, home, holders, sw) -> list[int]:
    """Sessions of the taught courses over two years with full rolls, and completions (every
    course for the volunteers who hold a pairing: the gate to active)."""
    courses = list(db.session.scalars(select(m.Course).where(m.Course.active.is_(True))))
    taught, rng = [c.id for c in courses if c.kind is CourseKind.SESSIONS], b.rng
    done = {(vid, course.id) for vid in holders for course in courses}
    for sid in b.ids(m.TrainingSession, args.sessions):
        at, course, place = b.ago(-30, 720), rng.choice(taught), rng.choice(cids + [home] * 6)
        state = SessionStatus.HELD if at < b.now else SessionStatus.SCHEDULED
        b.add(m.TrainingSession, sid, course, place, at, state, sw.id, ends_at=at + timedelta(1))
        for vid in rng.sample(approved, 25):
            came = rng.random() < 0.9
            roll = EnrolmentStatus.COMPLETED if came else EnrolmentStatus.ABSENT
            roll = roll if state is SessionStatus.HELD else EnrolmentStatus.ENROLLED
            b.add(m.Enrolment, sid, vid, roll, at - timedelta(7))
            done |= {(vid, course)} if roll is EnrolmentStatus.COMPLETED else set()
    for vid, course in done:
        b.add(m.CourseCompletion, vid, course)
    return taught


def giving(b: Bulk, args, rids, was_open, approved, sw) -> range:
    """Wishes with claims (the first donor holds many, the first resident has many), offers
    and offers of help on the board."""
    rng, donors = b.rng, b.accounts(args.donors, Role.DONOR, "152", "donor.many@example.org")
    states = mix("published:6 fulfilled:6 claimed:2 delivered:1 draft:1 submitted:1 withdrawn:1")
    ladder = ["draft", "published", "claimed", "delivered", "fulfilled"]
    claim_of = {"claimed": "held", "delivered": "delivered", "fulfilled": "confirmed"}
    for n, wid in enumerate(b.ids(m.MicroWish, args.wishes)):
        state, at, resident = rng.choice(states), b.ago(15, 700), rng.choice(rids)
        live, category = state in ladder[1:], rng.choice(list(WishCategory))
        published = at + timedelta(1) if live or state == "withdrawn" else None
        resident = rids[0] if n % 25 == 0 else resident
        b.add(m.MicroWish, wid, resident, category, 300, WishStatus(state), at, published)
        steps = {"submitted": ["submitted"], "withdrawn": ["draft", "published", "withdrawn"]}
        steps = steps.get(state) or ladder[: ladder.index(state) + 1]
        b.history("micro_wish", wid, steps, at, sw.id)
        lapsed = ["lapsed"] * (state == "published" or rng.random() < 0.2)
        for claim in [c for c in lapsed + [claim_of.get(state)] if c and live]:
            cid, donor = b.ids(m.WishClaim)[0], rng.choice(donors)
            donor = donors[0] if rng.random() < 0.15 else donor
            b.add(m.WishClaim, cid, wid, donor, ClaimStatus(claim), at, max(at, b.now))
            steps = {"held": [], "lapsed": ["lapsed"], "delivered": ["delivered"]}.get(claim)
            b.history("wish_claim", cid, ["held", *(steps or ["delivered", "confirmed"])], at)
    for oid in b.ids(m.Offer, args.offers):
        kind, state = rng.choice(list(OfferKind)), rng.choice(mix("approved:6 submitted:2"))
        category = {"goods": "daily", "funds": "daily", "service": "escort"}.get(kind.value)
        band, donor = "under500" if kind is OfferKind.FUNDS else None, rng.choice(donors)
        b.add(m.Offer, oid, donor, kind, category, OfferStatus(state), amount_band=band)
        b.history("offer", oid, ["submitted"] + [state] * (state != "submitted"), b.ago(1, 700))
    for nid, vid in {(rng.choice(was_open), rng.choice(approved)) for _ in range(args.wishes)}:
        b.add(m.NeedInterest, nid, vid)
    return donors


def build(args) -> dict:
    """Seed the demo, then the district; returns the ids of the records the pages open."""
    seed_demo(args.seed)
    b = Bulk(random.Random(args.seed), db.session.scalar(select(m.User.password_hash)))
    sw, cids, home = places(b, args)
    users, vids, approved, account, rids = people(b, args, cids, home)
    nids, was_open, pids, spans = needs_and_pairings(b, args, vids, approved, rids, sw)
    visits(b, args, pids, spans, sw)
    holders = {v for v, _start, end in spans.values() if end is None}
    taught = training(b, args, approved, cids, home, holders, sw)
    donors = giving(b, args, rids, was_open, approved, sw)
    inboxes = [sw.id, users[0], donors[0], account, 1] * args.notifications
    for n, uid in enumerate(inboxes + b.rng.choices(users, k=5 * args.volunteers)):
        params = {"pairing": pids[0], "date": "10月1日"}
        b.add(m.Notification, uid, params, b.ago(0, 700), b.now if n % 3 else None)
    for _ in range(args.audit):
        b.add(m.AuditEntry, sw.id, b.rng.choice(rids), b.ago(0, 700))
    counts = b.insert()
    db.session.commit()
    recompute_star_levels(b.now)
    run_matching(community_ids=None, by=sw)
    db.session.commit()

    def last(model, *where):
        return db.session.scalar(select(model.id).where(*where).order_by(model.id.desc()))

    mine = m.MicroWish.resident_id == rids[0]
    published = last(m.MicroWish, m.MicroWish.status == WishStatus.PUBLISHED)
    claimed = last(m.MicroWish, mine, m.MicroWish.id.in_(select(m.WishClaim.wish_id)))
    sessions = m.TrainingSession
    held = last(sessions, sessions.status == SessionStatus.HELD, sessions.community_id == home)
    span = f"start={b.now.date() - timedelta(730)}&end={b.now.date()}"
    ids = dict(sw=sw.id, admin=1, volunteer=vids[0], volunteer_user=users[0], donor=donors[0])
    ids |= dict(resident_user=account, resident=rids[0], need=nids[0], pairing=pids[0])
    ids |= dict(course=taught[0], published=published, claimed=claimed, session=held)
    offer = last(m.Offer, m.Offer.status == OfferStatus.APPROVED)
    return ids | dict(run=last(m.MatchRun), offer=offer, counts=counts, span=span)


def fetch(app, client, path: str, repeat: int, statements: list) -> tuple:
    """(median ms, statements, bytes, status) of ``repeat`` GETs after one to warm up."""
    times, counts = [], []
    for _ in range(repeat + 1):
        statements.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(len(statements))
    return statistics.median(times[1:]), max(counts[1:]), len(response.data), response.status_code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in SCALE.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--repeat", type=int, default=3, help="timed GETs a page (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sql", action="append", default=[], help="print a page's statements")
    parser.add_argument("--keep", help="build in this (empty) folder and keep the database")
    parser.add_argument("--database-url", help="build in this empty database, not SQLite")
    parser.add_argument("--only", action="append", default=[], help="time pages containing this")
    args = parser.parse_args(argv)
    for name in set(SCALE) - {"streets", "communities", "long_logs"}:
        setattr(args, name, round(getattr(args, name) * args.scale))

    folder = args.keep or tempfile.mkdtemp(prefix="matchmaker-page-bench-")
    os.environ["MATCHMAKER_INSTANCE_PATH"] = folder
    database = Path(folder) / "bench.db"
    url = args.database_url or f"sqlite:///{database}"
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"}
    app = create_app(config | {"SCHEDULER_ENABLED": False})
    started = time.perf_counter()
    with app.app_context():
        upgrade_to_head()
        ids = build(args)
        accounts = dict(sw="sw", admin="admin", volunteer="volunteer_user", donor="donor")
        accounts["resident"] = "resident_user"
        logins = {who: db.session.get(m.User, ids[key]).get_id() for who, key in accounts.items()}
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    print(f"built in {time.perf_counter() - started:.0f} s: {ids.pop('counts')}")

    results = []
    for line in PAGES.strip().splitlines():
        roles, paths = line.split(":", 1)
        for who in roles.split():
            client = app.test_client()
            if who in logins:
                with client.session_transaction() as session:
                    session["_user_id"], session["_fresh"] = logins[who], True
            for path in paths.format(**ids).split():
                if args.only and not any(part in path for part in args.only):
                    continue
                results.append((*fetch(app, client, path, args.repeat, statements), who, path))
                if path in args.sql:
                    print(f"\n{who} {path}: {len(statements)} statements, most repeated first")
                    grouped = Counter(re.sub(r"\s+", " ", s)[:150] for s in statements)
                    for text, n in grouped.most_common(12):
                        print(f"{n:6d}  {text}")

    print(f"\n{'ms':>7} {'SQL':>5} {'KiB':>6} code flag who       page")
    for ms, count, size, code, who, path in sorted(results, reverse=True):
        flag = "T" * (ms > SLOW_MS) + "Q" * (count > MANY_STATEMENTS) + "!" * (code != 200)
        print(f"{ms:7.0f} {count:5d} {size / 1024:6.0f} {code:4d} {flag:4} {who:9} {path}")
    flagged = sum(1 for r in results if r[0] > SLOW_MS or r[1] > MANY_STATEMENTS or r[3] != 200)
    legend = f"T: over {SLOW_MS} ms, Q: over {MANY_STATEMENTS} statements, !: not 200"
    print(f"\n{len(results)} pages, {flagged} flagged ({legend})")
    if not args.keep:
        shutil.rmtree(folder)
    return 1 if any(r[3] != 200 for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
