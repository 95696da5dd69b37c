"""/train/me lists the courses still required of a volunteer from their first day, each
linked to its page (sessions or the quiz), and says when none are left."""

from matchmaker.core.types import utcnow
from matchmaker.recruit.models import VolunteerStatus
from matchmaker.train import enrolment
from matchmaker.train.models import CompletionMethod, CourseKind
from matchmaker.train.services import record_completion
from tests.factories import VolunteerFactory
from tests.train import helpers


def _still_needed(client, auth, volunteer) -> str:
    """The "courses I still need" section of the volunteer's /train/me."""
    auth.login(volunteer.user.email)
    page = client.get("/train/me").get_data(as_text=True)
    return page[page.index('id="required-heading"') : page.index('id="pairings-heading"')]


def test_a_new_volunteer_sees_the_course_for_everyone_and_where_to_take_it(client, auth, db, world):
    basic = helpers.course()
    helpers.session(basic, world["home"])
    helpers.session(basic, world["home"], hours_from_now=100)
    helpers.sign_language()  # for hearing-impaired residents' needs: not yet theirs
    newcomer = VolunteerFactory(approved=True, community=world["home"])
    section = _still_needed(client, auth, newcomer)
    assert "我还需完成的课程" in section
    assert f'<a href="/train/courses/{basic.id}">助残服务礼仪</a>（全体志愿者必修）' in section
    assert "近期有 2 场培训，请到课程页面选择一场报名。" in section
    assert "手语基础" not in section


def test_a_self_study_course_points_to_its_quiz_and_a_place_taken_is_shown(client, auth, db, world):
    quiz = helpers.course("安全须知", kind=CourseKind.SELF_STUDY, quiz=[], material="读一读")
    basic = helpers.course()
    sitting = helpers.session(basic, world["home"], place="北山街道社区服务中心二楼")
    enrolment.enrol(world["volunteer"], sitting, now=utcnow())
    db.session.commit()
    section = _still_needed(client, auth, world["volunteer"])
    assert (
        f'href="/train/courses/{quiz.id}"' in section
        and "自学课程：阅读材料并通过测验。" in section
    )
    assert f'href="/train/courses/{basic.id}"' in section
    assert "已报名" in section and "北山街道社区服务中心二楼" in section


def test_a_course_not_yet_scheduled_says_so(client, auth, db, world):
    helpers.course()
    section = _still_needed(client, auth, VolunteerFactory(status=VolunteerStatus.APPLIED))
    assert "助残服务礼仪" in section and "暂无培训场次，社工会尽快安排。" in section


def test_once_every_required_course_is_done_it_says_none_are_left(client, auth, db, world):
    basic = helpers.course()
    record_completion(world["volunteer"], basic, CompletionMethod.IMPORT, by=None, now=utcnow())
    db.session.commit()
    section = _still_needed(client, auth, world["volunteer"])
    assert "您已完成所有对您要求的课程" in section
    assert "/train/courses/" not in section


def test_a_suspended_volunteer_is_told_they_cannot_take_training(client, auth, db, world):
    helpers.course()
    suspended = VolunteerFactory(status=VolunteerStatus.SUSPENDED)
    section = _still_needed(client, auth, suspended)
    assert "只有状态正常的志愿者才能参加培训。" in section
    assert "/train/courses/" not in section
