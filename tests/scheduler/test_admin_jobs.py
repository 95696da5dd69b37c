"""/admin/jobs: every job with its next and last runs and errors; "run now" for admins only."""

from sqlalchemy import select

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.scheduler.models import JobOutcome, JobRun
from tests.conftest import csrf_from


def test_admins_see_every_job_and_run_one_now(client, login_as):
    admin = login_as("admin")
    page = client.get("/admin/jobs")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    for label in (
        "每晚生成配对建议",
        "使逾期的微心愿认领失效",
        "培训提醒（提前一天）",
        "每周重新训练评分模型",
    ):
        assert label in body
    assert "从未运行" in body
    response = client.post(
        "/admin/jobs/lapse_claims/run", data={"csrf_token": csrf_from(page)}, follow_redirects=True
    )
    assert response.status_code == 200 and "使逾期的微心愿认领失效：成功。" in response.get_data(
        as_text=True
    )
    run = db.session.scalar(select(JobRun))
    assert run.job == "lapse_claims" and run.outcome is JobOutcome.OK
    assert run.started_by_id == admin.id and run.counts == {"lapsed": 0}
    assert "lapsed 0" in client.get("/admin/jobs").get_data(as_text=True)


def test_a_failed_run_shows_its_error(client, login_as):
    login_as("admin")
    db.session.add(
        JobRun(
            job="star_levels",
            scheduled_for=utcnow(),
            outcome=JobOutcome.FAILED,
            error="OperationalError: database is locked",
            counts={},
        )
    )
    db.session.commit()
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "错误" in body and "database is locked" in body


def test_only_admins_reach_the_jobs(client, login_as):
    assert client.get("/admin/jobs").status_code == 302
    page = client.get("/")
    login_as("social_worker")
    assert client.get("/admin/jobs").status_code == 403
    response = client.post("/admin/jobs/lapse_claims/run", data={"csrf_token": csrf_from(page)})
    assert response.status_code in (400, 403)
    assert db.session.scalar(select(JobRun)) is None


def test_an_unknown_job_is_a_404(client, login_as):
    login_as("admin")
    page = client.get("/admin/jobs")
    response = client.post("/admin/jobs/nope/run", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
