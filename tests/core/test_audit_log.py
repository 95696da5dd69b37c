"""The administrators' audit log (/admin/audit, DESIGN §8): what staff did, filterable,
for admins only; a resident or an account appears by number and name, and the resident filter
takes a name as well as a record number."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.core.audit import audit
from matchmaker.core.models import AuditEntry
from matchmaker.core.types import utcnow
from matchmaker.extensions import db as _db
from tests.factories import ResidentFactory, UserFactory
from tests.queries import statements_for


@pytest.fixture
def trail(db):
    """A social worker viewed a resident's record twice and exported once; another worker
    viewed one record long ago."""
    resident = ResidentFactory(name="王秀英")
    worker = UserFactory(roles=["social_worker"], name="陈社工", email="chen@example.org")
    other = UserFactory(roles=["social_worker"], name="李社工", email="li@example.org")
    audit(worker, "view_resident", resident)
    old = audit(other, "view_resident", resident)  # recorded in between, dated long ago
    old.at = utcnow() - timedelta(days=400)
    audit(worker, "view_resident", resident, detail="wish 4")
    audit(worker, "export", detail="hours 2026-01-01..2026-11-30: 12 rows")
    db.session.commit()
    return resident, worker, other


def rows(response) -> int:
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page.count("<tr>") - 1 if "<tbody>" in page else 0  # the header row


def test_an_admin_reads_who_did_what_newest_first(client, login_as, trail):
    resident, worker, other = trail
    login_as("admin")
    response = client.get("/admin/audit")
    page = response.get_data(as_text=True)
    assert rows(response) == 4
    assert "共找到 4 条记录。" in page
    body = page[page.index("<tbody>") :]
    table_rows = body.split("<tr>")[1:]
    assert "导出数据" in table_rows[0] and "李社工" in table_rows[-1]  # newest first
    assert f'href="/residents/{resident.id}">服务对象 #{resident.id} 王秀英</a>' in page


def test_records_are_named_next_to_their_number(client, login_as, trail, db):
    resident, worker, other = trail
    admin = login_as("admin", name="周管理")
    audit(admin, "reset_password", worker)
    audit(admin, "disable_account", UserFactory(name="<b>赵</b>"))
    gone = ResidentFactory(name="钱已删")
    audit(worker, "view_resident", gone)
    db.session.delete(gone)  # a record no longer there keeps its number, without a name
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert f'href="/admin/users/{worker.id}">账号 #{worker.id} 陈社工</a>' in page
    assert "账号 #" in page and "&lt;b&gt;赵&lt;/b&gt;</a>" in page  # escaped, as typed
    assert f'href="/residents/{gone.id}">服务对象 #{gone.id}</a>' in page
    client.set_cookie("mm_locale", "en")
    english = client.get("/admin/audit").get_data(as_text=True)
    assert f">Resident #{resident.id} 王秀英</a>" in english


@pytest.fixture
def namesakes(db, trail):
    """Three residents named 王…: each viewed once by 陈社工; 王秀英 is viewed three times."""
    resident, worker, _other = trail
    others = [ResidentFactory(name=name) for name in ("王建国", "王小明", "李100%_")]
    for other in others:
        audit(worker, "view_resident", other)
    db.session.commit()
    return [resident, *others]


@pytest.mark.parametrize(
    "typed, residents, expected",
    [
        ("秀英", 1, 3),  # one match: every entry about her
        (" 王 ", 3, 5),  # several: entries about any of them
        ("100%_", 1, 1),  # % and _ are letters here, not wildcards
        ("%", 1, 1),
        ("_", 1, 1),
    ],
)
def test_the_resident_filter_takes_a_name(client, login_as, namesakes, typed, residents, expected):
    login_as("admin")
    response = client.get("/admin/audit", query_string={"resident": typed})
    assert rows(response) == expected
    page = response.get_data(as_text=True)
    assert f"“{typed.strip()}”对应 {residents} 位服务对象。共找到 {expected} 条记录。" in page
    assert re.search(rf'name="resident"[^>]* value="{re.escape(typed.strip())}"', page)


def test_a_name_matching_several_residents_reads_in_english(client, login_as, namesakes):
    login_as("admin")
    client.set_cookie("mm_locale", "en")
    page = client.get("/admin/audit?resident=王").get_data(as_text=True)
    assert "“王” matches 3 residents. 5 entries found." in page
    assert "“秀英” matches 1 resident. 3 entries found." in client.get(
        "/admin/audit?resident=秀英"
    ).get_data(as_text=True)


@pytest.mark.parametrize("typed", ["张三", "<script>alert(1)</script>", "王\u200b", "x" * 50])
def test_a_name_no_resident_has_shows_nothing_and_says_so(client, login_as, namesakes, typed):
    login_as("admin")
    response = client.get("/admin/audit", query_string={"resident": typed})
    assert response.status_code == 200
    assert rows(response) == 0
    page = response.get_data(as_text=True)
    shown = typed.replace("<", "&lt;").replace(">", "&gt;")
    assert f"没有姓名含“{shown}”的服务对象，因此没有可显示的记录。" in page
    assert "<script>alert" not in page
    assert "条记录" not in page  # no count that would read as a search of everything


def test_a_name_filter_combines_with_the_others(client, login_as, namesakes):
    login_as("admin")
    query = {"resident": "王", "who": "李社工"}  # 李社工 only viewed 王秀英, long ago
    assert rows(client.get("/admin/audit", query_string=query)) == 1
    query["end"] = (utcnow() - timedelta(days=500)).date().isoformat()
    response = client.get("/admin/audit", query_string=query)
    assert "“王”对应 3 位服务对象。共找到 0 条记录。" in response.get_data(as_text=True)


def test_the_statement_count_does_not_grow_with_the_entries_shown(client, login_as, db):
    """Names come in one query per kind for the whole page, not one per row."""
    admin = login_as("admin")

    def add_entries():
        resident = ResidentFactory()
        audit(admin, "view_resident", resident)
        audit(admin, "reset_password", UserFactory())
        audit(UserFactory(roles=["social_worker"]), "view_resident", resident)
        db.session.commit()
        return resident

    add_entries()
    for path in ("/admin/audit", "/admin/audit?resident=王居民"):
        statements_for(client, path)  # warm up
        few = statements_for(client, path)
        added = [add_entries() for _ in range(15)]
        many = statements_for(client, path)
        page = client.get(path).get_data(as_text=True)
        assert all(f"#{r.id} {r.name}</a>" in page for r in added)
        assert many == few, f"{path}: {few} statements with 3 entries, {many} with more"


def test_one_entry_and_one_row_read_in_the_singular(client, login_as, trail):
    _resident, worker, _other = trail
    audit(worker, "export", detail="volunteers today: 1 rows")
    audit(worker, "import_volunteers", detail="名单.xlsx: 1 rows")
    login_as("admin")
    page = client.get("/admin/audit?who=li@example").get_data(as_text=True)
    assert "共找到 1 条记录。" in page
    client.set_cookie("mm_locale", "en")
    assert "1 entry found." in client.get("/admin/audit?who=li@example").get_data(as_text=True)
    english = client.get("/admin/audit?who=陈社工").get_data(as_text=True)
    assert "Service hours, 2026-01-01 to 2026-11-30: 12 rows" in english
    assert "Volunteer roster, as of that day: 1 row<" in english
    assert "名单.xlsx: 1 row<" in english


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"who": "陈社工"}, 3),
        ({"who": "li@example"}, 1),
        ({"who": "LI@Example"}, 1),
        ({"who": "%"}, 0),  # typed text, not a pattern: nobody's name holds a percent sign
        ({"who": "l_@"}, 0),
        ({"who": " 陈社工\x00 "}, 3),  # PostgreSQL refuses NUL in text: it is dropped
        ({"action": "export"}, 1),
        ({"action": "view_resident", "who": "陈"}, 2),
        ({"start": (utcnow() - timedelta(days=30)).date().isoformat()}, 3),
        ({"end": (utcnow() - timedelta(days=300)).date().isoformat()}, 1),
        ({"resident": "{id}", "who": "陈"}, 2),
        ({"resident": " {id} "}, 3),  # the views, not the export
        ({"resident": "{id}0"}, 0),  # another record's number
        ({"resident": "#{id}"}, 3),  # as the log writes it
    ],
)
def test_filters(client, login_as, trail, query, expected):
    login_as("admin")
    query = {key: value.replace("{id}", str(trail[0].id)) for key, value in query.items()}
    assert rows(client.get("/admin/audit", query_string=query)) == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ({"action": "delete_everything"}, "请从列表中选择操作。"),
        ({"start": "2026-02-30"}, "请按“年-月-日”填写日期"),
        ({"start": "0001-01-01"}, "请输入 1900 年至 2100 年之间的日期。"),
        ({"start": "2026-05-01", "end": "2026-04-30"}, "截止日期不能早于开始日期。"),
        ({"who": "x" * 101}, "最多 100 个字符。"),
        ({"resident": "王" * 51}, "最多 50 个字符。"),
        ({"resident": "9" * 51}, "最多 50 个字符。"),
        ({"resident": "99999999999"}, "没有这个档案编号的服务对象。"),
        ({"resident": "0"}, "没有这个档案编号的服务对象。"),
        ({"resident": "#0"}, "没有这个档案编号的服务对象。"),
    ],
)
def test_a_bad_filter_gets_a_message_and_a_400(client, login_as, trail, query, message):
    login_as("admin")
    response = client.get("/admin/audit", query_string=query)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # once in the summary at the top, once by the field: never twice in one place
    assert page.count(message) == 2
    # no search was made: no list that would read as its result, and no count
    assert "<tbody>" not in page and "条记录" not in page
    assert "未进行查询：请修改上方的筛选条件，然后按“筛选”。" in page
    for name, value in query.items():  # the form as it was typed (a list offers its choices)
        typed = rf'name="{name}"[^>]* value="{re.escape(value)}"'
        assert name == "action" or re.search(typed, page)


@pytest.mark.parametrize("role", ["social_worker", "volunteer", "donor", "resident"])
def test_only_admins_read_it(client, login_as, trail, role):
    login_as(role)
    assert client.get("/admin/audit").status_code == 403


def test_the_admin_home_page_links_to_it(client, login_as, db):
    login_as("admin")
    assert 'href="/admin/audit"' in client.get("/").get_data(as_text=True)


def test_an_admin_goes_from_a_residents_page_to_who_has_seen_it(client, login_as, trail, db):
    resident, worker, other = trail
    stranger = ResidentFactory(community=resident.community)
    audit(worker, "view_resident", stranger)
    db.session.commit()
    login_as("admin")
    page = client.get(f"/residents/{resident.id}").get_data(as_text=True)
    link = f'href="/admin/audit?resident={resident.id}"'
    assert link in page
    # the admin's own visit just now is in it, the other resident's entry is not
    assert rows(client.get(f"/admin/audit?resident={resident.id}")) == 4
    assert rows(client.get(f"/admin/audit?resident={stranger.id}")) == 1


def test_a_social_worker_is_not_offered_the_audit_link(client, auth, trail, db):
    resident, worker, other = trail
    worker.communities = [resident.community]
    db.session.commit()
    auth.login(worker.email)
    page = client.get(f"/residents/{resident.id}")
    assert page.status_code == 200
    assert "/admin/audit" not in page.get_data(as_text=True)


def test_reading_residents_names_in_the_log_is_itself_recorded(client, login_as):
    """The log now names residents: an administrator reading it views them (DESIGN §8)."""
    admin = login_as("admin")
    resident = ResidentFactory(name="赵桂兰")
    audit(admin, "view_resident", resident)
    _db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "赵桂兰" in page
    recorded = _db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "view_audit_log")
    ).all()
    assert [(e.actor_id, e.detail) for e in recorded] == [(admin.id, "residents=1")]
    assert "查看审计日志中的服务对象姓名" in client.get("/admin/audit").get_data(as_text=True)
