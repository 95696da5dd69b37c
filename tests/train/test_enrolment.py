"""Volunteers enrol in sessions; a full session has a waiting list that moves up by itself."""

from datetime import timedelta

from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.train import enrolment
from matchmaker.train.models import Enrolment, EnrolmentStatus, SessionStatus
from tests.conftest import csrf_from
from tests.factories import VolunteerFactory
from tests.train import helpers


def _enrol(client, sitting, **extra):
    token = csrf_from(client.get(f"/train/courses/{sitting.course_id}"))
    return client.post(f"/train/sessions/{sitting.id}/enrol", data={"csrf_token": token, **extra})


def _withdraw(client, sitting):
    token = csrf_from(client.get(f"/train/courses/{sitting.course_id}"))
    return client.post(f"/train/sessions/{sitting.id}/withdraw", data={"csrf_token": token})


def _rows(db):
    return db.session.scalar(select(func.count(Enrolment.id)))


def test_a_volunteer_enrols_and_sees_the_session_as_theirs(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=2)
    auth.login(world["volunteer"].user.email)
    response = _enrol(client, sitting)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "已报名" in page and "退出" in page
    db.session.refresh(sitting)
    assert sitting.taken == 1
    row = db.session.scalar(select(Enrolment))
    assert row.status is EnrolmentStatus.ENROLLED
    assert [e.to_state for e in history(row)] == ["enrolled"]


def test_enrolling_twice_is_refused_and_changes_nothing(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=2)
    auth.login(world["volunteer"].user.email)
    _enrol(client, sitting)
    response = _enrol(client, sitting)
    assert response.status_code == 409
    assert "您已报名本场培训" in response.get_data(as_text=True)
    db.session.refresh(sitting)
    assert sitting.taken == 1 and _rows(db) == 1


def test_a_past_or_cancelled_session_takes_no_enrolment(client, auth, db, world):
    basic = helpers.course()
    begun = helpers.session(basic, world["home"], hours_from_now=-1)
    cancelled = helpers.session(basic, world["home"], status=SessionStatus.CANCELLED)
    auth.login(world["volunteer"].user.email)
    response = _enrol(client, begun)
    assert response.status_code == 409
    assert "本场培训已开始" in response.get_data(as_text=True)
    response = _enrol(client, cancelled)
    assert response.status_code == 409
    assert "本场培训已取消" in response.get_data(as_text=True)
    assert _rows(db) == 0


def test_one_session_of_a_course_at_a_time_and_none_after_completing_it(db, world):
    basic = helpers.course()
    first = helpers.session(basic, world["home"])
    second = helpers.session(basic, world["home"], hours_from_now=96)
    volunteer = world["volunteer"]
    enrolment.enrol(volunteer, first, now=utcnow())
    try:
        enrolment.enrol(volunteer, second, now=utcnow())
    except enrolment.Refused as exc:
        assert exc.reason == "other_session"
    else:
        raise AssertionError("a second session of the same course was accepted")


