"""Training at the same moment: the last place, a double click, corrections, two courses
completed at once, two enrolments in one course, an enrolment as a place is given up."""

import threading
import urllib.error
import urllib.parse

from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.supervise import ending
from matchmaker.train import corrections
from matchmaker.train import enrolment as enrolments
from matchmaker.train.models import CourseCompletion, Enrolment, EnrolmentStatus, TrainingSession
from tests.factories import UserFactory, VolunteerFactory
from tests.live import logged_in_opener, post_at_once
from tests.lock_waits import Interleaving, in_background
from tests.notify.helpers import kinds_of
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


def _attended_with_pairing(db, world):
    """The volunteer marked attended at a session that has begun, their pairing active."""
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    return sitting, place, pairing


def _staff_session(base: str, login: str, sitting):
    opener, _, token = logged_in_opener(base, login, f"/train/sessions/{sitting.id}")
    return opener, token


def test_two_social_workers_correcting_at_once_correct_once(live_server, db, world):
    colleague = UserFactory(roles=["social_worker"], communities=[world["home"]])
    sitting, place, pairing = _attended_with_pairing(db, world)
    staff = [_staff_session(live_server, u.email, sitting) for u in (world["worker"], colleague)]

    outcomes = post_at_once(
        f"{live_server}/train/sessions/{sitting.id}/attendance/{place.id}/correct",
        [(opener, {"csrf_token": token, "reason": "看错了行"}) for opener, token in staff],
    )

    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    db.session.expire_all()
    assert db.session.get(Enrolment, place.id).status is EnrolmentStatus.ABSENT
    assert [e.to_state for e in history(place)].count("absent") == 1
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 0
    assert db.session.get(Pairing, pairing.id).status is PairingStatus.CONFIRMED
    assert kinds_of(world["volunteer"].user).count("pairing_awaiting_training") == 1


