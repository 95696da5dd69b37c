"""Staff read what each matching run did, which needs it left unmatched and why."""

import re

import pytest
from sqlalchemy import select

from matchmaker.core import availability as av
from matchmaker.extensions import db as _db
from matchmaker.match.models import (
    MatchRun,
    MatchRunStatus,
    Proposal,
    ProposalStatus,
    RunOrigin,
    UnmatchedNeed,
    UnmatchedReason,
)
from matchmaker.match.services import run_matching
from matchmaker.registry.models import NeedStatus
from tests.conftest import csrf_from
from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)


@pytest.fixture
def town(db):
    """Community A: a need the only volunteer takes, one she would also suit (but goes
    elsewhere), and one nobody can do; community B, 1 km away: a need nobody can do."""
    a = CommunityFactory(name="文三社区", lat=30.2790, lon=120.1410)
    b = CommunityFactory(name="古荡社区", lat=30.2840, lon=120.1320)
    escort = SkillFactory(name="陪同出行", name_en="Escorting")
    signing = SkillFactory(name="手语", name_en="Sign language")
    both_mornings, one_morning = av.mask_from_slots([3, 9]), av.mask_from_slots([3])
    taken = NeedFactory(
        resident=ResidentFactory(community=a, name="王秀英"),
        open=True,
        skills=[escort],
        availability=both_mornings,
    )
    lost = NeedFactory(
        resident=ResidentFactory(community=b, name="赵建国"),
        open=True,
        skills=[escort],
        availability=one_morning,
    )
    nobody_a = NeedFactory(
        resident=ResidentFactory(community=a, name="钱红梅"), open=True, skills=[signing]
    )
    nobody_b = NeedFactory(
        resident=ResidentFactory(community=b, name="孙小明"), open=True, skills=[signing]
    )
    VolunteerFactory(
        approved=True, community=a, skills=[escort], availability=both_mornings, user__name="李志愿"
    )
    return {
        "a": a,
        "b": b,
        "taken": taken,
        "lost": lost,
        "nobody_a": nobody_a,
        "nobody_b": nobody_b,
        "worker_a": UserFactory(roles=["social_worker"], communities=[a], name="陈社工"),
        "worker_b": UserFactory(roles=["social_worker"], communities=[b], name="周社工"),
        "admin": UserFactory(roles=["admin"], name="林管理员"),
    }


def run_all(by=None, origin=None) -> MatchRun:
    run, _rows = run_matching(community_ids=None, by=by, origin=origin)
    _db.session.commit()
    return run


