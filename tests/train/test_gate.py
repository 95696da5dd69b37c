"""The training gate: a confirmed pairing becomes active only once every required course is done."""

from matchmaker.core.events import history
from matchmaker.core.types import utcnow
from matchmaker.match.models import PairingStatus
from matchmaker.registry.models import DisabilityCategory
from matchmaker.train import enrolment
from matchmaker.train.models import CompletionMethod, Requirement
from matchmaker.train.services import missing_courses, record_completion, required_courses
from tests.factories import NeedFactory, ResidentFactory, SkillFactory, VolunteerFactory
from tests.train import helpers


def test_with_no_courses_a_confirmed_pairing_is_active_at_once(db, world):
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.ACTIVE


def test_a_missing_course_holds_the_pairing_until_attendance_completes_it(db, world):
    basic = helpers.course()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    assert pairing.activated_at is None
    assert missing_courses(world["volunteer"], world["need"]) == [basic]

    sitting = helpers.session(basic, world["home"])
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    helpers.move_to_past(sitting)
    enrolment.mark_attendance(place, True, by=world["worker"], now=utcnow())
    db.session.commit()

    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE
    assert pairing.activated_at is not None
    assert history(pairing)[-1].reason == "training complete"
    assert missing_courses(world["volunteer"], world["need"]) == []


def test_each_rule_requires_its_course_and_nothing_else(db, world):
    basic = helpers.course()
    sign = helpers.sign_language()
    visits = helpers.home_visit_quiz()
    braille = SkillFactory(name="盲文", name_en="Braille")
    braille_course = helpers.course("盲文入门", Requirement.SKILL, skill_id=braille.id)
    retired = helpers.course("旧课程", active=False)

    hearing_escort = world["need"]
    assert required_courses(hearing_escort) == [basic, sign]
    visual_home = NeedFactory(
        resident=ResidentFactory(
            community=world["home"], disability_category=DisabilityCategory.VISUAL
        ),
        open=True,
        home_visit=True,
        skills=[braille],
    )
    assert required_courses(visual_home) == [basic, visits, braille_course]
    assert retired not in required_courses(visual_home)


def test_a_completion_activates_only_the_pairings_it_completes(db, world):
    basic = helpers.course()
    helpers.sign_language()
    volunteer = world["volunteer"]
    volunteer.capacity = 2
    db.session.commit()
    visual = NeedFactory(
        resident=ResidentFactory(
            community=world["home"], disability_category=DisabilityCategory.VISUAL
        ),
        open=True,
        skills=[world["escort"]],
    )
    hearing_pairing = helpers.confirmed_pairing(world["need"], volunteer, world["worker"])
    visual_pairing = helpers.confirmed_pairing(visual, volunteer, world["worker"])

    record_completion(volunteer, basic, CompletionMethod.IMPORT, by=world["worker"], now=utcnow())
    db.session.commit()
    db.session.refresh(hearing_pairing)
    db.session.refresh(visual_pairing)
    assert visual_pairing.status is PairingStatus.ACTIVE
    assert hearing_pairing.status is PairingStatus.CONFIRMED  # still needs 手语基础


def test_completions_are_kept_once_per_volunteer_and_course(db, world):
    basic = helpers.course()
    first = record_completion(
        world["volunteer"], basic, CompletionMethod.IMPORT, by=None, now=utcnow()
    )
    again = record_completion(
        world["volunteer"], basic, CompletionMethod.QUIZ, by=None, now=utcnow(), score=90
    )
    assert again.id == first.id and again.method is CompletionMethod.IMPORT


def test_another_volunteers_completion_does_not_count(db, world):
    basic = helpers.course()
    other = VolunteerFactory(approved=True, community=world["home"])
    record_completion(other, basic, CompletionMethod.IMPORT, by=None, now=utcnow())
    assert missing_courses(world["volunteer"], world["need"]) == [basic]
