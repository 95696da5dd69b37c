"""Volunteers are told when they move up from a waiting list into a place, and when a session
they are enrolled in (or waiting for) is cancelled; nobody else is, and a move that lost a
race tells nobody."""

from datetime import timedelta

import pytest

from matchmaker.core.events import StaleTransition
from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.notify.email import build_message
from matchmaker.train import enrolment
from matchmaker.train.models import EnrolmentStatus, SessionStatus
from tests.conftest import csrf_from
from tests.factories import UserFactory, VolunteerFactory
from tests.notify.helpers import (
    decided_meanwhile,
    inbox_seen_by,
    kinds_of,
    notices,
    only_notice,
    text_in,
)
from tests.train import helpers


def _full_session(world, *, waiting=1):
    """A one-place session held by one volunteer, with ``waiting`` more on its waiting list."""
    sitting = helpers.session(
        helpers.course(title="助残服务礼仪", title_en="Disability service etiquette"),
        world["home"],
        capacity=1,
        place="文三社区活动室",
    )
    now = utcnow()
    holder = VolunteerFactory(approved=True)
    holding = enrolment.enrol(holder, sitting, now=now)
    waiting_list = []
    for n in range(waiting):
        volunteer = VolunteerFactory(approved=True)
        enrolment.enrol(volunteer, sitting, now=now + timedelta(minutes=n + 1))
        waiting_list.append(volunteer)
    db.session.commit()
    return sitting, holder, holding, waiting_list


def test_the_next_on_the_waiting_list_is_told_they_have_a_place(client, auth, world):
    sitting, holder, holding, (early, late) = _full_session(world, waiting=2)
    auth.login(holder.user.email)
    token = csrf_from(client.get(f"/train/courses/{sitting.course_id}"))
    response = client.post(f"/train/sessions/{sitting.id}/withdraw", data={"csrf_token": token})
    assert response.status_code == 302
    notice = only_notice("training_moved_up")
    assert notice.user_id == early.user_id and notice.link == "/train/me"
    assert kinds_of(holder.user) == [] and kinds_of(late.user) == []
    inbox = inbox_seen_by(client, auth, early.user)
    assert "有名额空出：您已从候补名单递补，正式报名" in inbox
    assert "的培训“助残服务礼仪”（地点：文三社区活动室）" in inbox
    assert "已报名" in client.get(notice.link).get_data(as_text=True)


def test_the_course_title_is_in_the_readers_language_also_by_email(world):
    sitting, holder, holding, (early,) = _full_session(world)
    early.user.locale = "en"
    enrolment.withdraw(holding, by=holder.user, now=utcnow())
    db.session.commit()
    notice = only_notice("training_moved_up")
    assert text_in(notice, "en").startswith(
        "A place became free: you are now enrolled in the training session "
        "“Disability service etiquette” at "
    )
    mail = build_message(notice, "noreply@matchmaker.example")
    assert "Disability service etiquette" in mail.get_content()
    assert "助残服务礼仪" not in mail.get_content()


def test_a_withdrawal_that_lost_the_race_moves_nobody_up(world):
    sitting, holder, holding, (early,) = _full_session(world)
    decided_meanwhile(holding, EnrolmentStatus.WITHDRAWN)  # withdrew in another tab
    with pytest.raises(StaleTransition):
        enrolment.withdraw(holding, by=holder.user, now=utcnow())
    assert notices() == []
    db.session.rollback()


def test_whoever_left_the_waiting_list_meanwhile_is_skipped_and_not_told(world):
    sitting, holder, holding, (gone, next_one) = _full_session(world, waiting=2)
    decided_meanwhile(enrolment.enrolment_of(gone, sitting), EnrolmentStatus.WITHDRAWN)
    enrolment.withdraw(holding, by=holder.user, now=utcnow())
    db.session.commit()
    assert [n.user_id for n in notices()] == [next_one.user_id]


def test_everyone_in_a_cancelled_session_is_told(client, auth, world):
    sitting, holder, holding, (waiting,) = _full_session(world)
    bystander = VolunteerFactory(approved=True)
    auth.login(world["worker"].email)
    token = csrf_from(client.get(f"/train/sessions/{sitting.id}"))
    response = client.post(f"/train/sessions/{sitting.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 302
    again = client.post(f"/train/sessions/{sitting.id}/cancel", data={"csrf_token": token})
    assert again.status_code == 409  # refused: nobody is told twice
    told = sorted(n.user_id for n in notices())
    assert told == sorted([holder.user_id, waiting.user_id])
    assert kinds_of(bystander.user) == [] and kinds_of(world["worker"]) == []
    notice = next(n for n in notices() if n.user_id == holder.user_id)
    assert notice.kind == "training_cancelled"
    assert notice.link == f"/train/courses/{sitting.course_id}"
    inbox = inbox_seen_by(client, auth, holder.user)
    assert "的培训“助残服务礼仪”已取消，您在该场次的名额（或候补位置）随之取消" in inbox
    assert client.get(notice.link).status_code == 200


def test_a_cancellation_that_lost_the_race_tells_nobody(world):
    sitting, holder, holding, waiting = _full_session(world)
    decided_meanwhile(sitting, SessionStatus.HELD)  # attendance was marked meanwhile
    with pytest.raises(StaleTransition):
        enrolment.cancel_session(sitting, by=world["worker"])
    assert notices() == []
    db.session.rollback()


def test_a_cancelled_session_of_a_course_no_longer_run_links_to_my_training(world):
    sitting, holder, holding, waiting = _full_session(world, waiting=0)
    sitting.course.active = False
    enrolment.cancel_session(sitting, by=UserFactory(roles=["admin"]))
    db.session.commit()
    assert only_notice("training_cancelled").link == "/train/me"
