"""Two volunteers take the last place at the same moment: one enrolled, one on the waiting list."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import select

from matchmaker.train.models import Enrolment, EnrolmentStatus, TrainingSession
from tests.factories import VolunteerFactory
from tests.live import logged_in_opener
from tests.train import helpers


def volunteer_opener(base: str, login: str):
    """A volunteer's browser: logged in, with a CSRF token from the catalogue."""
    opener, _, token = logged_in_opener(base, login, "/train/courses")
    return opener, token


def _race(live_server, sessions, address):
    barrier = threading.Barrier(len(sessions))
    codes = []

    def post(session):
        opener, token = session
        body = urllib.parse.urlencode({"csrf_token": token}).encode()
        barrier.wait()
        try:
            codes.append(opener.open(f"{live_server}{address}", data=body).status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=post, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def test_two_volunteers_racing_for_the_last_place(live_server, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    racers = [VolunteerFactory(approved=True) for _ in range(2)]
    sessions = [volunteer_opener(live_server, v.user.email) for v in racers]

    codes = _race(live_server, sessions, f"/train/sessions/{sitting.id}/enrol")

    assert codes == [302, 302]
    db.session.expire_all()
    statuses = sorted(e.status.value for e in db.session.scalars(select(Enrolment)))
    assert statuses == ["enrolled", "waitlisted"]
    assert db.session.get(TrainingSession, sitting.id).taken == 1


def test_a_double_click_enrols_once(live_server, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=5)
    opener = volunteer_opener(live_server, world["volunteer"].user.email)

    codes = _race(live_server, [opener, opener], f"/train/sessions/{sitting.id}/enrol")

    assert sorted(codes) == [302, 409]
    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment)).all()
    assert [e.status for e in rows] == [EnrolmentStatus.ENROLLED]
    assert db.session.get(TrainingSession, sitting.id).taken == 1
