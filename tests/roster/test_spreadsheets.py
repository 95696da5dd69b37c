"""Reading uploads into rows, recognising what is not a spreadsheet, writing templates."""

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from matchmaker.core.spreadsheets import (
    Column,
    EmptySpreadsheet,
    NotASpreadsheet,
    TooManyRows,
    cell_date,
    cell_text,
    read_sheet,
    write_template,
)
from tests.roster.conftest import csv_bytes, xlsx_bytes

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_xlsx_rows_keep_the_numbers_excel_shows():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([" 姓名* ", "手机号＊", "服务半径（公里）"])
    sheet.append(["张三", 13812345678.0, 5])
    sheet.append([None, None, None])  # a blank row is skipped, its number is not reused
    sheet.append(["李四", "13900001111", None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read_sheet(buffer.getvalue(), "roster.XLSX")

    assert result.headers == ["姓名", "手机号", "服务半径(公里)"]
    assert [number for number, _ in result.rows] == [2, 4]
    assert cell_text(result.rows[0][1][1]) == "13812345678"
    assert result.rows[1][1][:2] == ["李四", "13900001111"]


def test_gbk_csv_from_chinese_excel_is_read_with_names_intact():
    data = csv_bytes(["姓名", "社区"], [["欧阳娜娜", "翠苑一社区"], ["龔先生", "文新社区"]])
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK, not UTF-8

    result = read_sheet(data, "名单.csv")

    assert result.headers == ["姓名", "社区"]
    assert [cells for _, cells in result.rows] == [
        ["欧阳娜娜", "翠苑一社区"],
        ["龔先生", "文新社区"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_csv_with_or_without_bom(encoding):
    result = read_sheet(csv_bytes(["姓名"], [["王芳"]], encoding), "a.csv")
    assert result.headers == ["姓名"] and result.rows == [(2, ["王芳"])]


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "roster.xlsx"),
        (b"", "roster.csv"),
        (b"  \r\n\r\n", "roster.csv"),
        ("\ufeff".encode(), "roster.csv"),
        (xlsx_bytes([], []), "roster.xlsx"),
    ],
)
def test_an_empty_file_is_told_apart(data, name):
    with pytest.raises(EmptySpreadsheet) as caught:
        read_sheet(data, name)
    assert "empty" in str(caught.value.message)


def test_a_header_without_rows_is_empty_too():
    with pytest.raises(EmptySpreadsheet) as caught:
        read_sheet(xlsx_bytes(["姓名", "手机号"], []), "roster.xlsx")
    assert "no rows" in str(caught.value.message)


def _broken_workbook() -> bytes:
    """A real .xlsx whose worksheet XML has been damaged."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["姓名"], [["甲"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    return buffer.getvalue()


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, name, says",
    [
        (PNG, "roster.xlsx", "not an Excel"),
        (PNG, "roster.csv", "not a spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "roster.csv", "not a spreadsheet"),
        (b"%PDF-1.7\n1 0 obj", "roster.xlsx", "not an Excel"),
        (bytes(range(256)) * 10, "roster.xlsx", "not an Excel"),
        (b"\x00\x01\x02garbage\xff\xfe" * 50, "roster.csv", "not a spreadsheet"),
        (_zip_of_text(), "roster.xlsx", "not an Excel"),
        (_broken_workbook(), "roster.xlsx", "not an Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "roster.xlsx", ".xls"),
        (b"name\nx\n", "roster.txt", ".xlsx or .csv"),
    ],
)
def test_what_is_not_a_spreadsheet_is_recognised(data, name, says):
    with pytest.raises(NotASpreadsheet) as caught:
        read_sheet(data, name)
    assert says in str(caught.value.message)


def test_too_many_rows_is_refused_with_the_limit():
    data = csv_bytes(["姓名"], [[f"人{i}"] for i in range(11)], "utf-8")
    assert len(read_sheet(data, "a.csv", max_rows=11).rows) == 11
    with pytest.raises(TooManyRows) as caught:
        read_sheet(data, "a.csv", max_rows=10)
    assert "10" in str(caught.value.message)


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (13812345678.0, "13812345678"),
        (5, "5"),
        (2.5, "2.5"),
        (" 甲 ", "甲"),
        (datetime(1990, 5, 1), "1990-05-01"),
    ],
)
def test_cell_text_undoes_excel_habits(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    "value",
    [
        datetime(1990, 5, 1),
        date(1990, 5, 1),
        "1990-05-01",
        "1990/5/1",
        "1990.5.1",
        "1990年5月1日",
        "19900501",
        32994,
    ],
)
def test_dates_in_the_forms_rosters_use(value):
    assert cell_date(value) == date(1990, 5, 1)


@pytest.mark.parametrize("value", ["1990-13-01", "去年", "1990-02-30", -5, True])
def test_bad_dates_raise(value):
    with pytest.raises(ValueError):
        cell_date(value)


def test_template_has_starred_headers_an_example_and_instructions():
    columns = [
        Column("姓名", True, "真实姓名", "张三"),
        Column("手机号", True, "11 位手机号", "13812345678", text=True),
        Column("性别", False, "男 或 女", "女"),
    ]
    workbook = load_workbook(io.BytesIO(write_template(columns, title="名单")))

    assert workbook.sheetnames == ["名单", "填写说明"]
    sheet = workbook["名单"]
    assert [c.value for c in sheet[1]] == ["姓名*", "手机号*", "性别"]
    assert [c.value for c in sheet[2]] == ["张三", "13812345678", "女"]
    assert sheet["B3"].number_format == "@"  # phone numbers stay text when typed in
    notes = [[c.value for c in row] for row in workbook["填写说明"].iter_rows()]
    assert notes[0] == ["列名", "是否必填", "填写说明与可选值"]
    assert notes[1:4] == [
        ["姓名", "必填", "真实姓名"],
        ["手机号", "必填", "11 位手机号"],
        ["性别", "选填", "男 或 女"],
    ]
    # and the template reads back as a sheet with those headers
    assert read_sheet(write_template(columns), "t.xlsx").headers == ["姓名", "手机号", "性别"]
