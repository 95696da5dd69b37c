"""Two people act on one pairing at the same moment: one wins, the other is told (409), no 500,
nothing doubled or lost — on PostgreSQL (row locks) and SQLite (one writer at a time)."""

import re
import threading
import urllib.error
import urllib.parse
from datetime import timedelta

from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.notify.models import Notification
from matchmaker.recruit.models import Volunteer
from matchmaker.scheduler.models import JobOutcome, JobRun
from matchmaker.scheduler.runner import run_job
from matchmaker.supervise import logs
from matchmaker.supervise.incidents import report_incident
from matchmaker.supervise.models import (
    Incident,
    IncidentStatus,
    Outcome,
    ReviewStatus,
    ServiceLog,
    SupervisionReview,
)
from matchmaker.supervise.review_schedule import pending_review, schedule_reviews
from matchmaker.supervise.reviews import record_review
from tests.factories import UserFactory
from tests.live import logged_in_opener, post_at_once
from tests.lock_waits import Interleaving, in_background
from tests.supervise.builders import NOW, TODAY, make_pairing

SEEN = re.compile(r'name="review-seen"[^>]*value="(\d+)"')


def staff_sessions(live_server, pairing, worker):
    """The social worker's and a colleague's browsers on the pairing page: (opener, fields
    every form of the page sends: the CSRF token, and the review form's latest review)."""
    colleague = UserFactory(roles=["social_worker"], communities=[pairing.need.resident.community])
    page = f"/supervise/pairings/{pairing.id}"
    sessions = []
    for user in (worker, colleague):
        opener, html, token = logged_in_opener(live_server, user.email, page)
        seen = SEEN.search(html)
        sessions.append((opener, token, seen.group(1) if seen else None))
    return sessions


def review(session, outcome="continue"):
    opener, token, seen = session
    fields = {
        "review-csrf_token": token,
        "review-satisfaction": "4",
        "review-risks": "",
        "review-actions": "",
        "review-outcome": outcome,
    }
    if seen is not None:
        fields["review-seen"] = seen
    return opener, fields


def end(session):
    opener, token, _ = session
    return opener, {"end-csrf_token": token, "end-need": "reopen", "end-reason": "居民搬家"}


def codes(outcomes):
    return sorted(code for code, _ in outcomes)


def reload(model, row_id):
    _db.session.expire_all()
    return _db.session.get(model, row_id)


def ended_once(pairing):
    stored = reload(Pairing, pairing.id)
    assert stored.status is PairingStatus.ENDED
    assert [e.to_state for e in history(stored)].count("ended") == 1
    assert _db.session.get(Volunteer, pairing.volunteer_id).open_pairings == 0


def test_resolving_an_incident_by_ending_and_ending_the_pairing_at_once(
    live_server, db, pairing, worker
):
    incident = report_incident(pairing, by=worker, description="居民摔倒", now=NOW)
    db.session.commit()
    resolver, ender = staff_sessions(live_server, pairing, worker)
    prefix = f"resolve{incident.id}"
    resolve = {f"{prefix}-csrf_token": resolver[1], f"{prefix}-decision": "end"}
    resolve[f"{prefix}-note"] = "商量后决定"
    address = f"{live_server}/supervise/incidents/{incident.id}/resolve"

    outcomes = post_at_once(
        None,
        [
            (resolver[0], resolve, address),
            (*end(ender), f"{live_server}/supervise/pairings/{pairing.id}/end"),
        ],
    )

    assert codes(outcomes) == [302, 409], outcomes
    ended_once(pairing)
    assert reload(Incident, incident.id).status is IncidentStatus.RESOLVED


def test_a_review_ending_the_pairing_and_ending_it_at_once(live_server, db, pairing, worker):
    schedule_reviews(NOW)
    db.session.commit()
    reviewer, ender = staff_sessions(live_server, pairing, worker)
    base = f"{live_server}/supervise/pairings/{pairing.id}"

    outcomes = post_at_once(
        None, [(*review(reviewer, "end"), f"{base}/review"), (*end(ender), f"{base}/end")]
    )

    assert codes(outcomes) == [302, 409], outcomes
    ended_once(pairing)


