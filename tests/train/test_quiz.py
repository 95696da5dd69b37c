"""Self-study courses: read the material, pass the quiz, and the course is completed."""

from sqlalchemy import func, select

from matchmaker.match.models import PairingStatus
from matchmaker.recruit.models import BackgroundCheck
from matchmaker.train.models import CompletionMethod, CourseCompletion
from tests.conftest import csrf_from
from tests.factories import NeedFactory
from tests.train import helpers


def _answer(client, course, answers):
    token = csrf_from(client.get(f"/train/courses/{course.id}"))
    data = {f"q{n}": str(a) for n, a in enumerate(answers) if a is not None}
    return client.post(f"/train/courses/{course.id}/quiz", data={**data, "csrf_token": token})


def _completions(db):
    return db.session.scalar(select(func.count(CourseCompletion.id)))


def test_a_volunteer_reads_the_material_and_sees_the_quiz(client, auth, db, world):
    course = helpers.home_visit_quiz()
    auth.login(world["volunteer"].user.email)
    page = client.get(f"/train/courses/{course.id}").get_data(as_text=True)
    assert "不经手服务对象的钱物" in page
    assert "第一次上门探访前，应当怎样做？" in page and "提交答案" in page


def test_a_missing_answer_is_a_form_error_and_records_nothing(client, auth, db, world):
    course = helpers.home_visit_quiz()
    auth.login(world["volunteer"].user.email)
    response = _answer(client, course, [*helpers.RIGHT[:3], None])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请选择一个答案" in page and 'href="#q3-0"' in page
    assert _completions(db) == 0


def test_below_the_pass_mark_is_not_a_completion(client, auth, db, world):
    course = helpers.home_visit_quiz(pass_mark=75)
    auth.login(world["volunteer"].user.email)
    wrong = [(a + 1) % 2 for a in helpers.RIGHT]
    answers = helpers.RIGHT[:2] + wrong[2:]  # 2 of 4: 50%
    response = _answer(client, course, answers)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "您的得分为 50%，及格线为 75%" in page
    assert _completions(db) == 0


def test_passing_at_the_mark_completes_the_course_and_starts_the_pairing(client, auth, db, world):
    course = helpers.home_visit_quiz(pass_mark=75)
    need = NeedFactory(
        resident=world["resident"], open=True, home_visit=True, skills=[world["escort"]]
    )
    world["volunteer"].background_check = BackgroundCheck.PASSED
    pairing = helpers.confirmed_pairing(need, world["volunteer"], world["worker"])
    assert pairing.status is PairingStatus.CONFIRMED
    auth.login(world["volunteer"].user.email)
    wrong = [(a + 1) % 2 for a in helpers.RIGHT]
    response = _answer(client, course, helpers.RIGHT[:3] + wrong[3:])  # 3 of 4: 75%
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "您的得分为 75%，已通过" in page
    completion = db.session.scalar(select(CourseCompletion))
    assert (completion.method, completion.score) == (CompletionMethod.QUIZ, 75)
    db.session.refresh(pairing)
    assert pairing.status is PairingStatus.ACTIVE


def test_a_session_course_has_no_quiz(client, auth, db, world):
    course = helpers.course()
    auth.login(world["volunteer"].user.email)
    token = csrf_from(client.get(f"/train/courses/{course.id}"))
    response = client.post(f"/train/courses/{course.id}/quiz", data={"csrf_token": token})
    assert response.status_code == 404
