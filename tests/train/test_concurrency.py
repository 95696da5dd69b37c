"""Two volunteers take the last place at the same moment: one enrolled, one on the waiting list."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from sqlalchemy import select

from matchmaker.train.models import Enrolment, EnrolmentStatus, TrainingSession
from tests.conftest import PASSWORD
from tests.factories import VolunteerFactory
from tests.match_web.test_concurrency import NoRedirect
from tests.train import helpers

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def logged_in_opener(base: str, login: str):
    """A volunteer's browser: logged in, with a CSRF token from the catalogue."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    token = TOKEN.search(opener.open(f"{base}/login").read().decode()).group(1)
    body = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf_token": token})
    try:
        opener.open(f"{base}/login", data=body.encode())
    except urllib.error.HTTPError as error:  # the 302 after logging in
        assert error.code == 302
    page = opener.open(f"{base}/train/courses").read().decode()
    return opener, TOKEN.search(page).group(1)


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
    sessions = [logged_in_opener(live_server, v.user.email) for v in racers]

    codes = _race(live_server, sessions, f"/train/sessions/{sitting.id}/enrol")

    assert codes == [302, 302]
    db.session.expire_all()
    statuses = sorted(e.status.value for e in db.session.scalars(select(Enrolment)))
    assert statuses == ["enrolled", "waitlisted"]
    assert db.session.get(TrainingSession, sitting.id).taken == 1


def test_a_double_click_enrols_once(live_server, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=5)
    opener = logged_in_opener(live_server, world["volunteer"].user.email)

    codes = _race(live_server, [opener, opener], f"/train/sessions/{sitting.id}/enrol")

    assert sorted(codes) == [302, 409]
    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment)).all()
    assert [e.status for e in rows] == [EnrolmentStatus.ENROLLED]
    assert db.session.get(TrainingSession, sitting.id).taken == 1