def test_a_review_pausing_the_pairing_and_an_incident_report_at_once(
    live_server, db, pairing, worker
):
    """Whichever comes first, the incident report is kept; the review is refused only if the
    report suspended the pairing first (a review is of an active pairing)."""
    schedule_reviews(NOW)
    db.session.commit()
    reviewer, reporter = staff_sessions(live_server, pairing, worker)
    base = f"{live_server}/supervise/pairings/{pairing.id}"
    report = {"incident-csrf_token": reporter[1], "incident-description": "志愿者迟到两小时"}

    outcomes = post_at_once(
        None,
        [
            (*review(reviewer, "pause"), f"{base}/review"),
            (reporter[0], report, f"{base}/incidents"),
        ],
    )

    assert codes(outcomes) in ([302, 302], [302, 409]), outcomes
    assert reload(Pairing, pairing.id).status is PairingStatus.SUSPENDED
    incidents = db.session.scalars(select(Incident)).all()
    assert [(i.status, i.description) for i in incidents] == [
        (IncidentStatus.OPEN, "志愿者迟到两小时")
    ]
    done = select(func.count()).where(SupervisionReview.status == ReviewStatus.DONE)
    assert db.session.scalar(done) == (1 if codes(outcomes) == [302, 302] else 0)


def _two_reviews_at_once(live_server, pairing, worker):
    sessions = staff_sessions(live_server, pairing, worker)
    address = f"{live_server}/supervise/pairings/{pairing.id}/review"
    outcomes = post_at_once(address, [review(s) for s in sessions])
    assert codes(outcomes) == [302, 409], outcomes
    loser = next(body for code, body in outcomes if code == 409)
    assert "同事刚刚记录了这个结对的督导" in loser
    statuses = db_reviews()
    assert statuses.count(ReviewStatus.DONE) == 1, statuses


def db_reviews():
    _db.session.expire_all()
    return [r.status for r in _db.session.scalars(select(SupervisionReview))]


def test_two_reviews_at_once_with_none_scheduled_record_one(live_server, db, pairing, worker):
    _two_reviews_at_once(live_server, pairing, worker)
    assert db_reviews() == [ReviewStatus.DONE]


def test_two_reviews_at_once_of_the_scheduled_one_record_one(live_server, db, pairing, worker):
    schedule_reviews(NOW)
    db.session.commit()
    _two_reviews_at_once(live_server, pairing, worker)


