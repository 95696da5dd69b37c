"""A certificate requested twice (a double click, or again later) is one certificate, as long
as it would say the same."""

from datetime import timedelta

from sqlalchemy import func, select

from matchmaker.reward import services
from matchmaker.reward.models import Certificate
from tests.live import logged_in_opener, post_at_once
from tests.supervise.builders import NOW, TODAY, log_visit

PERIOD = {"start": TODAY - timedelta(days=30), "end": TODAY}


def test_a_certificate_requested_twice_at_once_is_issued_once(live_server, db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "12:30", verified_by=worker)
    tabs = [logged_in_opener(live_server, pairing.volunteer.user.email, "/reward/me") for _ in "ab"]
    fields = {
        "period_start": PERIOD["start"].isoformat(),
        "period_end": PERIOD["end"].isoformat(),
    }

    outcomes = post_at_once(
        f"{live_server}/reward/certificates",
        [(opener, {**fields, "csrf_token": token}) for opener, _, token in tabs],
    )

    assert [code for code, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_the_same_certificate_again_until_it_would_say_something_else(db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "12:30", verified_by=worker)
    volunteer, by = pairing.volunteer, pairing.volunteer.user
    first = services.issue_certificate(volunteer, **PERIOD, by=by, now=NOW)
    db.session.commit()
    assert services.issue_certificate(volunteer, **PERIOD, by=by, now=NOW) is first
    log_visit(pairing, TODAY - timedelta(days=2), "09:00", "10:00", verified_by=worker)
    more = services.issue_certificate(volunteer, **PERIOD, by=by, now=NOW)
    db.session.commit()
    assert more is not first and (first.minutes, more.minutes) == (210, 270)
    services.revoke_certificate(more, by=worker, reason="时长有误", now=NOW)
    db.session.commit()
    again = services.issue_certificate(volunteer, **PERIOD, by=by, now=NOW)
    assert again not in (first, more) and again.minutes == 270
