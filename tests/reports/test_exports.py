"""The federation's exports (DESIGN §7, §8): scoped to the staff's communities, residents
masked, text never run as a formula, each download audited, bad input a 400."""

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.core.events import transition
from matchmaker.core.models import AuditEntry
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from tests.factories import CommunityFactory, SkillFactory, UserFactory, VolunteerFactory
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing
from tests.wishes.conftest import make_wish

PERIOD = {"start": (TODAY - timedelta(days=60)).isoformat(), "end": TODAY.isoformat()}


@pytest.fixture
def city(db):
    """Two communities, each with a pairing, a verified visit and a fulfilled wish."""
    ours, theirs = CommunityFactory(name="文三社区"), CommunityFactory(name="翠苑社区")
    worker = UserFactory(roles=["social_worker"], communities=[ours], name="陈社工")
    places = {}
    for community, name, helper in ((ours, "王秀英", "李志愿"), (theirs, "赵其他", "孙帮忙")):
        pairing = make_pairing(
            community=community,
            volunteer=VolunteerFactory(approved=True, community=community, user__name=helper),
            name=name,
            phone=f"1361234{len(places):04d}",
            address=f"文三路{len(places) + 9}号3单元502室",
        )
        checker = UserFactory(roles=["social_worker"], communities=[community])
        log_visit(pairing, TODAY - timedelta(days=2), verified_by=checker)
        make_wish("fulfilled", resident=pairing.need.resident, worker=checker)
        places[community.name] = pairing
    return worker, places


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return list(sheet.values)


def every_text(rows) -> str:
    return " ".join(str(value) for row in rows for value in row if value is not None)


@pytest.mark.parametrize("kind", ["volunteers", "hours", "pairings", "wishes"])
def test_each_export_holds_only_our_communities_and_no_resident_details(client, auth, city, kind):
    worker, places = city
    auth.login(worker.email)
    rows = rows_of(client.get("/reports/exports", query_string={"kind": kind, **PERIOD}))
    text = every_text(rows)
    ours, theirs = places["文三社区"], places["翠苑社区"]
    assert len(rows) >= 2  # headers and at least our row
    assert "翠苑社区" not in text and theirs.volunteer.user.name not in text
    if kind != "volunteers":
        assert "文三社区" in text and "王**" in text
    resident = ours.need.resident
    for secret in (resident.name, resident.phone, resident.address, resident.id_number):
        assert secret not in text


def test_an_admin_exports_every_community(client, auth, city):
    worker, places = city
    admin = UserFactory(roles=["admin"])
    auth.login(admin.email)
    text = every_text(
        rows_of(client.get("/reports/exports", query_string={"kind": "hours", **PERIOD}))
    )
    assert "文三社区" in text and "翠苑社区" in text


def test_the_hours_export_counts_verified_visits_in_the_period(client, auth, city):
    worker, places = city
    ours = places["文三社区"]
    log_visit(ours, TODAY - timedelta(days=3))  # not verified
    old = log_visit(ours, TODAY - timedelta(days=61), verified_by=worker)  # before the period
    auth.login(worker.email)
    rows = rows_of(client.get("/reports/exports", query_string={"kind": "hours", **PERIOD}))
    assert rows[0][0] == "服务日期"
    assert len(rows) == 2
    assert rows[1][5] == 2  # 09:00–11:00
    assert rows[1][0].date() == TODAY - timedelta(days=2)
    wider = {"start": old.service_date.isoformat(), "end": TODAY.isoformat()}
    assert (
        len(rows_of(client.get("/reports/exports", query_string={"kind": "hours", **wider}))) == 3
    )


def test_a_visit_whose_change_waits_for_approval_is_still_exported(client, auth, city):
    from datetime import time

    from matchmaker.supervise.log_changes import request_change
    from matchmaker.supervise.logs import LogValues
    from matchmaker.supervise.models import ServiceLog

    worker, places = city
    pairing = places["文三社区"]
    auth.login(worker.email)
    before = rows_of(client.get("/reports/exports", query_string={"kind": "hours", **PERIOD}))
    verified = db.session.scalars(select(ServiceLog).where(ServiceLog.pairing_id == pairing.id))
    log = verified.one()
    change = LogValues(log.service_date, time(9, 0), time(12, 0), log.activity)
    request_change(log, change, by=pairing.volunteer.user, now=NOW)
    db.session.commit()
    after = rows_of(client.get("/reports/exports", query_string={"kind": "hours", **PERIOD}))
    assert after == before and after[1][5] == 2  # the verified 2 h, until it is approved