def test_a_correction_and_an_attended_mark_at_once_agree(live_server, db, world):
    """One corrects while a colleague marks the volunteer attended (as after a correction):
    whichever lands first, the roll, the completion and the pairing tell the same story."""
    colleague = UserFactory(roles=["social_worker"], communities=[world["home"]])
    sitting, place, pairing = _attended_with_pairing(db, world)
    corrector = _staff_session(live_server, world["worker"].email, sitting)
    marker = _staff_session(live_server, colleague.email, sitting)
    base = f"{live_server}/train/sessions/{sitting.id}/attendance/{place.id}"

    barrier = threading.Barrier(2)
    codes = []

    def send(opener, address, fields):
        body = urllib.parse.urlencode(fields).encode()
        barrier.wait()
        try:
            codes.append(opener.open(address, data=body).status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [
        threading.Thread(
            target=send,
            args=(corrector[0], f"{base}/correct", {"csrf_token": corrector[1], "reason": "看错"}),
        ),
        threading.Thread(
            target=send,
            args=(marker[0], base, {"csrf_token": marker[1], "outcome": "attended"}),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert set(codes) <= {302, 409} and 302 in codes, codes
    db.session.expire_all()
    status = db.session.get(Enrolment, place.id).status
    completions = db.session.scalar(select(func.count(CourseCompletion.id)))
    paired = db.session.get(Pairing, pairing.id).status
    assert (status, completions, paired) in (
        (EnrolmentStatus.ABSENT, 0, PairingStatus.CONFIRMED),
        (EnrolmentStatus.COMPLETED, 1, PairingStatus.ACTIVE),
    )


def test_the_last_two_courses_marked_at_once_activate_the_pairing(live_server, db, world):
    """Two social workers mark the volunteer attended at two sessions (the last two courses
    the pairing waits for) at the same moment: the second sees the first's completion."""
    sittings = [helpers.session(helpers.course(t), world["home"]) for t in ("课程一", "课程二")]
    places = [enrolments.enrol(world["volunteer"], s, now=utcnow()) for s in sittings]
    db.session.commit()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    for sitting in sittings:
        helpers.move_to_past(sitting)
    colleague = UserFactory(roles=["social_worker"], communities=[world["home"]])
    posts = []
    for user, sitting, place in zip((world["worker"], colleague), sittings, places, strict=True):
        opener, token = _staff_session(live_server, user.email, sitting)
        address = f"{live_server}/train/sessions/{sitting.id}/attendance/{place.id}"
        posts.append((opener, {"csrf_token": token, "outcome": "attended"}, address))

    outcomes = post_at_once(None, posts)

    assert [code for code, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 2
    assert db.session.get(Pairing, pairing.id).status is PairingStatus.ACTIVE


def test_a_quiz_passed_twice_at_once_completes_the_course_once(live_server, db, world):
    course = helpers.home_visit_quiz()
    answers = {f"q{n}": str(a) for n, a in enumerate(helpers.RIGHT)}
    tabs = [
        logged_in_opener(live_server, world["volunteer"].user.email, f"/train/courses/{course.id}")
        for _ in range(2)
    ]

    outcomes = post_at_once(
        f"{live_server}/train/courses/{course.id}/quiz",
        [(opener, {**answers, "csrf_token": token}) for opener, _, token in tabs],
    )

    assert [code for code, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1


def test_enrolling_in_two_sessions_of_a_course_at_once_gives_one_place(live_server, db, world):
    course = helpers.course()
    sittings = [
        helpers.session(course, world["home"], capacity=5),
        helpers.session(course, world["home"], capacity=5, hours_from_now=72),
    ]
    posts = []
    for sitting in sittings:
        opener, token = volunteer_opener(live_server, world["volunteer"].user.email)
        posts.append(
            (opener, {"csrf_token": token}, f"{live_server}/train/sessions/{sitting.id}/enrol")
        )

    outcomes = post_at_once(None, posts)

    assert sorted(code for code, _ in outcomes) == [302, 409], outcomes
    assert "另一场" in next(body for code, body in outcomes if code == 409)
    db.session.expire_all()
    assert [e.status for e in db.session.scalars(select(Enrolment))] == [EnrolmentStatus.ENROLLED]
    assert sorted(db.session.get(TrainingSession, s.id).taken for s in sittings) == [0, 1]


def test_enrolling_in_a_full_session_as_its_place_is_given_up(live_server, db, world):
    """One volunteer enrols in a full session while the one holding its place withdraws:
    whichever comes first, the newcomer ends up with the place, never on the waiting list of
    a session with a free place."""
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    holder, newcomer = VolunteerFactory(approved=True), VolunteerFactory(approved=True)
    enrolments.enrol(holder, sitting, now=utcnow())
    db.session.commit()
    address = f"{live_server}/train/sessions/{sitting.id}"
    posts = []
    for volunteer, action in ((newcomer, "enrol"), (holder, "withdraw")):
        opener, token = volunteer_opener(live_server, volunteer.user.email)
        posts.append((opener, {"csrf_token": token}, f"{address}/{action}"))

    outcomes = post_at_once(None, posts)

    assert [code for code, _ in outcomes] == [302, 302], outcomes
    db.session.expire_all()
    assert db.session.get(TrainingSession, sitting.id).taken == 1
    rows = {e.volunteer_id: e.status for e in db.session.scalars(select(Enrolment))}
    assert rows == {holder.id: EnrolmentStatus.WITHDRAWN, newcomer.id: EnrolmentStatus.ENROLLED}


def test_a_correction_and_the_end_of_its_pairing_at_once(live_server, db, world, monkeypatch):
    """The roll is corrected (the active pairing goes back to waiting for training) while a
    colleague ends the pairing. Both take the pairing before the volunteer's row, so the end
    waits for the correction instead of deadlocking with it (a 500 on PostgreSQL)."""
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    roll = f"/train/sessions/{sitting.id}"
    corrector, _, token = logged_in_opener(live_server, world["worker"].email, roll)
    colleague = UserFactory(roles=["social_worker"], communities=[world["home"]])
    page = f"/supervise/pairings/{pairing.id}"
    ender, _, end_token = logged_in_opener(live_server, colleague.email, page)
    correct = (
        corrector,
        {"csrf_token": token, "reason": "点名点错了行"},
        f"{live_server}{roll}/attendance/{place.id}/correct",
    )
    end = (
        ender,
        {"end-csrf_token": end_token, "end-need": "reopen", "end-reason": "居民搬家"},
        f"{live_server}{page}/end",
    )
    pinned = Interleaving()
    pinned.first(monkeypatch, corrections, "_plan")  # the volunteer's row held
    pinned.second(monkeypatch, ending, "lock_pairing")

    thread, corrected = in_background(lambda: post_at_once(None, [correct]))
    assert pinned.holding.wait(10)
    [ended] = post_at_once(None, [end])
    thread.join(60)

    assert [code for code, _ in corrected[0]] == [302]
    assert ended[0] == 302, ended
    db.session.expire_all()
    stored = db.session.get(Pairing, pairing.id)
    assert [e.to_state for e in history(stored)][-2:] == ["confirmed", "ended"]
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 0
    assert db.session.get(Enrolment, place.id).status is EnrolmentStatus.ABSENT
