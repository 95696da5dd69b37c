"""The staff import pages: template, upload, problems or preview, commit (all or nothing)."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from matchmaker.core.spreadsheets import XLSX_MIME
from matchmaker.extensions import db
from matchmaker.recruit.models import Volunteer, VolunteerStatus
from matchmaker.registry.models import Resident
from tests.conftest import csrf_from
from tests.factories import UserFactory
from tests.roster.conftest import (
    RESIDENT_HEADERS,
    VOLUNTEER_HEADERS,
    csv_bytes,
    id_number,
    xlsx_bytes,
)

PAGE = "/recruit/import"
GOOD = [
    ["赵志愿", "13812345678", "女", "文新社区", "手语、陪同出行"],
    ["李四", "13900001111", None, "文新社区", "手语"],
]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, data: bytes, name="名单.xlsx", page=PAGE):
    token = csrf_from(client.get(page))
    return client.post(
        page,
        data={"csrf_token": token, "roster": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def commit(client, preview, page=PAGE):
    body = preview.get_data(as_text=True)
    token = body.split('name="token" type="hidden" value="')[1].split('"')[0]
    return client.post(f"{page}/commit", data={"csrf_token": csrf_from(preview), "token": token})


@pytest.fixture
def worker(login_as, places, catalogue):
    return login_as("social_worker", communities=[places.wenxin, places.cuiyuan], locale="en")


def test_only_staff_may_import(client, login_as, places):
    assert client.get(PAGE).status_code == 302  # to the login page
    login_as("volunteer")
    for url in (PAGE, f"{PAGE}/template.xlsx", "/residents/import"):
        assert client.get(url).status_code == 403


def test_the_home_page_links_both_imports(client, worker):
    body = client.get("/").get_data(as_text=True)
    assert 'href="/recruit/import"' in body and 'href="/residents/import"' in body


@pytest.mark.parametrize(
    "page, headers, sheet",
    [
        (PAGE, VOLUNTEER_HEADERS, "志愿者名单"),
        ("/residents/import", RESIDENT_HEADERS, "服务对象名单"),
    ],
)
def test_the_template_downloads_as_an_xlsx_with_chinese_headers(
    client, worker, page, headers, sheet
):
    assert f'href="{page}/template.xlsx"' in client.get(page).get_data(as_text=True)
    response = client.get(f"{page}/template.xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIME
    disposition = response.headers["Content-Disposition"]
    # a plain name for browsers that cannot read the Chinese one, not a bare ".xlsx"
    assert re.match(r'attachment; filename="[a-z_]+-template\.xlsx"; filename\*=UTF-8', disposition)
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [sheet, "填写说明"]
    assert [c.value for c in workbook[sheet][1]][: len(headers)] == headers
    notes = " ".join(str(c.value) for row in workbook["填写说明"].iter_rows() for c in row)
    assert "文新社区" in notes and "普通话" in notes  # today's places and catalogue


def test_a_good_file_is_previewed_then_imported(client, worker, app):
    preview = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, GOOD))
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 rows are ready to import" in body
    assert "赵志愿" in body and "手语、陪同出行" in body
    assert count(Volunteer) == 0  # nothing saved before the confirmation
    kept = list((Path(app.instance_path) / "imports").iterdir())
    assert len(kept) == 2  # the upload and what it is

    done = commit(client, preview)
    assert done.status_code == 302 and done.location.endswith(PAGE)
    assert "2 volunteers imported." in client.get(PAGE).get_data(as_text=True)
    assert count(Volunteer) == 2
    assert {v.status for v in db.session.scalars(select(Volunteer))} == {VolunteerStatus.APPROVED}
    assert not any(path.exists() for path in kept)
    again = commit(client, preview)  # a second click imports nothing twice
    assert again.status_code == 302 and count(Volunteer) == 2


def test_a_one_row_file_is_counted_as_one_row(client, worker):
    body = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, GOOD[:1])).get_data(as_text=True)
    assert "1 row is ready to import" in body and "The first 1 of 1 row<" in body


def test_a_gbk_csv_upload(client, worker):
    preview = upload(client, csv_bytes(VOLUNTEER_HEADERS[:5], GOOD), name="名单.csv")
    assert preview.status_code == 200
    assert "赵志愿" in preview.get_data(as_text=True)


def test_bad_rows_are_listed_each_with_row_and_column_and_nothing_is_saved(client, worker):
    rows = [
        *GOOD,
        ["王五", "13812345678", "女", "文新社区", "飞行"],
        [None, "1", None, "文新社区", "手语"],
    ]
    response = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, rows))
    body = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Nothing was imported" in body
    for row, column, message in [
        (4, "手机号", "13812345678 is also on row 2."),
        (4, "技能", "飞行 is not in the list of choices."),
        (5, "姓名", "This column must be filled in."),
        (5, "手机号", "1 is not an 11-digit mobile number."),
    ]:
        assert f"<tr><td>{row}</td><td>{column}</td><td>{message}</td></tr>" in body
    assert count(Volunteer) == 0


def test_rows_in_another_workers_community_are_problems(client, worker):
    rows = [["甲", "13812345678", None, "北山街道宝石社区", "手语"]]
    body = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, rows)).get_data(as_text=True)
    assert "You do not look after the community 宝石社区." in body


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "roster.xlsx", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "roster.xlsx", "not an Excel (.xlsx) spreadsheet"),
        (b"%PDF-1.4 binary", "roster.csv", "not a spreadsheet saved as .csv"),
        (b"name\nx\n", "roster.txt", "Upload an .xlsx or .csv file."),
        (xlsx_bytes(["姓名", "电话"], [["甲", "1"]]), "roster.xlsx", "The columns do not match"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_message(client, worker, data, name, message):
    response = upload(client, data, name=name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_no_file_chosen(client, worker):
    token = csrf_from(client.get(PAGE))
    response = client.post(PAGE, data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the roster file to upload." in response.get_data(as_text=True)


def test_a_20_mb_upload_gets_a_clear_message_in_the_readers_language(client, login_as, places):
    login_as("social_worker", communities=[places.wenxin])  # the default language: Chinese
    response = upload(client, b"x" * (20 * 1024 * 1024), name="huge.xlsx")
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "提交的内容过大，文件不得超过 8 MB。" in body
    assert 'type="file"' in body  # still on the import page, ready for a smaller file


def test_commit_checks_the_file_again(client, worker):
    preview = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, GOOD))
    UserFactory(phone="13900001111")  # someone registered meanwhile
    response = commit(client, preview)
    assert response.status_code == 422
    assert "An account already logs in with 13900001111." in response.get_data(as_text=True)
    assert count(Volunteer) == 0


def test_an_upload_can_be_committed_only_by_whoever_made_it(client, worker, auth, places):
    preview = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, GOOD))
    auth.logout()
    other = UserFactory(roles=["admin"])
    auth.login(other.email)
    page = client.get(PAGE)
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1][:32]
    response = client.post(f"{PAGE}/commit", data={"csrf_token": csrf_from(page), "token": token})
    assert response.status_code == 302
    assert count(Volunteer) == 0
    bad = client.post(f"{PAGE}/commit", data={"csrf_token": csrf_from(page), "token": "../x"})
    assert bad.status_code == 400


def test_residents_preview_masks_id_numbers_and_imports(client, worker):
    number = id_number()
    rows = [["王大爷", None, None, number, "视力", "一级", "文新社区", None, "13812345678"]]
    preview = upload(client, xlsx_bytes(RESIDENT_HEADERS, rows), page="/residents/import")
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert number not in body
    assert f"{number[:4]}**********{number[-4:]}" in body

    assert commit(client, preview, page="/residents/import").status_code == 302
    resident = db.session.scalar(select(Resident))
    assert resident.id_number == number and resident.user.phone == "13812345678"


def test_a_clash_at_commit_time_rolls_the_whole_import_back(client, worker, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from matchmaker.core import roster_views

    real_import = roster_views.import_roster

    def clashing(kind, check, *, by):
        real_import(kind, check, by=by)  # every row flushed …
        raise IntegrityError("INSERT INTO user", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(roster_views, "import_roster", clashing)
    preview = upload(client, xlsx_bytes(VOLUNTEER_HEADERS, GOOD))
    response = commit(client, preview)

    assert response.status_code == 302
    assert "Nothing was imported" in client.get(PAGE).get_data(as_text=True)
    assert count(Volunteer) == 0  # … and none kept