def test_a_pairing_that_ended_before_the_period_is_left_out(client, auth, city):
    worker, places = city
    ours = places["文三社区"]
    transition(ours, PairingStatus.ENDED, by=worker, why="结束")
    ours.ended_at = NOW - timedelta(days=90)
    db.session.commit()
    auth.login(worker.email)
    rows = rows_of(client.get("/reports/exports", query_string={"kind": "pairings", **PERIOD}))
    assert len(rows) == 1


def test_text_that_looks_like_a_formula_stays_text(client, auth, city):
    worker, places = city
    make_wish(
        resident=places["文三社区"].need.resident,
        worker=worker,
        title='=HYPERLINK("http://x.cn","点")',
    )
    auth.login(worker.email)
    response = client.get("/reports/exports", query_string={"kind": "wishes", **PERIOD})
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_each_download_is_audited(client, auth, city):
    worker, _places = city
    auth.login(worker.email)
    client.get("/reports/exports", query_string={"kind": "pairings", **PERIOD})
    client.get("/reports/exports", query_string={"kind": "volunteers", "start": "", "end": ""})
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.detail.split()[0]) for e in entries] == [
        (worker.id, "pairings"),
        (worker.id, "volunteers"),
    ]


@pytest.mark.parametrize(
    "query, message",
    [
        (
            {"kind": "hours", "start": "2026-05-01", "end": "2026-04-30"},
            "截止日期不能早于开始日期。",
        ),
        ({"kind": "hours", "start": "2026-13-01", "end": "2026-12-31"}, "请按“年-月-日”填写日期"),
        ({"kind": "hours", "start": "", "end": "2026-12-31"}, "请填写开始日期。"),
        ({"kind": "pairings", "start": "0001-01-01", "end": "2026-01-01"}, "1900 年至 2100 年"),
        ({"kind": "hours", "start": "2026-01-01", "end": "9999-12-31"}, "1900 年至 2100 年"),
        ({"kind": "residents", **PERIOD}, "请从列表中选择要导出的内容。"),
        ({"kind": "", **PERIOD}, "请选择要导出的内容。"),
    ],
)
def test_bad_input_gets_a_message_and_a_400(client, auth, city, query, message):
    worker, _places = city
    auth.login(worker.email)
    response = client.get("/reports/exports", query_string=query)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{query["end"]}"' in page  # what was typed is kept
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export")) is None


@pytest.mark.parametrize("role", ["volunteer", "donor", "resident"])
def test_only_staff_may_export(client, login_as, city, role):
    login_as(role)
    assert client.get("/reports/exports").status_code == 403
    assert (
        client.get("/reports/exports", query_string={"kind": "hours", **PERIOD}).status_code == 403
    )


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    response = client.get("/reports/exports?kind=hours")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_file_is_named_in_both_ways(client, auth, city):
    worker, _places = city
    auth.login(worker.email)
    response = client.get("/reports/exports", query_string={"kind": "hours", **PERIOD})
    start, end = (PERIOD[k].replace("-", "") for k in ("start", "end"))
    disposition = response.headers["Content-Disposition"]
    assert f'filename="hours-{start}-{end}.xlsx"' in disposition
    assert "filename*=UTF-8''%E6%9C%8D%E5%8A%A1%E6%97%B6%E9%95%BF-" in disposition  # 服务时长


def test_the_form_starts_with_this_year(client, auth, city):
    worker, _places = city
    auth.login(worker.email)
    page = client.get("/reports/exports").get_data(as_text=True)
    assert f'value="{TODAY.year}-01-01"' in page and f'value="{TODAY.isoformat()}"' in page
    assert "导出内容" in page and "志愿者名册" in page


@pytest.mark.parametrize(
    "locale, skills", [("zh_CN", "手语、读报"), ("en", "Sign language; Reading aloud")]
)
def test_a_volunteers_skills_are_listed_in_the_readers_language(client, auth, city, locale, skills):
    worker, places = city
    places["文三社区"].volunteer.skills = [
        SkillFactory(name="手语", name_en="Sign language"),
        SkillFactory(name="读报", name_en="Reading aloud"),
    ]
    db.session.commit()
    worker.locale = locale
    db.session.commit()
    auth.login(worker.email)
    rows = rows_of(client.get("/reports/exports", query_string={"kind": "volunteers", **PERIOD}))
    assert skills in [row[5] for row in rows[1:]]