def text_of(response) -> str:
    """The page's visible text, tags dropped and spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_a_run_stores_why_each_need_went_unmatched(db, town):
    run = run_all()
    stored = {
        row.need_id: (row.reason, row.candidates)
        for row in db.session.scalars(select(UnmatchedNeed).where(UnmatchedNeed.run_id == run.id))
    }
    assert stored == {
        town["lost"].id: (UnmatchedReason.TAKEN, 1),
        town["nobody_a"].id: (UnmatchedReason.NO_CANDIDATE, 0),
        town["nobody_b"].id: (UnmatchedReason.NO_CANDIDATE, 0),
    }


def test_the_runs_list_shows_who_ran_what_and_its_counts(client, auth, town):
    run_all(by=town["worker_a"])
    nightly = run_all(origin=RunOrigin.NIGHTLY)
    failed = MatchRun(
        status=MatchRunStatus.FAILED, origin=RunOrigin.CLI, error="MemoryError in assign"
    )
    _db.session.add(failed)
    _db.session.commit()
    auth.login(town["worker_a"].email)
    page = text_of(client.get("/match/runs"))
    assert "共记录 3 次配对运行" in page
    assert f"第 {nightly.id} 次运行" in page
    assert "陈社工" in page  # a person is named
    assert "每晚自动运行（计划任务）" in page and "命令行" in page
    assert "全部社区" in page and "prior-2" in page
    # needs 4, volunteers 1, proposed 1, unmatched 3, in order
    assert re.search(r"prior-2 4 1 1 3 \d+\.\d\d \d+\.\d 秒 已完成", page)
    assert "运行出错" in page and "MemoryError in assign" in page


def test_a_social_workers_run_from_the_site_names_their_community(client, auth, town):
    auth.login(town["worker_a"].email)
    proposals = client.get("/match/proposals")
    ran = client.post("/match/run", data={"csrf_token": csrf_from(proposals)})
    assert ran.status_code == 302
    listing = client.get("/match/runs")
    assert listing.status_code == 200
    row = text_of(listing).split("第 ", 1)[1]
    assert "陈社工" in row and "文三社区" in row and "古荡社区" not in row


def test_a_run_says_why_each_need_of_the_community_went_unmatched(client, auth, town):
    run = run_all(by=town["worker_a"])
    auth.login(town["worker_a"].email)
    page = text_of(client.get(f"/match/runs/{run.id}"))
    assert f"第 {town['nobody_a'].id} 号需求" in page
    assert "没有志愿者满足该需求的硬性条件（技能、时间、服务半径、性别、背景审查）" in page
    # Her own community's need is there; the need B lost to A's, and B's own, are not.
    assert f"第 {town['lost'].id} 号需求" not in page
    assert f"第 {town['nobody_b'].id} 号需求" not in page
    assert "另有 2 个其他社区的需求未能配对" in page
    for name in ("钱红梅", "王秀英", "赵建国", "孙小明"):
        assert name not in page  # needs by number only


def test_the_other_community_sees_its_own_and_why(client, auth, town):
    run = run_all(by=town["worker_a"])
    auth.login(town["worker_b"].email)
    response = client.get(f"/match/runs/{run.id}")
    page = text_of(response)
    assert f"第 {town['lost'].id} 号需求" in page
    assert "它的候选志愿者（1 位）都推荐给了其他需求，那些配对更合适" in page
    assert f"第 {town['nobody_b'].id} 号需求" in page
    assert f"第 {town['nobody_a'].id} 号需求" not in page
    assert "另有 1 个其他社区的需求未能配对，由所在社区的社工查看。" in page
    html = response.get_data(as_text=True)
    assert f'href="/needs/{town["lost"].id}"' in html  # still open: a link to it
    client.set_cookie("mm_locale", "en")
    english = text_of(client.get(f"/match/runs/{run.id}"))
    assert "1 need of another community was also left unmatched; its social workers see it." in (
        english
    )


def test_a_closed_need_is_shown_by_its_number_only(client, auth, town):
    run = run_all()
    town["nobody_a"].status = NeedStatus.CLOSED  # closed since (state set up directly)
    _db.session.commit()
    auth.login(town["admin"].email)
    html = client.get(f"/match/runs/{run.id}").get_data(as_text=True)
    assert f"第 {town['nobody_a'].id} 号需求" in html
    assert f'href="/needs/{town["nobody_a"].id}"' not in html
    assert f'href="/needs/{town["nobody_b"].id}"' in html


def test_the_list_is_reached_from_proposals_and_the_menu_in_english(client, auth, town):
    auth.login(town["worker_a"].email)
    client.set_cookie("mm_locale", "en")
    proposals = client.get("/match/proposals").get_data(as_text=True)
    assert 'href="/match/runs"' in proposals
    home = client.get("/").get_data(as_text=True)
    assert "Matching runs" in home and 'href="/match/runs"' in home


def test_the_scorers_page_shows_metrics_and_the_one_in_use(client, auth, town):
    from matchmaker.match.models import ScorerModel, ScorerStatus

    _db.session.add(
        ScorerModel(
            version="lr-20261201-40",
            kind="logistic_regression",
            feature_names=[],
            n_samples=40,
            metrics={
                "auc": 0.812,
                "acceptance_at_1": 0.64,
                "rows": 12,
                "needs": 5,
                "confirmed": 6,
                "baseline": {"version": "prior-2", "auc": 0.7, "acceptance_at_1": None},
            },
            blob=b"",
            status=ScorerStatus.RETIRED,
        )
    )
    _db.session.commit()
    auth.login(town["worker_a"].email)
    page = text_of(client.get("/match/scorers"))
    assert "当前使用：prior-2，即先验评分" in page
    assert "lr-20261201-40" in page and "逻辑回归" in page and "已停用" in page
    assert "0.812" in page and "64%" in page and "40" in page
    assert "无法计算" in page  # the baseline's acceptance could not be measured


@pytest.mark.parametrize("address", ["/match/runs", "/match/runs/1", "/match/scorers"])
def test_only_staff_may_look(client, login_as, town, address):
    run_all()
    assert client.get(address).status_code == 302  # to the login page
    login_as("volunteer")
    assert client.get(address).status_code == 403


def test_bad_run_ids_and_pages(client, auth, town):
    run_all()
    auth.login(town["admin"].email)
    assert client.get("/match/runs/999").status_code == 404
    assert client.get("/match/runs/99999999999").status_code == 404
    assert client.get("/match/runs/abc").status_code == 404
    for page in ("abc", "-3", "0", "999999999999999999999"):
        assert client.get(f"/match/runs?page={page}").status_code == 200


def test_the_command_line_and_the_nightly_job_say_so(runner, db, town):
    from matchmaker.core.types import utcnow
    from matchmaker.scheduler.jobs import nightly_matching

    assert runner.invoke(args=["match", "run"]).exit_code == 0
    nightly_matching(utcnow())  # the needs left unmatched are tried again
    db.session.commit()
    origins = db.session.scalars(select(MatchRun.origin).order_by(MatchRun.id)).all()
    assert origins == [RunOrigin.CLI, RunOrigin.NIGHTLY]


def test_the_runs_list_pages(client, auth, town):
    _db.session.add_all(MatchRun(status=MatchRunStatus.DONE) for _ in range(21))
    _db.session.commit()
    auth.login(town["admin"].email)
    first = text_of(client.get("/match/runs"))
    assert "第 21 次运行" in first and "第 2 次运行" in first and "第 1 次运行" not in first
    assert "第 1 页，共 2 页" in first
    second = text_of(client.get("/match/runs?page=2"))
    assert "第 1 次运行" in second and "第 2 次运行" not in second


def _engine_fails(monkeypatch):
    def propose(*args, **kwargs):
        raise RuntimeError("the assignment ran out of memory")

    monkeypatch.setattr("matchmaker.match.engine.propose", propose)


def test_a_run_that_fails_from_the_site_is_recorded_and_changes_nothing(
    client, auth, town, monkeypatch
):
    first = run_all(by=town["worker_a"])
    waiting = set(_db.session.scalars(select(Proposal.id).where(Proposal.run_id == first.id)))
    _engine_fails(monkeypatch)
    auth.login(town["worker_a"].email)
    ran = client.post("/match/run", data={"csrf_token": csrf_from(client.get("/match/proposals"))})
    assert ran.status_code == 302 and ran.headers["Location"].endswith("/match/runs")
    page = text_of(client.get("/match/runs"))
    assert "配对运行失败，未作任何更改" in page
    assert "RuntimeError: the assignment ran out of memory" in page
    _db.session.expire_all()
    failed = _db.session.scalars(select(MatchRun).where(MatchRun.id != first.id)).one()
    assert failed.status is MatchRunStatus.FAILED and failed.origin is RunOrigin.WEB
    assert failed.started_by_id == town["worker_a"].id and failed.scope == str(town["a"].id)
    still = _db.session.scalars(
        select(Proposal.id).where(Proposal.status == ProposalStatus.PROPOSED)
    )
    assert set(still) == waiting  # the failed run withdrew none of the waiting proposals


def test_a_nightly_run_that_fails_is_recorded_but_a_dry_run_stores_nothing(
    runner, db, town, monkeypatch
):
    from matchmaker.core.types import utcnow
    from matchmaker.scheduler.models import JobOutcome
    from matchmaker.scheduler.runner import run_job

    _engine_fails(monkeypatch)
    dry = runner.invoke(args=["match", "run", "--dry-run"])
    assert dry.exit_code != 0
    assert db.session.scalars(select(MatchRun)).all() == []
    job = run_job("nightly_matching", utcnow())
    assert job.outcome is JobOutcome.FAILED and "ran out of memory" in job.error
    failed = db.session.scalars(select(MatchRun)).one()
    assert (failed.status, failed.origin, failed.scope) == (
        MatchRunStatus.FAILED,
        RunOrigin.NIGHTLY,
        "all",
    )
    assert failed.error == "RuntimeError: the assignment ran out of memory"
