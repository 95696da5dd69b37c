"""Reading uploaded spreadsheets (.xlsx, .csv) and writing fill-in templates.

Generic: a file becomes a header row and numbered data rows; nothing here knows about
volunteers or residents. Row numbers are the ones the reader sees in Excel (header = 1).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote

from flask import Response, send_file
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

#: More rows than this is a sign of a wrong file (or one to split), not a roster.
MAX_ROWS = 20_000
EXTENSIONS = ("xlsx", "csv")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(data: bytes, name: str, plain_name: str) -> Response:
    """A workbook to save as ``name`` (服务时长-….xlsx). Browsers take that UTF-8 name; older
    ones fall back to ``plain_name``, since Flask's own fallback drops every Chinese character
    and leaves "-20260101-….xlsx" or just ".xlsx"."""
    response = send_file(io.BytesIO(data), XLSX_MIME, as_attachment=True, download_name=name)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{plain_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


#: What a header may carry around its name: whitespace and the "required" star.
_HEADER_TRIM = " \t\r\n\u3000*＊"
#: Leading bytes of formats people upload by mistake.
_NOT_TEXT = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class SpreadsheetError(Exception):
    """The upload cannot be read as a roster; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class NotASpreadsheet(SpreadsheetError):
    """Not an .xlsx or .csv file (a photo, a PDF, an old .xls, binary data)."""


class EmptySpreadsheet(SpreadsheetError):
    """No header row, or a header and no rows."""


class TooManyRows(SpreadsheetError):
    """More than MAX_ROWS data rows."""


@dataclass
class Sheet:
    """A header row and the data rows beneath it, each with its row number as Excel shows it."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_sheet(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Sheet:
    """Read the first worksheet of an .xlsx, or a .csv in UTF-8 or GBK, into a :class:`Sheet`.

    Blank rows are skipped (keeping the numbering); cells keep their types (numbers, dates).

    :raises NotASpreadsheet: if the bytes are not a readable file of the kind its name says.
    :raises EmptySpreadsheet: if there is no header or no data row.
    :raises TooManyRows: if there are more than ``max_rows`` data rows.
    """
    kind = extension_of(filename)
    if kind not in EXTENSIONS:
        raise NotASpreadsheet(_l("Upload an .xlsx or .csv file."))
    if not data.strip():
        raise EmptySpreadsheet(_l("The file is empty."))
    records = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    sheet = None
    for number, cells in records:
        cells = [_clean(value) for value in cells]
        if all(value is None for value in cells):
            continue
        if sheet is None:
            sheet = Sheet(headers=[normalise_header(value) for value in cells])
            continue
        if len(sheet.rows) >= max_rows:
            raise TooManyRows(
                _l(
                    "The file has more than %(max)d rows. Split it into smaller files.",
                    max=max_rows,
                )
            )
        sheet.rows.append((number, cells))
    if sheet is None:
        raise EmptySpreadsheet(_l("The file is empty."))
    if not sheet.rows:
        raise EmptySpreadsheet(_l("The file has a header row but no rows beneath it."))
    return sheet


def normalise_header(value) -> str:
    """A header as the template writes it: no spaces or star, ASCII brackets.

    " 手机号* " → "手机号"; "服务半径（公里）" → "服务半径(公里)".
    """
    if value is None:
        return ""
    return str(value).strip(_HEADER_TRIM).replace("（", "(").replace("）", ")")


def _clean(value):
    if isinstance(value, str):
        value = value.replace("\x00", "").strip()  # PostgreSQL stores no NUL (core.requests)
        return value or None
    return value


def _xlsx_rows(data: bytes):
    """The first worksheet's rows, numbered from 1, read lazily (a long file stops early)."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise NotASpreadsheet(
            _l("This is an old Excel (.xls) file. Save it as .xlsx in Excel and upload that.")
        )
    if data[:4] != b"PK\x03\x04":
        raise NotASpreadsheet(_l("This file is not an Excel (.xlsx) spreadsheet."))
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        worksheet = workbook.worksheets[0]
        worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
        yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
    except SpreadsheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl trips on, it is not a workbook
        raise NotASpreadsheet(_l("This file is not an Excel (.xlsx) spreadsheet.")) from exc
    finally:
        if workbook is not None:
            workbook.close()


def decode_text(data: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Chinese Excel saves "CSV" in the system code page, which is GBK.

    :raises NotASpreadsheet: if it is binary or neither encoding reads it.
    """
    head = data[:4096]
    if data.startswith(_NOT_TEXT) or b"\x00" in head:
        raise NotASpreadsheet(_l("This file is not a spreadsheet saved as .csv."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotASpreadsheet(_l("This file is not a spreadsheet saved as .csv."))


def _csv_rows(data: bytes):
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
    except csv.Error as exc:
        raise NotASpreadsheet(_l("This file is not a spreadsheet saved as .csv.")) from exc


# -- cells -----------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text, undoing Excel's habits: 13812345678.0 → "13812345678"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def cell_date(value) -> date:
    """A date from an Excel date cell, an Excel day number or text such as "1990/5/1".

    :raises ValueError: if it is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's day numbers, 1900-01-01 … 9999-12-31
            return from_excel(value).date()
        raise ValueError(value)
    text = cell_text(value).replace(" ", "")
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


# -- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a roster file; the header is part of the file format, so it is Chinese."""

    header: str
    required: bool = False
    #: what to write and the allowed values, for the "填写说明" sheet
    help: str = ""
    example: object = ""
    #: keep as text in Excel (phone and ID numbers would otherwise become numbers)
    text: bool = False
    width: int = 14
    #: other headers accepted for this column when reading (e.g. 出生年份 for 出生日期)
    aliases: tuple[str, ...] = ()


INSTRUCTIONS_SHEET = "填写说明"


def write_template(columns, *, title: str = "名单") -> bytes:
    """An .xlsx with the headers (required ones starred), an example row and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append([c.header + ("*" if c.required else "") for c in columns])
    sheet.append([c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = bold, fill
        if column.text:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(INSTRUCTIONS_SHEET)
    notes.append(["列名", "是否必填", "填写说明与可选值"])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for column in columns:
        notes.append([column.header, "必填" if column.required else "选填", column.help])
    notes.append([])
    notes.append(["", "", "第 1 行是列名，请勿修改；示例行（第 2 行）请删除或改写后再上传。"])
    notes.append(["", "", "也可在 Excel 中另存为 CSV（UTF-8 或 GBK 编码均可）。"])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 80
    for row in notes.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
