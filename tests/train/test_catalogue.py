"""The catalogue: everyone reads it, admins edit it, social workers schedule sessions."""

from datetime import date, timedelta

from sqlalchemy import func, select

from matchmaker.train.catalogue import STANDARD_COURSES, format_quiz, parse_quiz
from matchmaker.train.models import Course, CourseKind, Requirement, TrainingSession
from tests.conftest import csrf_from
from tests.factories import UserFactory
from tests.train import helpers


def test_anyone_reads_the_catalogue_and_who_needs_each_course(client, db, world):
    helpers.course()
    helpers.sign_language()
    page = client.get("/train/courses").get_data(as_text=True)
    assert "助残服务礼仪" in page and "全体志愿者必修" in page
    assert "服务对象为听力残疾时必修" in page


def test_a_volunteer_sees_which_courses_are_required_of_them(client, auth, db, world):
    basic = helpers.course()
    helpers.sign_language()
    helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    auth.login(world["volunteer"].user.email)
    page = client.get("/train/courses").get_data(as_text=True)
    assert page.count("您需要完成") == 2  # both: the need is a hearing-impaired resident's
    helpers.course("旧课程", active=False)
    assert "旧课程" not in client.get("/train/courses").get_data(as_text=True)
    assert client.get(f"/train/courses/{basic.id}").status_code == 200


def _course_form(**overrides):
    data = {
        "title": "盲人出行协助",
        "title_en": "Guiding blind people",
        "description": "如何引导视力残疾人出行。",
        "kind": "sessions",
        "requirement": "disability",
        "disability_category": "visual",
        "active": "y",
        "pass_mark": "80",
    }
    data.update(overrides)
    return data


