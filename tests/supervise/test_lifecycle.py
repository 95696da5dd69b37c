"""Incidents suspend a pairing, reviews come due and go overdue, ending frees need and place."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from matchmaker.core.events import StaleTransition, history, transition
from matchmaker.core.histories import event_reason
from matchmaker.match.models import PairingStatus
from matchmaker.notify.models import Notification
from matchmaker.registry.models import NeedStatus
from matchmaker.supervise import review_schedule
from matchmaker.supervise.dashboard import dashboard, quiet_pairings
from matchmaker.supervise.incidents import report_incident, resolve_incident, resume_pairing
from matchmaker.supervise.models import Decision, IncidentStatus, Outcome, ReviewStatus
from matchmaker.supervise.pairings import NotAllowedNow
from matchmaker.supervise.review_schedule import (
    mark_overdue_reviews,
    pending_review,
    schedule_reviews,
)
from matchmaker.supervise.reviews import record_review
from matchmaker.supervise.services import count_overdue_reviews, count_paused_pairings
from matchmaker.train.models import CompletionMethod
from matchmaker.train.services import record_completion
from tests.factories import CommunityFactory, UserFactory
from tests.supervise.builders import NOW, TODAY, log_visit, pause_at_review
from tests.train.helpers import course


def test_an_incident_suspends_until_a_social_worker_resumes(db, pairing, worker):
    incident = report_incident(
        pairing, by=pairing.volunteer.user, description="居民情绪激动", now=NOW
    )
    db.session.commit()
    assert pairing.status is PairingStatus.SUSPENDED
    assert [i.id for i in dashboard(worker, NOW).incidents] == [incident.id]
    resolve_incident(incident, Decision.RESUME, by=worker, note="已沟通", now=NOW)
    db.session.commit()
    assert incident.status is IncidentStatus.RESOLVED
    assert pairing.status is PairingStatus.ACTIVE
    assert [e.to_state for e in history(pairing)][-2:] == ["suspended", "active"]


def test_a_second_open_incident_keeps_the_pairing_suspended(db, pairing, worker):
    first = report_incident(pairing, by=worker, description="一", now=NOW)
    report_incident(pairing, by=pairing.volunteer.user, description="二", now=NOW)
    resolve_incident(first, Decision.RESUME, by=worker, note="ok", now=NOW)
    assert pairing.status is PairingStatus.SUSPENDED
    with pytest.raises(NotAllowedNow):
        resume_pairing(pairing, by=worker, why="try", now=NOW)


def test_resolving_twice_is_a_lost_race(db, pairing, worker):
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    db.session.commit()
    stale = db.session.get(type(incident), incident.id)
    resolve_incident(incident, Decision.RESUME, by=worker, note="ok", now=NOW)
    db.session.commit()
    set_committed_value(stale, "status", IncidentStatus.OPEN)  # as a second request saw it
    with pytest.raises(StaleTransition):
        resolve_incident(stale, Decision.END, by=worker, note="end", now=NOW)


def test_ending_frees_the_need_and_the_volunteers_place(db, pairing, worker):
    schedule_reviews(NOW)
    volunteer = pairing.volunteer
    assert volunteer.open_pairings == 1
    incident = report_incident(pairing, by=worker, description="搬家", now=NOW)
    resolve_incident(incident, Decision.END, by=worker, note="居民搬离本区", now=NOW)
    db.session.commit()
    assert pairing.status is PairingStatus.ENDED and pairing.end_reason == "居民搬离本区"
    assert pairing.ended_at is not None
    assert pairing.need.status is NeedStatus.OPEN
    assert volunteer.open_pairings == 0
    assert pending_review(pairing) is None


def test_reviews_fall_due_an_interval_after_activation_and_go_overdue(db, pairing, worker):
    assert schedule_reviews(NOW) == 1
    assert schedule_reviews(NOW) == 0  # idempotent
    review = pending_review(pairing)
    activated = pairing.activated_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert review.due_on == activated + timedelta(days=30)
    assert review.status is ReviewStatus.DUE
    assert mark_overdue_reviews(NOW) == 1
    assert mark_overdue_reviews(NOW) == 0
    assert review.status is ReviewStatus.OVERDUE
    assert [r.id for r in dashboard(worker, NOW).overdue] == [review.id]


def test_a_review_counts_visits_and_schedules_the_next(db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3))
    log_visit(pairing, TODAY - timedelta(days=2))
    schedule_reviews(NOW)
    review = record_review(
        pairing,
        by=worker,
        satisfaction=5,
        risks="",
        actions="继续",
        outcome=Outcome.CONTINUE,
        now=NOW,
    )
    db.session.commit()
    assert review.status is ReviewStatus.DONE and review.visits_since == 2
    schedule_reviews(NOW)
    assert pending_review(pairing).due_on == TODAY + timedelta(days=30)


def test_review_interval_is_configurable(app, db, pairing):
    app.config["REVIEW_INTERVAL_DAYS"] = 14
    try:
        record_review(
            pairing,
            by=pairing.volunteer.user,
            satisfaction=4,
            risks="",
            actions="",
            outcome=Outcome.CONTINUE,
            now=NOW,
        )
        schedule_reviews(NOW)
        assert pending_review(pairing).due_on == TODAY + timedelta(days=14)
    finally:
        app.config["REVIEW_INTERVAL_DAYS"] = 30


def test_review_outcomes_pause_and_end(db, pairing, worker):
    pause_at_review(pairing, worker)
    assert pairing.status is PairingStatus.SUSPENDED
    resume_pairing(pairing, by=worker, why="resolved", now=NOW)
    record_review(
        pairing, by=worker, satisfaction=1, risks="不合适", actions="", outcome=Outcome.END, now=NOW
    )
    assert pairing.status is PairingStatus.ENDED and pairing.need.status is NeedStatus.OPEN


def test_a_review_that_ends_a_pairing_keeps_its_risk_notes_from_both_sides(
    db, client, auth, pairing, worker
):
    review = record_review(
        pairing,
        by=worker,
        satisfaction=2,
        risks="居民近期住院",
        actions="",
        outcome=Outcome.END,
        now=NOW,
    )
    db.session.commit()
    auth.login(pairing.volunteer.user.email)
    page = client.get(f"/supervise/pairings/{pairing.id}").get_data(as_text=True)
    assert "居民近期住院" not in page
    assert f"在第 {review.id} 次督导评估时结束" in page


def test_pairings_without_a_visit_in_30_days_are_flagged(db, pairing, worker):
    assert [p.id for p, _ in quiet_pairings(worker, NOW)] == [pairing.id]  # never visited
    log_visit(pairing, TODAY - timedelta(days=31))
    assert [last for _, last in quiet_pairings(worker, NOW)] == [TODAY - timedelta(days=31)]
    log_visit(pairing, TODAY - timedelta(days=5))
    assert quiet_pairings(worker, NOW) == []


def test_a_pairing_resumed_while_its_volunteer_misses_a_course_waits_for_training(
    db, client, pairing, worker
):
    """Active means trained: a course the volunteer lacks (required since, or an attendance
    corrected away while the pairing was paused) sends it back to waiting, not to active."""
    schedule_reviews(NOW)
    mark_overdue_reviews(NOW)
    assert count_overdue_reviews(worker, NOW) == 1
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    etiquette = course()  # required of every volunteer, and this one has not done it
    resolve_incident(incident, Decision.RESUME, by=worker, note="已沟通", now=NOW)
    db.session.commit()
    assert pairing.status is PairingStatus.CONFIRMED and pairing.activated_at is None
    last = history(pairing)[-1]
    assert (last.from_state, last.to_state) == ("suspended", "confirmed")
    with client.application.test_request_context(), force_locale("zh"):
        assert event_reason(last.reason) == "已恢复，等待完成培训"
    for user in (pairing.volunteer.user, pairing.need.resident.user):
        notice = db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        ).all()[-1]
        assert notice.kind == "pairing_resumed_awaiting_training"
    # nothing to review while it waits for training
    assert count_overdue_reviews(worker, NOW) == 0 and dashboard(worker, NOW).overdue == []

    record_completion(pairing.volunteer, etiquette, CompletionMethod.QUIZ, by=None, now=NOW)
    db.session.commit()
    assert pairing.status is PairingStatus.ACTIVE  # trained: active again, as any confirmed one


def test_an_incident_takes_the_pairings_review_off_the_queue_until_it_resumes(db, pairing, worker):
    """A review is of an active pairing: while suspended, the open incident stands for it, and
    a review that fell due meanwhile is due on the day the pairing resumes, not overdue."""
    schedule_reviews(NOW)
    mark_overdue_reviews(NOW)
    overdue = pending_review(pairing)
    assert overdue.status is ReviewStatus.OVERDUE
    incident = report_incident(pairing, by=worker, description="居民住院", now=NOW)
    db.session.commit()
    assert overdue.status is ReviewStatus.CANCELLED and pending_review(pairing) is None
    schedule_reviews(NOW)
    mark_overdue_reviews(NOW)
    board = dashboard(worker, NOW)
    assert board.overdue == [] and board.due == [] and count_overdue_reviews(worker, NOW) == 0
    assert [i.id for i in board.incidents] == [incident.id]

    resolve_incident(incident, Decision.RESUME, by=worker, note="已出院", now=NOW)
    db.session.commit()
    resumed = pending_review(pairing)
    assert resumed.status is ReviewStatus.DUE and resumed.due_on == TODAY
    assert [r.id for r in dashboard(worker, NOW).due] == [resumed.id]
    assert mark_overdue_reviews(NOW) == 0


def test_a_pairing_resumed_before_its_review_falls_due_keeps_the_regular_date(db, pairing, worker):
    pairing.activated_at = NOW - timedelta(days=10)
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    resolve_incident(incident, Decision.RESUME, by=worker, note="ok", now=NOW)
    db.session.commit()
    assert pending_review(pairing).due_on == TODAY + timedelta(days=20)
    assert schedule_reviews(NOW) == 0  # not a second one


def test_a_pairing_paused_at_review_is_listed_until_resumed(db, pairing, worker):
    pause_at_review(pairing, worker)
    db.session.commit()
    [(listed, since)] = dashboard(worker, NOW).paused
    assert listed.id == pairing.id and since is not None
    assert count_paused_pairings(worker) == 1
    assert schedule_reviews(NOW) == 0 and count_overdue_reviews(worker, NOW) == 0
    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    assert dashboard(outsider, NOW).paused == [] and count_paused_pairings(outsider) == 0

    resume_pairing(pairing, by=worker, why="resolved", now=NOW)
    db.session.commit()
    assert dashboard(worker, NOW).paused == [] and count_paused_pairings(worker) == 0
    assert pending_review(pairing).due_on == TODAY + timedelta(days=30)


def test_a_suspended_pairing_with_an_incident_is_not_listed_as_paused(db, pairing, worker):
    report_incident(pairing, by=worker, description="一", now=NOW)
    db.session.commit()
    assert dashboard(worker, NOW).paused == [] and count_paused_pairings(worker) == 0


def test_reviews_left_pending_on_a_suspended_pairing_are_cancelled(db, pairing, worker):
    """Data written before suspension cancelled reviews: the nightly job tidies it."""
    schedule_reviews(NOW)
    mark_overdue_reviews(NOW)
    review = pending_review(pairing)
    transition(pairing, PairingStatus.SUSPENDED, why="as an earlier version left it")
    db.session.commit()
    assert count_overdue_reviews(worker, NOW) == 1
    schedule_reviews(NOW)
    db.session.commit()
    assert review.status is ReviewStatus.CANCELLED and count_overdue_reviews(worker, NOW) == 0


def test_tidying_and_marking_reviews_skip_what_a_request_at_the_same_moment_did(
    db, pairing, worker, monkeypatch
):
    """Two dashboard views (or one and the nightly job) tidy the same reviews: the one that
    finds a review already moved goes on instead of failing the page."""
    schedule_reviews(NOW)
    review = pending_review(pairing)
    review.due_on = TODAY - timedelta(days=1)
    db.session.commit()
    real = review_schedule.transition

    def moved_meanwhile(subject, to_state, **kwargs):
        if subject is review:
            raise StaleTransition(subject, to_state)
        return real(subject, to_state, **kwargs)

    monkeypatch.setattr(review_schedule, "transition", moved_meanwhile)
    assert mark_overdue_reviews(NOW) == 0
    monkeypatch.setattr(review_schedule, "transition", real)
    transition(pairing, PairingStatus.SUSPENDED, why="as an earlier version left it")
    monkeypatch.setattr(review_schedule, "transition", moved_meanwhile)
    assert schedule_reviews(NOW) == 0  # no error; nothing to schedule
