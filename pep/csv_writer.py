"""The one way the program writes CSV: as a download, with cells that spreadsheets cannot run."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and CR, may).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# An international phone number ("+" and digits only) is no formula: it is written as itself.
PHONE_NUMBER = re.compile(r"\+\d{6,15}")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PHONE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def iso_moment(moment, timespec: str = "seconds") -> str:
    """A moment as ISO 8601 in the program's time zone, with its offset; "" for none."""
    return timezone.localtime(moment).isoformat(timespec=timespec) if moment else ""


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download; numbers stay numbers, text that looks like a formula is neutralised."""
    # Written to memory first and handed over once: HttpResponse.write costs much more per row.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value) -> str:
    """One cell as a CSV line holds it: text that looks like a formula neutralised, quoted where CSV needs it.

    For tables written line by line (`csv_lines_response`): the cells the program makes itself (numbers, its
    own codes) are written as they are, and each cell from outside the program (a name, a district's code)
    through here."""
    text = safe_cell(value)
    if text == "" or text is None:
        return ""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([text])
    return buffer.getvalue()[:-2]  # without the line's end


def csv_lines_response(filename: str, header: list[str], lines: list[str]) -> HttpResponse:
    """A CSV download of lines written already (each ending in CR LF, as csv.writer ends them), for tables of
    tens of thousands of rows, where making every cell a Python object and checking it costs more than the
    rest of the download. Every cell from outside the program in `lines` went through `csv_cell`."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header)
    response = HttpResponse(buffer.getvalue() + "".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
