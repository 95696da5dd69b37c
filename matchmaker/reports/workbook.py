"""Writing an export's sheet as an .xlsx (openpyxl's write-only mode): a bold, frozen header
row, then the rows. Text is written as text, never as a formula, whatever it starts with.
"""

import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font


def _write(title: str, headers: list, rows: Iterable[list]) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for index, header in enumerate(headers):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(12, 2 * len(str(header)) + 4)
    sheet.append([_cell(sheet, str(header), font=bold) for header in headers])
    count = 0
    for row in rows:
        sheet.append([_value(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


#: text a spreadsheet might read as a formula or an error: written through ``_cell``
_RISKY_STARTS = ("=", "+", "-", "@")


def _value(sheet, value):
    """``value`` as the sheet takes it: plain (openpyxl writes text, numbers and dates — as
    yyyy-mm-dd — by itself), or a cell where text must be kept from being run (``_cell``)."""
    if isinstance(value, str):
        if value.startswith(_RISKY_STARTS) or value in ERROR_CODES:
            return _cell(sheet, value)
        return value
    if value is None or isinstance(value, int | float | date):
        return value
    return _value(sheet, str(value))  # a lazy label


def _cell(sheet, value, *, font=None) -> WriteOnlyCell:
    if value is not None and not isinstance(value, int | float | date | str):
        value = str(value)  # a lazy label
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" stays text: no formula runs when the file is opened
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell
