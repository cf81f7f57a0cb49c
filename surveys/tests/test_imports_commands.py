"""The import and export commands: the same services, a bad file refused whole with every bad line."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pep.tests.factories import SchoolYearFactory
from surveys.models import ChildCount, Invitation, Response
from surveys.services.imports import INVITATION_EXPORT_COLUMNS
from surveys.tests.factories import CycleFactory
from surveys.tests.test_imports_roster import roster_csv, roster_row


@pytest.fixture
def cycle(people):
    return CycleFactory(slug="command-cycle")


def run(*arguments) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_survey_roster_invites_the_parents_of_the_file(people, cycle, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv(roster_row(), roster_row(student_ref="ST0002", district_code="B-2")))

    out, _err = run("import_survey_roster", "command-cycle", str(path))

    assert "2 parents invited in 2 districts." in out
    assert Invitation.objects.filter(cycle=cycle).count() == 2


def test_a_bad_roster_prints_every_bad_line_and_saves_nothing(people, cycle, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv(roster_row(), roster_row(student_ref="ST0002", grade="13"), roster_row(age="99")))
    err = StringIO()

    with pytest.raises(CommandError, match="2 bad line"):
        call_command("import_survey_roster", "command-cycle", str(path), stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3: ") and "grade “13”" in lines[0]
    assert lines[1].startswith("line 4: ") and "Student ST0001 is also on line 2" in lines[1]
    assert not Invitation.objects.exists()


def test_import_survey_roster_names_an_unknown_cycle(people, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv(roster_row()))

    with pytest.raises(CommandError, match="No survey cycle has the slug 'nope'"):
        run("import_survey_roster", "nope", str(path))


def test_a_dry_run_saves_nothing(people, cycle, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv(roster_row()))

    out, _err = run("import_survey_roster", "command-cycle", str(path), "--dry-run")

    assert "Check only, nothing was saved" in out
    assert not Invitation.objects.exists()


def test_responses_then_export_round_trip(people, cycle, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(roster_csv(roster_row(), roster_row(student_ref="ST0002")))
    run("import_survey_roster", "command-cycle", str(roster))
    exported = tmp_path / "invitations.csv"

    out, _err = run("export_survey_invitations", "command-cycle", str(exported))

    assert "Wrote 2 invitations" in out
    rows = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert list(rows[0]) == INVITATION_EXPORT_COLUMNS and {row["responded"] for row in rows} == {"0"}
    answers = tmp_path / "responses.csv"
    answers.write_text(f"paper_code,channel,language,q1,q2,q3,q4\n{rows[0]['paper_code']},paper,en,4,4,5,\n")

    out, _err = run("import_survey_responses", "command-cycle", str(answers))

    assert "1 response stored in 1 district." in out
    assert Response.objects.filter(cycle=cycle).count() == 1
    run("export_survey_invitations", "command-cycle", str(exported))
    responded = {row["student_ref"]: row["responded"] for row in csv.DictReader(exported.open(encoding="utf-8"))}
    assert responded == {rows[0]["student_ref"]: "1", rows[1]["student_ref"]: "0"}


def test_import_child_count_loads_a_year(people, tmp_path):
    year = SchoolYearFactory(first_year=2026)
    path = tmp_path / "counts.csv"
    path.write_text("district_code,dimension,category,count\nA-1,gender,F,12\nB-2,gender,M,9\n")

    out, _err = run("import_child_count", "2026-27", str(path))

    assert "2 child counts saved for 2 districts" in out
    assert ChildCount.objects.filter(school_year=year).count() == 2


def test_import_child_count_needs_a_known_year(people, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("district_code,dimension,category,count\nA-1,gender,F,12\n")

    with pytest.raises(CommandError, match="No school year '2031-32'"):
        run("import_child_count", "2031-32", str(path))