def test_an_admin_adds_and_edits_a_course(client, auth, db, world):
    admin = UserFactory(roles=["admin"])
    auth.login(admin.email)
    token = csrf_from(client.get("/train/courses/new"))
    response = client.post("/train/courses/new", data={**_course_form(), "csrf_token": token})
    assert response.status_code == 302
    course = db.session.scalar(select(Course))
    assert course.requirement is Requirement.DISABILITY
    assert course.disability_category.value == "visual"
    client.set_cookie("mm_locale", "en")
    edit = client.get(f"/train/courses/{course.id}/edit").get_data(as_text=True)
    # the tab reads as what the page is for, in the reader's language (not the course page's)
    assert "<title>Edit course: Guiding blind people" in edit
    assert "<h1>Edit course: Guiding blind people</h1>" in edit
    client.set_cookie("mm_locale", "zh_CN")
    edit = client.get(f"/train/courses/{course.id}/edit")
    assert "<title>编辑课程：盲人出行协助" in edit.get_data(as_text=True)
    assert "<h1>编辑课程：盲人出行协助</h1>" in edit.get_data(as_text=True)
    token = csrf_from(edit)
    quiz = "出门前先做什么？\n* 询问对方需要怎样的帮助\n- 直接拉着对方走"
    response = client.post(
        f"/train/courses/{course.id}/edit",
        data={
            **_course_form(kind="self_study", requirement="everyone", material="先问再帮。"),
            "quiz": quiz,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    db.session.refresh(course)
    assert course.kind is CourseKind.SELF_STUDY and course.disability_category is None
    assert course.quiz == [
        {
            "question": "出门前先做什么？",
            "options": ["询问对方需要怎样的帮助", "直接拉着对方走"],
            "answer": 0,
        }
    ]


def test_a_bad_course_form_says_what_is_wrong_and_saves_nothing(client, auth, db, world):
    admin = UserFactory(roles=["admin"])
    auth.login(admin.email)
    token = csrf_from(client.get("/train/courses/new"))
    response = client.post(
        "/train/courses/new",
        data={
            **_course_form(kind="self_study", requirement="skill", disability_category=""),
            "material": "材料",
            "quiz": "题目\n- 选项一\n- 选项二",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请选择该课程对应的技能" in page
    assert "第 1 题：请用 * 标出唯一一个正确选项" in page
    assert 'aria-describedby="quiz-hint quiz-error"' in page
    assert db.session.scalar(select(func.count(Course.id))) == 0


def test_only_admins_edit_the_catalogue(client, auth, db, world):
    course = helpers.course()
    auth.login(world["worker"].email)
    assert client.get("/train/courses/new").status_code == 403
    assert client.get(f"/train/courses/{course.id}/edit").status_code == 403


def test_the_quiz_text_format_round_trips():
    text = format_quiz(STANDARD_COURSES[3]["quiz"])
    assert parse_quiz(text) == STANDARD_COURSES[3]["quiz"]


def test_a_social_worker_schedules_a_session_in_their_community(client, auth, db, world):
    course = helpers.course()
    auth.login(world["worker"].email)
    address = f"/train/courses/{course.id}/sessions/new"
    page = client.get(address)
    assert "翠苑一区" not in page.get_data(as_text=True)  # not theirs to choose
    response = client.post(
        address, data={**helpers.session_form(world["home"]), "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    sitting = db.session.scalar(select(TrainingSession))
    assert sitting.starts_at.hour == 6  # 14:00 in Shanghai is 06:00 UTC
    assert (sitting.ends_at - sitting.starts_at) == timedelta(hours=2)
    assert sitting.capacity == 20 and sitting.community_id == world["home"].id


def test_a_bad_session_form_is_refused_with_messages(client, auth, db, world):
    course = helpers.course()
    auth.login(world["worker"].email)
    address = f"/train/courses/{course.id}/sessions/new"
    token = csrf_from(client.get(address))
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    response = client.post(
        address,
        data={
            **helpers.session_form(world["elsewhere"], day=yesterday, ends="13:00", capacity="0"),
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in ("不是有效的选择", "请选择将来的时间", "结束时间必须晚于开始时间", "1 到 500"):
        assert message in page, page[page.find("error-summary") : page.find("error-summary") + 900]
    unchosen = client.post(
        address, data={**helpers.session_form(world["home"]), "community": "", "csrf_token": token}
    )
    assert unchosen.status_code == 422 and "请选择社区" in unchosen.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_seed_courses_is_idempotent(runner, db):
    result = runner.invoke(args=["train", "seed-courses"])
    assert result.exit_code == 0 and "Added 4 courses" in result.output
    result = runner.invoke(args=["train", "seed-courses"])
    assert "nothing added" in result.output
    titles = set(db.session.scalars(select(Course.title)))
    assert titles == {"助残服务礼仪", "手语基础", "精神障碍沟通", "居家探访安全"}


def test_retiring_the_only_missing_course_starts_the_pairing(client, auth, db, world):
    from matchmaker.match.models import PairingStatus

    course = helpers.course()
    pairing = helpers.confirmed_pairing(world["need"], world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    auth.login(UserFactory(roles=["admin"]).email)
    token = csrf_from(client.get(f"/train/courses/{course.id}/edit"))
    form = _course_form(title=course.title, requirement="everyone")
    del form["active"]  # unticked: retired
    response = client.post(f"/train/courses/{course.id}/edit", data={**form, "csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE


def test_a_course_keeps_a_skill_switched_off_since(client, auth, db, world):
    """Its description can still be edited; the skill stays until an admin changes it."""
    world["escort"].active = False
    course = helpers.course(
        title="陪同出行安全", requirement=Requirement.SKILL, skill_id=world["escort"].id
    )
    auth.login(UserFactory(roles=["admin"]).email)
    page = client.get(f"/train/courses/{course.id}/edit")
    assert f'<option selected value="{world["escort"].id}">' in page.get_data(as_text=True)
    form = _course_form(
        title=course.title,
        requirement="skill",
        skill=str(world["escort"].id),
        description="出门前先了解路线。",
    )
    response = client.post(
        f"/train/courses/{course.id}/edit", data={**form, "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 302
    db.session.refresh(course)
    assert course.skill_id == world["escort"].id and course.description == "出门前先了解路线。"
    # a new course is not offered it
    new = client.get("/train/courses/new").get_data(as_text=True)
    assert f'<option value="{world["escort"].id}">' not in new and "陪同出行</option>" not in new
