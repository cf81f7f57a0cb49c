"""The one way the program reads an uploaded CSV: UTF-8, comma-separated, the expected header, every bad
line reported with its reason. Services check the meaning of each row; this checks the file's shape.

An import saves every row or none: it writes inside `all_or_nothing()` and raises `RollBack` there to
undo a file with a bad line, or a dry run."""

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
# Unicode's control characters (category Cc) are exactly these; one search is far faster than asking
# unicodedata about every character of a state-sized file.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


class RollBack(Exception):
    """Raised inside `all_or_nothing()` to undo everything written in it (a refused file, a dry run)."""


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """A transaction that `raise RollBack` undoes quietly; any other error undoes it and goes on up."""
    try:
        with transaction.atomic():
            yield
    except RollBack:
        pass


@dataclass(frozen=True)
class RowError:
    """A problem with one line of a file (line 1 is the header)."""

    line: int
    message: str


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: dict[str, str]


@dataclass
class CsvFile:
    """The rows of a file with the expected columns, or the reasons it cannot be read."""

    rows: list[CsvRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def sentence(problems: list[str]) -> str:
    """Problems of one line as one sentence."""
    message = "; ".join(problems)
    return message[:1].upper() + message[1:] + "."


def read_csv(
    data: bytes, columns: list[str], progress: Callable[[int], None] | None = None, no_rows: str = ""
) -> CsvFile:
    """Read a CSV whose header names exactly `columns` (in any order); cells are stripped. `no_rows` says
    what a file with a header and nothing else lacks."""
    result = CsvFile()
    text = _utf8(data, result.errors)
    if text is None:
        return result
    if not text.strip():
        result.errors.append(RowError(1, _("The file is empty; it needs a header row and at least one row.")))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        if _header_problems(header, columns, result.errors):
            return result
        line = reader.line_num + 1  # a quoted value may span lines: a row is named by its first line
        for values in reader:
            if any(value.strip() for value in values):
                row = _row(line, values, header, result.errors)
                if row:
                    result.rows.append(row)
            if progress:
                progress(1)
            line = reader.line_num + 1
    except csv.Error as error:
        result.errors.append(
            RowError(reader.line_num, _("The file is not valid CSV here: %(error)s") % {"error": error})
        )
        return result
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, no_rows or _("The file has a header row but no rows.")))
    return result


def _utf8(data: bytes, errors: list[RowError]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        errors.append(
            RowError(
                line,
                _("The file is not UTF-8 text (first unreadable character on this line). Save it as “CSV UTF-8”."),
            )
        )
        return None


def _header_problems(header: list[str], columns: list[str], errors: list[RowError]) -> bool:
    """Report a header that is not comma-separated, lacks a column, names one twice or names an unknown one."""
    if len(header) == 1:
        for delimiter, name in OTHER_DELIMITERS.items():
            if delimiter in header[0]:
                errors.append(
                    RowError(
                        1, _("The columns are separated by %(name)s; save the file with commas.") % {"name": _(name)}
                    )
                )
                return True
    problems = []
    missing = [name for name in columns if name not in header]
    if missing:
        problems.append(_("lacks the column(s) %(missing)s") % {"missing": ", ".join(missing)})
    unknown = [name for name in header if name not in columns]
    if unknown:
        problems.append(_("names column(s) it should not: %(unknown)s") % {"unknown": ", ".join(unknown)})
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        problems.append(_("names the column(s) %(repeated)s more than once") % {"repeated": ", ".join(repeated)})
    if problems:
        errors.append(
            RowError(
                1,
                sentence(
                    [
                        _("the header row %(problems)s (expected: %(columns)s)")
                        % {"problems": "; ".join(problems), "columns": ",".join(columns)}
                    ]
                ),
            )
        )
    return bool(problems)


def _row(line: int, values: list[str], header: list[str], errors: list[RowError]) -> CsvRow | None:
    if len(values) != len(header):
        errors.append(
            RowError(
                line,
                _("This row has %(found)d columns; the header has %(expected)d.")
                % {"found": len(values), "expected": len(header)},
            )
        )
        return None
    cells = {name: value.strip() for name, value in zip(header, values, strict=True)}
    controlled = (
        [name for name, value in cells.items() if CONTROL_CHARACTER.search(value)]
        if CONTROL_CHARACTER.search("".join(cells.values()))  # one search for the usual row without any
        else []
    )
    if controlled:
        errors.append(
            RowError(
                line,
                _("The column(s) %(columns)s contain a control character (such as a line break or NUL).")
                % {"columns": ", ".join(controlled)},
            )
        )
        return None
    return CsvRow(line, cells)
