"""Pairings waiting for training reach the social worker (the sessions page lists each with
the courses it misses; the home page counts those needing a session), and scheduling a
session tells the waiting volunteers of its community."""

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.train import enrolment
from matchmaker.train.models import CourseKind, Requirement
from matchmaker.train.waiting import count_waiting_for_a_session, waiting_pairings
from tests.conftest import csrf_from
from tests.factories import NeedFactory, ResidentFactory, VolunteerFactory
from tests.notify.helpers import kinds_of, notices, only_notice, text_in
from tests.train import helpers


def _waiting(world, **course_fields):
    etiquette = helpers.course(title_en="Disability service etiquette", **course_fields)
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    return pairing, etiquette


def test_a_pairing_missing_a_session_course_nobody_booked_needs_a_session(world):
    pairing, etiquette = _waiting(world)
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert waiting.pairing.id == pairing.id
    assert [(m.course.id, m.booking) for m in waiting.missing] == [(etiquette.id, None)]
    assert count_waiting_for_a_session(world["worker"], utcnow()) == 1
    # another community's social worker does not see it
    assert waiting_pairings(world["stranger"], utcnow()) == []
    assert count_waiting_for_a_session(world["stranger"], utcnow()) == 0

    # a session to come (in any community: volunteers enrol anywhere) waits for the
    # volunteer to enrol, not for staff
    sitting = helpers.session(etiquette, world["elsewhere"])
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert waiting.missing[0].booking is None and waiting.missing[0].upcoming == 1
    assert count_waiting_for_a_session(world["worker"], utcnow()) == 0
    place = enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert waiting.missing[0].booking.id == place.id
    assert count_waiting_for_a_session(world["worker"], utcnow()) == 0

    # once that session has begun it is neither a booking nor a session to come
    helpers.move_to_past(sitting)
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert (waiting.missing[0].booking, waiting.missing[0].upcoming) == (None, 0)
    assert count_waiting_for_a_session(world["worker"], utcnow()) == 1


def test_a_self_study_course_is_listed_but_asks_nothing_of_staff(world):
    _waiting(world, kind=CourseKind.SELF_STUDY, quiz=[], material="读一读")
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert waiting.missing[0].course.kind is CourseKind.SELF_STUDY
    assert count_waiting_for_a_session(world["worker"], utcnow()) == 0


def test_scheduling_a_session_tells_the_waiting_volunteers_of_its_community(client, auth, world):
    pairing, etiquette = _waiting(world)
    booked = VolunteerFactory(approved=True, community=world["home"])
    other_need = NeedFactory(resident=ResidentFactory(community=world["home"]), open=True)
    helpers.confirmed_pairing(other_need, booked, world["worker"])
    enrolment.enrol(booked, helpers.session(etiquette, world["home"]), now=utcnow())
    far = VolunteerFactory(approved=True, community=world["elsewhere"])
    far_need = NeedFactory(resident=ResidentFactory(community=world["elsewhere"]), open=True)
    helpers.confirmed_pairing(far_need, far, world["stranger"])
    db.session.commit()
    before = len(notices())

    auth.login(world["worker"].email)
    page = client.get(f"/train/courses/{etiquette.id}/sessions/new")
    response = client.post(
        f"/train/courses/{etiquette.id}/sessions/new",
        data={"csrf_token": csrf_from(page), **helpers.session_form(world["home"])},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    notice = only_notice("training_session_for_pairing")
    assert notice.user_id == world["volunteer"].user_id and len(notices()) == before + 1
    assert "training_session_for_pairing" not in kinds_of(booked.user)
    assert "training_session_for_pairing" not in kinds_of(far.user)
    assert notice.link == f"/train/courses/{etiquette.id}"
    text = text_in(notice, "zh")
    assert f"结对 {pairing.id} 所等待的课程“助残服务礼仪”" in text and "文三社区活动室" in text
    assert "Disability service etiquette" in text_in(notice, "en")


def test_a_session_course_required_by_skill_counts_for_the_pairing_of_that_skill(world):
    helpers.course(
        title="陪同出行安全",
        requirement=Requirement.SKILL,
        skill_id=world["escort"].id,
    )
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    [waiting] = waiting_pairings(world["worker"], utcnow())
    assert waiting.pairing.id == pairing.id
    assert [m.course.title for m in waiting.missing] == ["陪同出行安全"]


def test_the_home_page_counts_it_and_the_sessions_page_says_what_is_missing(client, auth, world):
    pairing, etiquette = _waiting(world)
    auth.login(world["worker"].email)
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/train/sessions#waiting-heading" class="queue--waiting">' in home
    assert "需要安排培训场次的结对：1" in home
    page = client.get("/train/sessions").get_data(as_text=True)
    assert f'href="/supervise/pairings/{pairing.id}">李志愿 · 王秀英</a>' in page
    assert "助残服务礼仪 —" in page and "没有即将举行的场次" in page
    assert f'href="/train/courses/{etiquette.id}/sessions/new"' in page

    helpers.session(etiquette, world["home"])  # one to come: the volunteer is to enrol
    page = client.get("/train/sessions").get_data(as_text=True)
    assert "尚未报名" in page and "即将举行 1 场" in page
    assert '即将举行 1 场<span class="visually-hidden">（助残服务礼仪）</span>' in page
    assert "共 1 场培训。" in page
    client.set_cookie("mm_locale", "en")
    page = client.get("/train/sessions").get_data(as_text=True)
    hidden = '<span class="visually-hidden"> (Disability service etiquette)</span>'
    assert "1 session to come" + hidden in page
    assert "1 session found." in page
    client.set_cookie("mm_locale", "zh_CN")
    assert f'href="/train/courses/{etiquette.id}"' in page
    assert "需要安排培训场次的结对：0" in client.get("/").get_data(as_text=True)

    auth.logout()
    auth.login(world["stranger"].email)
    page = client.get("/train/sessions").get_data(as_text=True)
    assert "王秀英" not in page and "没有等待培训的已确认结对。" in page
    assert "需要安排培训场次的结对：0" in client.get("/").get_data(as_text=True)