def test_a_review_while_a_colleagues_dashboard_schedules_and_marks_reviews(
    live_server, db, pairing, worker
):
    """The dashboard schedules the missing review (due long ago: it marks it overdue) while the
    review is posted: the review is recorded, the dashboard shows, and one review is pending
    after (the next, if the dashboard came second)."""
    reviewer, colleague = staff_sessions(live_server, pairing, worker)
    opener, fields = review(reviewer)
    body = urllib.parse.urlencode(fields).encode()
    address = f"{live_server}/supervise/pairings/{pairing.id}/review"
    requests = [(opener, address, body), (colleague[0], f"{live_server}/supervise", None)]
    barrier = threading.Barrier(2)
    answered = {}

    def send(opener, address, body):
        barrier.wait()
        try:
            answered[address] = opener.open(address, data=body, timeout=60).status
        except urllib.error.HTTPError as error:
            answered[address] = error.code

    threads = [threading.Thread(target=send, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answered == {address: 302, f"{live_server}/supervise": 200}, answered
    statuses = db_reviews()
    assert statuses.count(ReviewStatus.DONE) == 1
    pending = [s for s in statuses if s in (ReviewStatus.DUE, ReviewStatus.OVERDUE)]
    assert len(pending) <= 1, statuses


def yesterday_morning(token: str) -> dict:
    """The visit form's fields for a visit yesterday, 9:00 to 11:00."""
    return {
        "csrf_token": token,
        "service_date": (TODAY - timedelta(days=1)).isoformat(),
        "start_time": "09:00",
        "end_time": "11:00",
        "activity": "visit",
        "activity_detail": "",
        "notes": "",
    }


def test_a_visit_sent_twice_at_once_is_logged_once(live_server, db, pairing):
    page = f"/supervise/pairings/{pairing.id}/logs/new"
    opener, _, token = logged_in_opener(live_server, pairing.volunteer.user.email, page)
    fields = yesterday_morning(token)

    outcomes = post_at_once(f"{live_server}{page}", [(opener, fields), (opener, fields)])

    assert codes(outcomes) == [302, 422], outcomes
    assert "重叠" in next(body for code, body in outcomes if code == 422)
    assert db.session.scalar(select(func.count(ServiceLog.id))) == 1


def test_overlapping_visits_on_two_pairings_at_once_log_one(live_server, db, pairing, monkeypatch):
    """A volunteer with two residents sends the same morning for both at the same moment
    (two tabs): one visit is logged, the other is refused as overlapping. The first is held
    after its overlap check, its log not yet saved, until the second has arrived."""
    other = make_pairing(volunteer=pairing.volunteer)
    page = f"/supervise/pairings/{pairing.id}/logs/new"
    opener, _, token = logged_in_opener(live_server, pairing.volunteer.user.email, page)
    fields = yesterday_morning(token)
    first, second = (
        (opener, fields, f"{live_server}/supervise/pairings/{p.id}/logs/new")
        for p in (pairing, other)
    )
    pinned = Interleaving()
    pinned.first(monkeypatch, logs, "record_creation")
    pinned.second(monkeypatch, logs, "check_open")

    thread, held = in_background(lambda: post_at_once(None, [first]))
    assert pinned.holding.wait(10)
    outcomes = post_at_once(None, [second])
    thread.join(60)
    outcomes += held[0]

    assert codes(outcomes) == [302, 422], outcomes
    assert "重叠" in next(body for code, body in outcomes if code == 422)
    assert db.session.scalar(select(func.count(ServiceLog.id))) == 1


def test_the_supervision_job_run_twice_at_once(app, db, pairing, worker):
    """The schedule fires the job as an administrator runs it by hand (two processes): both
    runs succeed, each active pairing has one review scheduled, and each social worker one
    notice of each overdue review."""
    for _ in range(2):
        make_pairing(community=pairing.need.resident.community)
    db.session.commit()
    barrier = threading.Barrier(2)

    def fire(scheduled_for):
        with app.app_context():
            barrier.wait()
            run_job("supervision_alerts", scheduled_for, holder=str(scheduled_for))
            _db.session.remove()

    now = utcnow()
    threads = [threading.Thread(target=fire, args=(now + timedelta(seconds=s),)) for s in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    db.session.expire_all()
    runs = db.session.scalars(select(JobRun)).all()
    assert [r.outcome for r in runs] == [JobOutcome.OK, JobOutcome.OK], [r.error for r in runs]
    assert sum(r.counts["scheduled"] for r in runs) == 3
    pending = select(SupervisionReview.pending_for).where(
        SupervisionReview.pending_for.is_not(None)
    )
    assert sorted(db.session.scalars(pending)) == sorted(db.session.scalars(select(Pairing.id)))
    notices = select(Notification.user_id, Notification.dedupe_key).where(
        Notification.kind == "review_overdue"
    )
    rows = db.session.execute(notices).all()
    assert len(rows) == 3 and len(set(rows)) == 3, rows


def test_ending_and_resuming_at_once_leave_it_ended(live_server, db, pairing, worker):
    """A resume and an end sent together: the end stands either way (after a resume, it ends
    the active pairing; first, it leaves the resume nothing to resume: 409)."""
    record_review(
        pairing, by=worker, satisfaction=2, risks="", actions="", outcome=Outcome.PAUSE, now=NOW
    )
    db.session.commit()
    resumer, ender = staff_sessions(live_server, pairing, worker)
    base = f"{live_server}/supervise/pairings/{pairing.id}"

    outcomes = post_at_once(
        None,
        [
            (resumer[0], {"resume-csrf_token": resumer[1]}, f"{base}/resume"),
            (*end(ender), f"{base}/end"),
        ],
    )

    assert 500 not in codes(outcomes) and 302 in codes(outcomes), outcomes
    ended_once(pairing)
    assert pending_review(pairing) is None


def test_an_incident_report_sent_twice_at_once_is_recorded_once(live_server, db, pairing, worker):
    """A double tap on a slow phone: two identical reports at once are one incident."""
    page = f"/supervise/pairings/{pairing.id}"
    opener, _html, token = logged_in_opener(live_server, worker.email, page)
    report = {"incident-csrf_token": token, "incident-description": "居民在家中摔倒"}
    outcomes = post_at_once(f"{live_server}{page}/incidents", [(opener, report)] * 2)
    assert codes(outcomes) == [302, 302], outcomes
    incidents = db.session.scalars(select(Incident)).all()
    assert [i.description for i in incidents] == ["居民在家中摔倒"]
    # reported again later (or differently), it is another incident
    _db.session.expire_all()
    report_incident(reload(Pairing, pairing.id), by=worker, description="又摔倒了", now=utcnow())
    assert len(db.session.scalars(select(Incident)).all()) == 2
