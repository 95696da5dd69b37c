"""Every move of a pairing, of its reviews or of its incidents writes the pairing's row before
any other: two moves on one pairing queue there, in one order, instead of each holding a row
the other waits for (a deadlock on PostgreSQL: a 500, and a typed incident report lost)."""

import re
from contextlib import contextmanager
from datetime import time, timedelta

import pytest
from sqlalchemy import event, update

from matchmaker.supervise import reviews
from matchmaker.supervise.ending import end_pairing
from matchmaker.supervise.incidents import report_incident, resolve_incident, resume_pairing
from matchmaker.supervise.logs import LogValues, create_log
from matchmaker.supervise.models import (
    Activity,
    Decision,
    Outcome,
    ReviewStatus,
    SupervisionReview,
)
from matchmaker.supervise.review_schedule import pending_review, schedule_reviews
from matchmaker.supervise.reviews import ReviewedMeanwhile, last_review_id, record_review
from tests.supervise.builders import NOW, TODAY

WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


@contextmanager
def tables_written(db):
    """The tables written, in the order of the statements."""
    written = []

    def record(conn, cursor, statement, parameters, context, executemany):
        found = WRITE.match(statement)
        if found:
            written.append(found.group(1))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield written
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _review(outcome):
    def act(pairing, worker):
        record_review(
            pairing,
            by=worker,
            satisfaction=3,
            risks="",
            actions="",
            outcome=outcome,
            now=NOW,
            after=0,
        )

    return act


def _log_a_visit(pairing, worker):
    day = TODAY - timedelta(days=1)
    values = LogValues(day, time(9), time(10), Activity.VISIT)
    create_log(pairing, values, by=pairing.volunteer.user, now=NOW)


ACTIONS = {
    "end": lambda p, w: end_pairing(p, by=w, reason="搬家", now=NOW),
    "report an incident": lambda p, w: report_incident(p, by=w, description="摔倒", now=NOW),
    "review, continue": _review(Outcome.CONTINUE),
    "review, pause": _review(Outcome.PAUSE),
    "review, end": _review(Outcome.END),
    "schedule reviews": lambda p, w: schedule_reviews(NOW),
    "log a visit": _log_a_visit,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_move_writes_the_pairing_first(db, pairing, worker, action):
    with tables_written(db) as written:
        ACTIONS[action](pairing, worker)
        db.session.flush()
    assert written and written[0] == "pairing", written


@pytest.mark.parametrize("decision", [Decision.RESUME, Decision.END])
def test_resolving_an_incident_writes_the_pairing_first(db, pairing, worker, decision):
    incident = report_incident(pairing, by=worker, description="一", now=NOW)
    db.session.commit()
    with tables_written(db) as written:
        resolve_incident(incident, decision, by=worker, note="商量后决定", now=NOW)
    assert written[0] == "pairing" and "incident" in written, written


def test_resuming_writes_the_pairing_first(db, pairing, worker):
    record_review(
        pairing, by=worker, satisfaction=2, risks="", actions="", outcome=Outcome.PAUSE, now=NOW
    )
    db.session.commit()
    with tables_written(db) as written:
        resume_pairing(pairing, by=worker, why="ok", now=NOW)
    assert written[0] == "pairing" and "supervision_review" in written, written


def test_a_review_marked_overdue_a_moment_ago_is_still_recorded(db, pairing, worker, monkeypatch):
    """A colleague's dashboard view (or the nightly job) marks the due review overdue between
    the review's reading it and its recording: the review is recorded all the same."""
    schedule_reviews(NOW)
    db.session.commit()
    counted = reviews.visits_since_last_review

    def meanwhile_marked_overdue(pairing, now):
        db.session.execute(
            update(SupervisionReview)
            .values(status=ReviewStatus.OVERDUE)
            .execution_options(synchronize_session=False)
        )
        return counted(pairing, now)

    monkeypatch.setattr(reviews, "visits_since_last_review", meanwhile_marked_overdue)
    review = record_review(
        pairing, by=worker, satisfaction=4, risks="", actions="", outcome=Outcome.CONTINUE, now=NOW
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(SupervisionReview, review.id).status is ReviewStatus.DONE
    assert pending_review(pairing) is None


def test_a_review_written_before_a_colleagues_is_not_recorded_twice(db, pairing, worker):
    """The form carries the latest done review it was shown with: a second review written on
    the same page (a colleague's, sent at the same moment) is refused, not stored beside it."""
    seen = last_review_id(pairing)
    first = _review(Outcome.CONTINUE)
    first(pairing, worker)
    db.session.commit()
    with pytest.raises(ReviewedMeanwhile):
        record_review(
            pairing,
            by=worker,
            satisfaction=4,
            risks="",
            actions="",
            outcome=Outcome.CONTINUE,
            now=NOW,
            after=seen,
        )
