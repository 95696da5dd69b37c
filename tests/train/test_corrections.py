"""An "attended" marked on the wrong row is corrected to absent: the completion this session
recorded goes, and with it the pairings it made active; any other record of the course stays."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from matchmaker.core.events import InvalidTransition, StaleTransition, history, transition
from matchmaker.core.histories import event_reason
from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.supervise.review_schedule import pending_review, schedule_reviews
from matchmaker.train import corrections, enrolment
from matchmaker.train.models import (
    CompletionMethod,
    CourseCompletion,
    EnrolmentStatus,
    Requirement,
    SessionStatus,
)
from matchmaker.train.services import Refused, record_completion
from tests.factories import UserFactory
from tests.notify.helpers import decided_meanwhile, kinds_of, notices, only_notice, text_in
from tests.train import helpers

REASON = "点名时看错了行，本人当天请假"


def _completions() -> list[CourseCompletion]:
    return list(db.session.scalars(select(CourseCompletion)))


def _correct(place, world, why=REASON):
    done = corrections.mark_absent_instead(place, by=world["worker"], why=why)
    db.session.commit()
    return done


def test_the_completion_goes_and_the_pairing_waits_for_training_again(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE and pairing.activated_at is not None

    preview = corrections.correction_preview(place)
    assert preview.completion_removed and preview.pairings == [pairing]
    done = _correct(place, world)

    assert done.completion_removed and done.pairings == [pairing]
    db.session.expire_all()
    assert place.status is EnrolmentStatus.ABSENT
    assert _completions() == []
    assert pairing.status is PairingStatus.CONFIRMED and pairing.activated_at is None
    last = history(place)[-1]
    assert (last.from_state, last.to_state, last.reason) == ("completed", "absent", REASON)
    assert last.actor_id == world["worker"].id
    back = history(pairing)[-1]
    assert (back.from_state, back.to_state) == ("active", "confirmed")
    assert back.reason == "training record corrected" and back.actor_id == world["worker"].id
    with force_locale("zh"):
        assert event_reason(back.reason) == "培训记录已更正"  # the pairing's history, in Chinese
    notice = only_notice("pairing_awaiting_training")
    assert notice.user_id == world["volunteer"].user_id and notice.link == "/train/me"
    english = text_in(notice, "en")
    assert f"Pairing {pairing.id} waits for it again" in english
    assert "“Disability service etiquette”" in english and REASON in english
    assert world["resident"].name not in english + text_in(notice, "zh")


def test_the_volunteer_may_enrol_again_and_the_next_attendance_reactivates(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    _correct(place, world)
    again = helpers.session(sitting.course, world["home"])
    second = enrolment.enrol(world["volunteer"], again, now=utcnow())
    db.session.commit()
    helpers.move_to_past(again)
    enrolment.mark_attendance(second, True, by=world["worker"], now=utcnow())
    db.session.commit()
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE
    assert [c.session_id for c in _completions()] == [again.id]


@pytest.mark.parametrize("method", [CompletionMethod.QUIZ, CompletionMethod.IMPORT])
def test_a_completion_from_elsewhere_stays_and_nothing_else_changes(db, world, method):
    basic = helpers.course()
    sitting = helpers.session(basic, world["home"])
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    record_completion(world["volunteer"], basic, method, by=None, now=utcnow(), score=90)
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.ACTIVE
    helpers.move_to_past(sitting)
    enrolment.mark_attendance(place, True, by=world["worker"], now=utcnow())
    db.session.commit()

    assert corrections.correction_preview(place).kept_by is method
    done = _correct(place, world)

    assert done.kept_by is method and not done.completion_removed and done.pairings == []
    db.session.expire_all()
    assert place.status is EnrolmentStatus.ABSENT
    assert [c.method for c in _completions()] == [method]
    assert pairing.status is PairingStatus.ACTIVE
    assert "pairing_awaiting_training" not in kinds_of(world["volunteer"].user)


def test_attending_another_session_of_the_course_keeps_it_completed(db, world):
    """Enrolled in a second session while the first was still unmarked, and marked attended
    at both: correcting either leaves the course completed by the other."""
    basic = helpers.course()
    first = helpers.session(basic, world["home"])
    at_first = enrolment.enrol(world["volunteer"], first, now=utcnow())
    db.session.commit()
    helpers.move_to_past(first, hours=30)
    second = helpers.session(basic, world["home"])
    at_second = enrolment.enrol(world["volunteer"], second, now=utcnow())
    db.session.commit()
    helpers.move_to_past(second)
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    for place in (at_first, at_second):
        enrolment.mark_attendance(place, True, by=world["worker"], now=utcnow())
    db.session.commit()
    assert [c.session_id for c in _completions()] == [first.id]

    assert corrections.correction_preview(at_first).credited_to == second
    done = _correct(at_first, world)

    assert done.credited_to == second and not done.completion_removed
    db.session.expire_all()
    [completion] = _completions()
    assert completion.session_id == second.id and completion.completed_at == second.starts_at
    assert pairing.status is PairingStatus.ACTIVE
    # The other way round, the completion now names the session still standing.
    assert corrections.correction_preview(at_second).completion_removed


def test_a_pairing_whose_need_does_not_require_the_course_stays_active(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    home_visits = helpers.course("居家探访安全", Requirement.HOME_VISIT)  # need: no home visits
    sitting, place = helpers.marked_attended(world, home_visits)
    done = _correct(place, world)
    assert done.completion_removed and done.pairings == []
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE and _completions() == []
    assert "pairing_awaiting_training" not in kinds_of(world["volunteer"].user)


def test_a_pairing_lacking_some_other_course_is_not_sent_back_for_this_one(db, world):
    """A course required only since the pairing began is no reason for this correction to
    send it back, nor to tell the volunteer it waits for this course."""
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    helpers.course("助残服务礼仪")  # required of everyone from now on; not done by them
    home_visits = helpers.course("居家探访安全", Requirement.HOME_VISIT)
    sitting, place = helpers.marked_attended(world, home_visits)
    assert corrections.correction_preview(place).pairings == []
    done = _correct(place, world)
    assert done.completion_removed and done.pairings == []
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE
    assert kinds_of(world["volunteer"].user)[-1] == "course_completion_corrected"
    notice = only_notice("course_completion_corrected")
    assert REASON in text_in(notice, "zh") and "居家探访安全" in text_in(notice, "zh")


def test_the_resident_and_the_pairings_social_workers_learn_why_visits_stop(db, world):
    world["resident"].user = UserFactory(roles=["resident"], name="王秀英")
    colleague = UserFactory(roles=["social_worker"], communities=[world["home"]], name="周社工")
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    schedule_reviews(utcnow())
    sitting, place = helpers.marked_attended(world)
    db.session.commit()
    _correct(place, world)
    for user in (world["resident"].user, colleague):
        assert kinds_of(user)[-1] == "pairing_back_to_training"
    assert "pairing_back_to_training" not in kinds_of(world["worker"])  # who corrected it
    notice = [n for n in notices() if n.user_id == world["resident"].user_id][-1]
    assert REASON not in text_in(notice, "zh")  # the staff's words go to the volunteer only
    assert pending_review(pairing) is None  # nothing to review until it is active


def test_a_suspended_pairing_is_left_to_its_incident(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    db.session.refresh(pairing)
    transition(pairing, PairingStatus.SUSPENDED, by=world["worker"], why="incident 1")
    db.session.commit()
    done = _correct(place, world)
    assert done.completion_removed and done.pairings == []
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.SUSPENDED


def test_a_pairing_suspended_meanwhile_keeps_that_decision(db, world, monkeypatch):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    found = corrections._active_pairings_needing

    def suspended_once_found(*args):
        pairings = found(*args)
        for each in pairings:  # a colleague's incident lands between the read and the write
            decided_meanwhile(each, PairingStatus.SUSPENDED)
        return pairings

    monkeypatch.setattr(corrections, "_active_pairings_needing", suspended_once_found)
    done = _correct(place, world)
    assert done.completion_removed and done.pairings == []
    db.session.expire_all()
    assert pairing.status is PairingStatus.SUSPENDED and pairing.activated_at is not None
    assert place.status is EnrolmentStatus.ABSENT
    assert "pairing_awaiting_training" not in kinds_of(world["volunteer"].user)
    assert "course_completion_corrected" in kinds_of(world["volunteer"].user)  # still told


@pytest.mark.parametrize("marked", [None, False])
def test_only_an_attended_volunteer_can_be_corrected(db, world, marked):
    basic = helpers.course()
    sitting = helpers.session(basic, world["home"])
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    helpers.move_to_past(sitting)
    if marked is not None:
        enrolment.mark_attendance(place, marked, by=world["worker"], now=utcnow())
        db.session.commit()
    with pytest.raises(InvalidTransition):
        corrections.mark_absent_instead(place, by=world["worker"], why=REASON)
    db.session.rollback()
    assert place.status is (EnrolmentStatus.ABSENT if marked is False else EnrolmentStatus.ENROLLED)


def test_a_correction_that_lost_the_race_changes_nothing(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    db.session.refresh(pairing)
    decided_meanwhile(place, EnrolmentStatus.ABSENT)  # a colleague's correction landed first
    with pytest.raises(StaleTransition):
        corrections.mark_absent_instead(place, by=world["worker"], why=REASON)
    assert len(_completions()) == 1 and pairing.status is PairingStatus.ACTIVE
    assert "pairing_awaiting_training" not in kinds_of(world["volunteer"].user)
    db.session.rollback()


def test_a_second_correction_is_refused(db, world):
    helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    sitting, place = helpers.marked_attended(world)
    _correct(place, world)
    with pytest.raises(InvalidTransition):
        corrections.mark_absent_instead(place, by=world["worker"], why="again")
    db.session.rollback()
    assert [e.reason for e in history(place) if e.to_state == "absent"] == [REASON]
    assert kinds_of(world["volunteer"].user).count("pairing_awaiting_training") == 1


def test_a_plain_absent_mark_cannot_undo_an_attendance(db, world):
    """Only the correction, with its reason, takes back a completion."""
    sitting, place = helpers.marked_attended(world)
    with pytest.raises(InvalidTransition):
        enrolment.mark_attendance(place, False, by=world["worker"], now=utcnow())
    db.session.rollback()
    assert place.status is EnrolmentStatus.COMPLETED and len(_completions()) == 1


def test_a_cancelled_session_is_refused(db, world):
    sitting, place = helpers.marked_attended(world)
    decided_meanwhile(sitting, SessionStatus.CANCELLED)
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(Refused):
        corrections.mark_absent_instead(place, by=world["worker"], why=REASON)
    db.session.rollback()
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1
