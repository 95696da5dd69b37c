"""The administrators' audit log (/admin/audit, DESIGN §8): what staff did, filterable,
for admins only; a resident appears by number, never by name."""

import re
from datetime import timedelta

import pytest

from matchmaker.core.audit import audit
from matchmaker.core.types import utcnow
from tests.factories import ResidentFactory, UserFactory


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
    assert f'href="/residents/{resident.id}">服务对象 #{resident.id}</a>' in page
    assert resident.name not in page


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
        ({"who": " 陈社工\x00 "}, 3),  # PostgreSQL refuses NUL in text: it is dropped
        ({"action": "export"}, 1),
        ({"action": "view_resident", "who": "陈"}, 2),
        ({"start": (utcnow() - timedelta(days=30)).date().isoformat()}, 3),
        ({"end": (utcnow() - timedelta(days=300)).date().isoformat()}, 1),
        ({"resident": "{id}", "who": "陈"}, 2),
        ({"resident": " {id} "}, 3),  # the views, not the export
        ({"resident": "{id}0"}, 0),  # another record's number
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
        ({"resident": "王秀英"}, "请填写档案编号（只填数字）。"),
        ({"resident": "99999999999"}, "请填写档案编号（只填数字）。"),
        ({"resident": "0"}, "请填写档案编号（只填数字）。"),
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
