"""Writing and finding tens of thousands of rows at once, for imports (a state's survey roster or its
returned forms): a fixed number of statements however many rows, and as little Python per row as can be.

- `save_all` inserts rows given as dicts. On PostgreSQL they go in by one COPY, streamed: the database
  reads and indexes one chunk while the next is being written, and nothing builds a model instance per
  row. Elsewhere (SQLite: the demo and local tests) they go in by bulk_create.
- `one_of` selects the rows whose field is one of many values: one `= ANY(array)` condition on
  PostgreSQL, IN (...) lists within the database's limit of parameters elsewhere.
- `advisory_lock` serialises work that would trip over itself (PostgreSQL; SQLite has one writer anyway).
- `@without_cycle_collector` runs an import without Python's cycle collector, which would otherwise walk
  its hundreds of thousands of short-lived rows again and again (a seventh of a large import's time).
"""

import functools
import gc
import json
from collections.abc import Callable, Iterator
from operator import itemgetter

from django.db import connection
from django.db.models import F, Lookup, Q

WRITE_BATCH = 5_000  # rows per bulk_create, and between two progress reports
COPY_CHUNK = 1_000  # rows per piece of a COPY: the database works on one while the next is written
LOOKUP_BATCH = 10_000  # values per IN (...) off PostgreSQL, where the database sets no lower limit

Progress = Callable[[int], None] | None


def save_all(model, rows: list[dict], progress: Progress = None) -> None:
    """Insert one row of `model` per dict (field attname → value; fields left out take their default,
    a callable default called for each row), reporting progress as rows are written."""
    if not rows:
        return
    given = set(rows[0])
    if connection.vendor == "postgresql":
        _copy_all(model, rows, given, progress)
        return
    values = _value_getters(model._meta.concrete_fields, given)
    for batch in batches(rows, WRITE_BATCH):
        # Positional arguments: Django's fast way to build an instance.
        model.objects.bulk_create([model(*[value(row) for value in values]) for row in batch], batch_size=WRITE_BATCH)
        _count(progress, len(batch))


def _copy_all(model, rows: list[dict], given: set[str], progress: Progress) -> None:
    # An automatic primary key is left to its sequence.
    fields = [field for field in model._meta.concrete_fields if field.attname in given or not field.primary_key]
    line = _copy_line(fields, given)
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(statement, _CopyStream(rows, line, progress))


class _CopyStream:
    """The rows in COPY's text format, written a chunk at a time as the database asks for more."""

    def __init__(self, rows: list[dict], line: Callable[[dict], str], progress: Progress) -> None:
        self.chunks = batches(rows, COPY_CHUNK)
        self.line = line
        self.progress = progress
        self.unreported = 0

    def read(self, size: int = -1) -> str:
        chunk = next(self.chunks, None)
        if chunk is None:
            _count(self.progress, self.unreported)
            return ""
        self.unreported += len(chunk)
        if self.unreported >= WRITE_BATCH:
            _count(self.progress, self.unreported)
            self.unreported = 0
        return "".join([self.line(row) for row in chunk])


def _copy_line(fields, given: set[str]) -> Callable[[dict], str]:
    """How to write a row as one line of COPY's text format (worked out once per import, not per row)."""
    cells = list(zip(_value_getters(fields, given), [_copy_text(field) for field in fields], strict=True))

    def line(row: dict) -> str:
        return "\t".join([text(value(row)) for value, text in cells]) + "\n"

    return line


def _value_getters(fields, given: set[str]) -> list[Callable[[dict], object]]:
    """For each field, how to get its value from a row: the row's, or the field's default."""
    getters = []
    for model_field in fields:
        if model_field.attname in given:
            getters.append(itemgetter(model_field.attname))
        elif model_field.has_default() and callable(model_field.default):
            getters.append(lambda row, make=model_field.default: make())
        else:
            getters.append(_constant(model_field.get_default()))
    return getters


def _constant(value) -> Callable[[dict], object]:
    return lambda row: value


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_NULL = "\\N"
_BOOLEAN_TEXT = {True: "t", False: "f", None: _COPY_NULL}
# Fields whose values COPY takes as Python writes them: numbers, keys and UUIDs hold no tab or backslash.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "DecimalField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "UUIDField",
}


def _copy_text(model_field) -> Callable[[object], str]:
    """How to write a value of the field in COPY's text format: a built-in function where one does it
    (most cells of a large import), chosen once per field."""
    kind = model_field.get_internal_type()
    if kind == "BooleanField":
        return _BOOLEAN_TEXT.__getitem__
    if kind == "JSONField":
        return lambda value: json.dumps(value).translate(_COPY_ESCAPES)
    text = str if kind in _PLAIN_TYPES else _escaped
    if not model_field.null:
        return text
    return lambda value: _COPY_NULL if value is None else text(value)


def _escaped(value) -> str:
    return str(value).translate(_COPY_ESCAPES)


def _count(progress: Progress, done: int) -> None:
    if progress and done:
        progress(done)


def batches(values: list, size: int) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _AnyOf(Lookup):
    """`field = ANY(%s)` with the values as one array parameter (PostgreSQL): one statement however many
    values, without IN's parameter per value, each of which Django prepares on its own."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def one_of(field: str, values: list) -> Iterator:
    """Conditions that together select the rows whose `field` is one of `values`: one on PostgreSQL, and
    elsewhere IN (...) lists within the database's limit of parameters (999 on SQLite)."""
    if connection.vendor == "postgresql":
        if values:
            yield _AnyOf(F(field), values)
        return
    size = min(LOOKUP_BATCH, (connection.features.max_query_params or LOOKUP_BATCH) - 1)
    for batch in batches(values, size):
        yield Q(**{f"{field}__in": batch})


def advisory_lock(*key: int) -> None:
    """Hold a PostgreSQL advisory lock on `key` until the transaction ends: work that would trip over
    itself waits its turn (SQLite has one writer at a time anyway)."""
    if connection.vendor == "postgresql":
        placeholders = ", ".join(["%s"] * len(key))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock({placeholders})", list(key))


def without_cycle_collector(work: Callable) -> Callable:
    """Run `work` with the cycle collector paused (plain reference counting still frees what it drops);
    what it leaves in cycles is collected afterwards as usual."""

    @functools.wraps(work)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return work(*args, **kwargs)
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            gc.enable()

    return run
