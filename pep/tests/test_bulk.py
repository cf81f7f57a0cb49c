"""Bulk writes and look-ups: what goes in comes back exactly (on PostgreSQL through COPY's text format,
whose tab, line break, backslash and NULL need escaping), with defaults filled and progress reported."""

import datetime

import pytest
from django.utils import timezone

from pep.bulk import COPY_CHUNK, one_of, save_all
from pep.models import AuditEntry, District, SchoolYear

pytestmark = pytest.mark.django_db


def test_awkward_text_json_and_empty_values_come_back_as_written():
    awkward = 'tab\there, line\nbreak, return\r, back\\slash, \\N, "quotes" and ñ'
    save_all(
        AuditEntry,
        [
            {"action": "bulk.test", "summary": awkward, "details": {"path": "C:\\files\\n", "note": awkward}},
            {"action": "bulk.test", "summary": "plain", "district_id": None, "details": {}},
        ],
    )

    first, second = AuditEntry.objects.filter(action="bulk.test").order_by("pk")
    assert first.summary == awkward
    assert first.details == {"path": "C:\\files\\n", "note": awkward}
    assert first.district_id is None and second.actor_id is None
    assert timezone.now() - first.at < datetime.timedelta(minutes=5)  # the field's default, made per row


def test_booleans_and_keys_are_written_as_given():
    district = District.objects.create(code="BULK-1", name="Bulk district")
    save_all(
        SchoolYear,
        [
            {
                "label": label,
                "starts_on": datetime.date(2040 + number, 7, 1),
                "ends_on": datetime.date(2041 + number, 6, 30),
                "planning_opens_on": datetime.date(2040 + number, 3, 1),
                "is_current": False,
            }
            for number, label in enumerate(["2040-41", "2041-42"])
        ],
    )
    save_all(AuditEntry, [{"action": "bulk.key", "summary": "keyed", "district_id": district.pk}])

    assert list(SchoolYear.objects.filter(label__startswith="204").values_list("label", "is_current")) == [
        ("2040-41", False),
        ("2041-42", False),
    ]
    assert AuditEntry.objects.get(action="bulk.key").district == district


def test_progress_counts_every_row_once_across_chunks():
    rows = [{"action": "bulk.many", "summary": f"row {number}"} for number in range(COPY_CHUNK * 2 + 7)]
    reported = []

    save_all(AuditEntry, rows, reported.append)

    assert sum(reported) == len(rows)
    assert AuditEntry.objects.filter(action="bulk.many").count() == len(rows)


def test_one_of_finds_exactly_the_rows_named_however_many_values():
    save_all(AuditEntry, [{"action": f"bulk.{number}", "summary": "x"} for number in range(1_500)])
    wanted = [f"bulk.{number}" for number in range(0, 1_500, 2)] + ["bulk.missing"]

    found = set()
    for condition in one_of("action", wanted):
        found.update(AuditEntry.objects.filter(condition).values_list("action", flat=True))

    assert found == set(wanted) - {"bulk.missing"}
