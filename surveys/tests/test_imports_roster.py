"""The roster import: one invitation per row with its codes, or nothing with every bad line."""

import csv
import io
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pep.models import AuditEntry
from pep.refusals import Refused
from pep.tests.factories import SchoolFactory
from surveys.models import PAPER_CODE_ALPHABET, Invitation
from surveys.services import imports
from surveys.services.imports import ROSTER_COLUMNS, roster_import
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument

PAPER_CODE = re.compile(f"[{PAPER_CODE_ALPHABET}]{{10}}")


def roster_row(**changes) -> dict:
    """One parent of a roster, in district A-1 (the `people` fixture's district A) unless changed."""
    return {
        "student_ref": "ST0001",
        "parent_name": "Rosa Díaz",
        "parent_email": "rosa@example.org",
        "parent_phone": "217-555-0100",
        "mailing_address": "12 Elm Street, Springfield",
        "language": "es",
        "district_code": "A-1",
        "school_code": "",
        "grade": "3",
        "age": "8",
        "disability_category": "SLD",
        "race_ethnicity": "HI",
        "gender": "F",
        **changes,
    }


def roster_csv(*rows: dict, columns: list[str] = ROSTER_COLUMNS, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def cycle(people):
    return CycleFactory()


def test_it_invites_every_parent_of_a_good_roster(people, cycle):
    data = roster_csv(
        roster_row(),
        roster_row(student_ref="ST0002", language="EN", grade="pk", age="4", school_code=people.school_a.code),
        roster_row(student_ref="ST0003", district_code="B-2", parent_email="", gender="x", disability_category="aut"),
    )

    result = roster_import(cycle=cycle, data=data, actor=people.coordinator)

    assert result.ok and (result.rows, result.saved, result.districts) == (3, 3, 2)
    invitations = {invitation.student_ref: invitation for invitation in Invitation.objects.filter(cycle=cycle)}
    assert set(invitations) == {"ST0001", "ST0002", "ST0003"}
    preschooler = invitations["ST0002"]
    assert (preschooler.language, preschooler.grade, preschooler.age, preschooler.school) == (
        "en",
        "PK",
        4,
        people.school_a,
    )
    assert preschooler.district == people.district_a and preschooler.parent_name == "Rosa Díaz"
    third = invitations["ST0003"]
    assert (third.district, third.gender, third.disability_category, third.parent_email) == (
        people.district_b,
        "X",
        "AUT",
        "",
    )
    assert all(len(invitation.code) >= 22 for invitation in invitations.values())  # at least 128 random bits
    assert all(PAPER_CODE.fullmatch(invitation.paper_code) for invitation in invitations.values())
    assert len({invitation.paper_code for invitation in invitations.values()}) == 3
    assert not any(invitation.responded for invitation in invitations.values())
    assert AuditEntry.objects.filter(action="survey.roster_import", actor=people.coordinator).count() == 1


def test_a_file_missing_a_column_is_refused_at_its_header(people, cycle):
    columns = [name for name in ROSTER_COLUMNS if name != "grade"]

    result = roster_import(cycle=cycle, data=roster_csv(roster_row(), columns=columns))

    assert [error.line for error in result.errors] == [1]
    assert "grade" in result.errors[0].message
    assert not Invitation.objects.exists()


def test_every_bad_line_is_listed_with_its_reason_and_nothing_is_saved(people, cycle):
    InvitationFactory(cycle=cycle, district=people.district_a, student_ref="ON-ROSTER")
    other_school = SchoolFactory(district=people.district_b, code="B-SCHOOL")
    data = roster_csv(
        roster_row(student_ref="GOOD-1"),
        roster_row(student_ref="BAD-DISTRICT", district_code="Z-9"),  # line 3
        roster_row(student_ref="BAD-SCHOOL", school_code=other_school.code),  # line 4
        roster_row(student_ref="NO-SCHOOL", school_code="NOWHERE"),  # line 5
        roster_row(student_ref="BAD-GRADE", grade="13"),  # line 6
        roster_row(student_ref="BAD-AGE", age="eight"),  # line 7
        roster_row(student_ref="OLD", age="40"),  # line 8
        roster_row(student_ref="BAD-EMAIL", parent_email="rosa@"),  # line 9
        roster_row(student_ref="BAD-CODES", disability_category="XYZ", race_ethnicity="ZZ", gender="Q"),  # line 10
        roster_row(student_ref="BAD-LANGUAGE", language="fr"),  # line 11
        roster_row(student_ref="GOOD-1"),  # line 12: the same student again
        roster_row(student_ref="ON-ROSTER"),  # line 13
        roster_row(student_ref="X" * 41),  # line 14
        roster_row(student_ref="NO-NAME", parent_name=""),  # line 15
    )

    result = roster_import(cycle=cycle, data=data)

    reasons = {error.line: error.message.lower() for error in result.errors}
    assert sorted(reasons) == list(range(3, 16))
    assert "district_code “z-9”" in reasons[3]
    assert "school b-school is not in district a-1" in reasons[4]
    assert "school_code “nowhere”" in reasons[5]
    assert "grade “13”" in reasons[6]
    assert "age “eight”" in reasons[7] and "age “40”" in reasons[8]
    assert "parent_email" in reasons[9]
    assert "disability_category “xyz”" in reasons[10]
    assert "race_ethnicity “zz”" in reasons[10] and "gender “q”" in reasons[10]
    assert "language “fr”" in reasons[11]
    assert "student good-1 is also on line 2" in reasons[12]
    assert "already on this cycle's roster" in reasons[13]
    assert "student_ref column is longer than 40" in reasons[14]
    assert "parent_name column is empty" in reasons[15]
    assert list(Invitation.objects.values_list("student_ref", flat=True)) == ["ON-ROSTER"]


def test_a_student_on_another_cycles_roster_may_be_invited_again(people, cycle):
    InvitationFactory(cycle=CycleFactory(), district=people.district_a, student_ref="ST0001")

    assert roster_import(cycle=cycle, data=roster_csv(roster_row())).ok


def test_a_file_that_is_not_utf8_is_refused(people, cycle):
    data = roster_csv(roster_row()).decode().encode("latin-1")  # "Díaz" in Latin-1

    result = roster_import(cycle=cycle, data=data)

    assert [error.line for error in result.errors] == [2]
    assert "UTF-8" in result.errors[0].message
    assert not Invitation.objects.exists()


def test_a_file_separated_by_semicolons_is_refused(people, cycle):
    result = roster_import(cycle=cycle, data=roster_csv(roster_row(), delimiter=";"))

    assert [(error.line, "semicolons" in error.message) for error in result.errors] == [(1, True)]
    assert not Invitation.objects.exists()


def test_only_an_indicator8_cycle_takes_a_roster(people):
    perceptions = CycleFactory(instrument=make_instrument(kind="perceptions"))

    with pytest.raises(Refused, match="only Indicator 8 cycles"):
        roster_import(cycle=perceptions, data=roster_csv(roster_row()))


def test_a_dry_run_checks_the_file_and_saves_nothing(people, cycle):
    result = roster_import(cycle=cycle, data=roster_csv(roster_row()), dry_run=True)

    assert result.ok and result.saved == 1 and result.dry_run
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(action="survey.roster_import").exists()


def test_paper_codes_that_clash_are_drawn_again(people, cycle, monkeypatch):
    taken = InvitationFactory(cycle=CycleFactory(), district=people.district_a).paper_code
    drawn = iter([taken, "ACDEFGHJKM", "ACDEFGHJKM", "NPQRTUVWXY", "3467934679"])
    monkeypatch.setattr(imports, "_paper_codes", lambda count: [next(drawn) for _number in range(count)])

    data = roster_csv(roster_row(), roster_row(student_ref="ST0002"), roster_row(student_ref="ST0003"))
    assert roster_import(cycle=cycle, data=data).ok

    codes = set(Invitation.objects.filter(cycle=cycle).values_list("paper_code", flat=True))
    assert codes == {"ACDEFGHJKM", "NPQRTUVWXY", "3467934679"}


def test_paper_codes_are_drawn_from_the_alphabet_evenly():
    codes = imports._paper_codes(2000)

    assert len(codes) == 2000 and all(PAPER_CODE.fullmatch(code) for code in codes)
    counts = Counter("".join(codes))
    assert set(counts) == set(PAPER_CODE_ALPHABET)
    assert min(counts.values()) > 600 and max(counts.values()) < 1000  # 800 each on average


def test_a_large_roster_is_saved_in_a_few_queries(people, cycle):
    data = roster_csv(*[roster_row(student_ref=f"ST{number:05d}") for number in range(300)])

    with CaptureQueriesContext(connection) as queries:
        assert roster_import(cycle=cycle, data=data).saved == 300

    # SQLite takes about 50 invitations per INSERT (its limit of 999 parameters); PostgreSQL takes them all.
    # Then the cycle's tallies are counted again: a lock, five counts, a delete and an insert.
    assert len(queries) <= 29