def test_a_full_session_puts_the_next_on_its_waiting_list(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    enrolment.enrol(VolunteerFactory(approved=True), sitting, now=utcnow())
    db.session.commit()
    auth.login(world["volunteer"].user.email)
    page = client.get(f"/train/courses/{sitting.course_id}").get_data(as_text=True)
    assert "加入候补名单" in page
    response = _enrol(client, sitting)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "候补名单" in page
    mine = enrolment.enrolment_of(world["volunteer"], sitting)
    assert mine.status is EnrolmentStatus.WAITLISTED
    db.session.refresh(sitting)
    assert sitting.taken == 1


def test_a_freed_place_goes_to_the_earliest_on_the_waiting_list(db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    now = utcnow()
    holder, early, late = (VolunteerFactory(approved=True) for _ in range(3))
    holding = enrolment.enrol(holder, sitting, now=now)
    enrolment.enrol(late, sitting, now=now + timedelta(minutes=2))
    waiting_early = enrolment.enrol(early, sitting, now=now + timedelta(minutes=1))
    db.session.commit()
    moved = enrolment.withdraw(holding, by=holder.user, now=now + timedelta(minutes=3))
    db.session.commit()
    assert moved.id == waiting_early.id
    assert moved.status is EnrolmentStatus.ENROLLED
    assert history(moved)[-1].reason == "moved up from the waiting list"
    assert enrolment.enrolment_of(late, sitting).status is EnrolmentStatus.WAITLISTED
    db.session.refresh(sitting)
    assert sitting.taken == 1


def test_leaving_the_waiting_list_frees_no_place(db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    holder, waiting = VolunteerFactory(approved=True), VolunteerFactory(approved=True)
    enrolment.enrol(holder, sitting, now=utcnow())
    on_list = enrolment.enrol(waiting, sitting, now=utcnow())
    assert enrolment.withdraw(on_list, by=waiting.user, now=utcnow()) is None
    db.session.refresh(sitting)
    assert sitting.taken == 1
    assert enrolment.enrolment_of(holder, sitting).status is EnrolmentStatus.ENROLLED


def test_withdraw_and_enrol_again(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=3)
    auth.login(world["volunteer"].user.email)
    _enrol(client, sitting)
    assert _withdraw(client, sitting).status_code == 302
    db.session.refresh(sitting)
    assert sitting.taken == 0
    assert _enrol(client, sitting).status_code == 302
    row = enrolment.enrolment_of(world["volunteer"], sitting)
    assert [e.to_state for e in history(row)] == ["enrolled", "withdrawn", "enrolled"]


def test_no_withdrawing_once_the_session_has_begun(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"])
    enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    helpers.move_to_past(sitting)
    auth.login(world["volunteer"].user.email)
    response = _withdraw(client, sitting)
    assert response.status_code == 409
    assert enrolment.enrolment_of(world["volunteer"], sitting).status is EnrolmentStatus.ENROLLED


def test_cancelling_a_session_withdraws_everyone(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    first, second = VolunteerFactory(approved=True), VolunteerFactory(approved=True)
    enrolment.enrol(first, sitting, now=utcnow())
    enrolment.enrol(second, sitting, now=utcnow())
    db.session.commit()
    auth.login(world["worker"].email)
    token = csrf_from(client.get(f"/train/sessions/{sitting.id}"))
    response = client.post(f"/train/sessions/{sitting.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(sitting)
    assert sitting.status is SessionStatus.CANCELLED
    statuses = {e.status for e in db.session.scalars(select(Enrolment))}
    assert statuses == {EnrolmentStatus.WITHDRAWN}


def test_only_volunteers_enrol(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"])
    auth.login(world["worker"].email)
    token = csrf_from(client.get(f"/train/courses/{sitting.course_id}"))
    response = client.post(f"/train/sessions/{sitting.id}/enrol", data={"csrf_token": token})
    assert response.status_code == 403
    assert _rows(db) == 0


def test_reminders_are_due_the_day_before_for_those_holding_a_place(db, world):
    basic = helpers.course()
    tomorrow = helpers.session(basic, world["home"], hours_from_now=20, capacity=1)
    next_week = helpers.session(helpers.sign_language(), world["home"], hours_from_now=170)
    holder, waiting = VolunteerFactory(approved=True), VolunteerFactory(approved=True)
    held = enrolment.enrol(holder, tomorrow, now=utcnow())
    enrolment.enrol(waiting, tomorrow, now=utcnow())  # waiting list: no reminder
    enrolment.enrol(holder, next_week, now=utcnow())
    db.session.commit()
    assert [e.id for e in enrolment.reminders_due(utcnow())] == [held.id]
    assert enrolment.reminders_due(utcnow() + timedelta(days=1)) == []
    later = enrolment.reminders_due(utcnow() + timedelta(hours=150))
    assert [e.session_id for e in later] == [next_week.id]


def test_my_training_shows_my_place_on_the_waiting_list_and_lets_me_leave(client, auth, db, world):
    sitting = helpers.session(helpers.course(), world["home"], capacity=1)
    now = utcnow()
    for minutes in (0, 1):
        enrolment.enrol(
            VolunteerFactory(approved=True), sitting, now=now + timedelta(minutes=minutes)
        )
    enrolment.enrol(world["volunteer"], sitting, now=now + timedelta(minutes=2))
    db.session.commit()
    auth.login(world["volunteer"].user.email)
    page = client.get("/train/me").get_data(as_text=True)
    assert "候补中（第 2 位）" in page
    assert ">取消报名<span" in page  # leaving a session, not 撤下 ("take down", as for a wish)
    token = csrf_from(client.get("/train/me"))
    response = client.post(
        f"/train/sessions/{sitting.id}/withdraw", data={"csrf_token": token, "back": "me"}
    )
    assert response.headers["Location"].endswith("/train/me")
    assert enrolment.enrolment_of(world["volunteer"], sitting).status is EnrolmentStatus.WITHDRAWN
