"""/admin/jobs: every job with its next and last runs and errors; "run now" for admins only."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.scheduler.models import JobOutcome, JobRun
from matchmaker.scheduler.runner import release_lease, run_job, take_lease
from matchmaker.scheduler.schedule import SCHEDULE
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
    assert "成功（已失效的认领：0）" in client.get("/admin/jobs").get_data(as_text=True)


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


def _run(job: str, outcome: JobOutcome, *, counts=None, error="") -> None:
    db.session.add(
        JobRun(job=job, scheduled_for=utcnow(), outcome=outcome, counts=counts or {}, error=error)
    )
    db.session.commit()


def test_what_a_run_did_reads_in_the_readers_language(client, login_as):
    login_as("admin")
    _run("nightly_matching", JobOutcome.OK, counts={"proposed": 0, "unmatched": 2, "new_key": 4})
    _run("star_levels", JobOutcome.OK, counts={"changed": 3})
    _run("nightly_matching", JobOutcome.OK, counts={"proposed": 1, "unmatched": 0, "awaiting": 5})
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "成功（有推荐志愿者的需求：1；未获推荐的需求：0；留待社工决定的需求：5）" in body
    assert "成功（有推荐志愿者的需求：0；未获推荐的需求：2；new_key：4）" in body
    assert "成功（星级有变化的志愿者：3）" in body
    assert "proposed" not in body and "unmatched" not in body
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "Succeeded (Needs with a proposal: 0; Needs left without a proposal: 2; new_key: 4)" in (
        body
    )
    assert "Needs left for their social workers to decide on: 5)" in body


def test_why_a_job_had_nothing_to_do_reads_in_the_readers_language(
    client, login_as, app, monkeypatch
):
    login_as("admin")
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    # the reasons as the jobs really store them: no decisions, no needs, no SMTP host
    for job in ("retrain_model", "nightly_matching", "send_email"):
        assert run_job(job, utcnow()).outcome is JobOutcome.SKIPPED
    _run("lapse_claims", JobOutcome.SKIPPED, error="a reason no one registered")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "目前共有 0 个决定；训练至少需要 30 个，涉及四个或更多需求，且既有确认也有拒绝" in body
    assert "原因：没有待配对的需求" in body
    assert "尚未设置邮件发送（MATCHMAKER_SMTP_HOST）" in body
    assert "原因：a reason no one registered" in body  # shown as stored
    assert "decisions so far" not in body and "SMTP is not configured" not in body
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "Reason: no open needs to match" in body
    run = db.session.scalar(select(JobRun).where(JobRun.job == "send_email"))
    assert run.error == "SMTP is not configured (MATCHMAKER_SMTP_HOST)"  # stored as it was


def test_a_night_that_left_every_need_to_its_social_worker_says_so(client, login_as):
    from matchmaker.scheduler.jobs import ALL_AWAITING

    login_as("admin")
    _run("nightly_matching", JobOutcome.SKIPPED, error=ALL_AWAITING)
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "原因：每项待配对需求都已有近 12 小时内的推荐，留待社工决定" in body
    assert "没有待配对的需求" not in body
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "Reason: every open need already has proposals from the last 12 hours" in body


def test_one_decision_so_far_reads_in_the_singular(client, login_as):
    login_as("admin")
    reason = (
        "1 decisions so far; training needs at least 30, on four or more needs, with both "
        "confirmations and rejections"
    )  # as match.training stores it
    _run("retrain_model", JobOutcome.SKIPPED, error=reason)
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "1 decision so far; training needs at least 30" in body


def test_a_failure_says_what_happened_above_its_traceback(client, login_as):
    login_as("admin")
    _run("star_levels", JobOutcome.FAILED, error="Traceback ...\nValueError: boom")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "任务因错误中止，已做的处理均已撤销" in body and "ValueError: boom" in body


def _press_run_now(client, job: str):
    page = client.get("/admin/jobs")
    return client.post(
        f"/admin/jobs/{job}/run", data={"csrf_token": csrf_from(page)}, follow_redirects=True
    )


def _unfinished_run(job: str, ago: timedelta):
    """A run of ``job`` started ``ago`` and not finished (still going, or died with its
    process); returns when it started."""
    started = utcnow() - ago
    db.session.add(JobRun(job=job, scheduled_for=started, started_at=started, counts={}))
    db.session.commit()
    return started


def test_run_now_waits_while_the_job_still_runs(client, login_as):
    login_as("admin")
    started = _unfinished_run("lapse_claims", timedelta(minutes=3))
    body = _press_run_now(client, "lapse_claims").get_data(as_text=True)
    local = started.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M:%S")
    assert f"使逾期的微心愿认领失效仍在运行（开始于 {local}），未再次启动。" in body
    assert db.session.scalar(select(func.count(JobRun.id))) == 1
    # another job is not held back by it
    assert "重新计算星级：成功。" in _press_run_now(client, "star_levels").get_data(as_text=True)


def test_a_run_that_died_long_ago_does_not_hold_run_now_back(client, login_as):
    login_as("admin")
    _unfinished_run("lapse_claims", timedelta(hours=2))
    body = _press_run_now(client, "lapse_claims").get_data(as_text=True)
    assert "使逾期的微心愿认领失效：成功。" in body
    assert db.session.scalar(select(func.count(JobRun.id))) == 2


def test_of_two_presses_at_once_one_runs(client, login_as):
    """The second press finds the first one's lease (taken here as if mid-run)."""
    login_as("admin")
    assert take_lease("web:other", utcnow(), timedelta(minutes=5), name="by-hand:lapse_claims")
    body = _press_run_now(client, "lapse_claims").get_data(as_text=True)
    assert "此任务刚刚已由他人启动。" in body
    assert db.session.scalar(select(JobRun)) is None
    release_lease("web:other", name="by-hand:lapse_claims")
    assert "使逾期的微心愿认领失效：成功。" in _press_run_now(client, "lapse_claims").get_data(
        as_text=True
    )


STOPPED = "下列任务不会按时自动运行。请启动 matchmaker scheduler，或在下方手动运行。"


def test_the_page_says_when_no_scheduler_is_running_to_run_the_jobs(client, login_as):
    login_as("admin")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "定时任务进程未运行" in body and STOPPED in body
    # each next run says it will not happen (eight jobs, eight next runs)
    assert body.count("；定时任务进程启动前不会运行") == len(SCHEDULE)
    client.set_cookie("mm_locale", "en")
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "The scheduler is not running" in body
    assert "will not run until the scheduler is started" in body
    # `matchmaker scheduler` started: it holds the lease
    assert take_lease("host:1", utcnow(), timedelta(minutes=1))
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "The scheduler is not running" not in body
    assert "will not run until" not in body
    assert "Nightly matching proposals" in body


def test_a_run_by_hand_names_the_administrator_who_ran_it(client, login_as):
    login_as("admin", name="陈静")
    assert "重新计算星级：成功。" in _press_run_now(client, "star_levels").get_data(as_text=True)
    # pressed by an administrator whose account is gone: still by hand, no name to give
    _run("lapse_claims", JobOutcome.OK)
    db.session.execute(update(JobRun).where(JobRun.job == "lapse_claims").values(holder="web"))
    db.session.commit()
    body = client.get("/admin/jobs").get_data(as_text=True)
    assert "· 由陈静手动运行" in body
    assert body.count("手动运行") == 2 + body.count("在下方手动运行")
    client.set_cookie("mm_locale", "en")
    assert "run by hand by 陈静" in client.get("/admin/jobs").get_data(as_text=True)
