"""The one way the program writes Excel files: a download of one or more sheets, with cells that cannot run.

Numbers stay numbers (a Decimal is written as a number), text is always written as text: openpyxl would
store a string starting with "=" as a formula, so such text gets the same leading apostrophe as in
pep.csv_writer, and the cell is typed as a string whatever it starts with.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .csv_writer import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LENGTH = 31  # Excel's limit
FORBIDDEN_IN_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, its header row and its rows."""

    title: str
    header: list[str]
    rows: Iterable[list]


def _value(value):
    """What a cell holds: numbers as numbers, None and "" as an empty cell, anything else as safe text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(str(value))


def _cell(worksheet, value, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=_value(value))
    if isinstance(cell.value, str):
        cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
    elif isinstance(value, Decimal) and value.as_tuple().exponent < 0:
        cell.number_format = "0." + "0" * -value.as_tuple().exponent  # 72.0 stays 72.0, not 72
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The .xlsx file of these sheets, header row in bold and frozen (written row by row: large tables fit)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        title = str(sheet.title).translate(FORBIDDEN_IN_TITLES)[:SHEET_TITLE_LENGTH] or "Sheet"
        worksheet = book.create_sheet(title=title)
        worksheet.freeze_panes = "A2"
        for index, heading in enumerate(sheet.header, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(heading)) + 2))
        worksheet.append([_cell(worksheet, heading, bold=True) for heading in sheet.header])
        for row in sheet.rows:
            worksheet.append([_cell(worksheet, value) for value in row])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    """An Excel download of these sheets."""
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
