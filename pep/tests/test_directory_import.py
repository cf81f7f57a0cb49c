"""The state directory import: all rows or none, every bad line reported, re-runs change nothing."""

import pytest
from django.core.management import CommandError, call_command

from pep.models import AuditEntry, District, School
from pep.services import directory_import
from pep.tests.factories import DistrictFactory, SchoolFactory

HEADER = "district_code,district_name,region,school_code,school_name,grade_band\n"
GOOD = (
    HEADER
    + "0101,Prairie Valley CUSD 7,Central,0101-01,Lincoln Elementary,PK-5\n"
    + "0101,Prairie Valley CUSD 7,Central,0101-02,Washington Middle,6-8\n"
    + "0202,Riverbend SD 112,North,0202-01,Riverbend High,9-12\n"
    + "0303,Cedar Grove District 45,South,,,\n"
)


def _import(text: str, **kwargs):
    return directory_import(data=text.encode("utf-8"), **kwargs)


def _nothing_written():
    return District.objects.count() == 0 and School.objects.count() == 0


@pytest.mark.django_db
def test_it_creates_districts_and_schools_from_a_good_file():
    result = _import(GOOD)

    assert result.ok
    assert (result.districts_created, result.schools_created) == (3, 3)
    lincoln = School.objects.get(code="0101-01")
    assert lincoln.district.name == "Prairie Valley CUSD 7"
    assert lincoln.grade_band == "PK-5"
    assert District.objects.get(code="0303").schools.count() == 0  # a row without school columns
    assert AuditEntry.objects.filter(action="directory.import").count() == 1


@pytest.mark.django_db
def test_running_the_same_file_again_changes_nothing():
    _import(GOOD)
    before = list(School.objects.values_list("pk", "code", "name", "grade_band", "district_id").order_by("pk"))

    result = _import(GOOD)

    assert result.ok
    assert (result.districts_created, result.districts_updated, result.districts_unchanged) == (0, 0, 3)
    assert (result.schools_created, result.schools_updated, result.schools_unchanged) == (0, 0, 3)
    assert list(School.objects.values_list("pk", "code", "name", "grade_band", "district_id").order_by("pk")) == before
    assert AuditEntry.objects.filter(action="directory.import").count() == 1


@pytest.mark.django_db
def test_a_changed_name_updates_the_row_found_by_its_code():
    _import(GOOD)

    result = _import(GOOD.replace("Lincoln Elementary,PK-5", "Lincoln Elementary School,K-5"))

    assert (result.schools_updated, result.schools_unchanged) == (1, 2)
    lincoln = School.objects.get(code="0101-01")
    assert (lincoln.name, lincoln.grade_band) == ("Lincoln Elementary School", "K-5")


@pytest.mark.django_db
def test_every_bad_row_is_reported_by_line_and_nothing_is_written():
    text = (
        HEADER
        + "0101,Prairie Valley CUSD 7,Central,0101-01,Lincoln Elementary,PK-5\n"  # line 2: fine
        + ",No Code District,Central,,,\n"  # line 3: missing district code
        + "0202,Riverbend SD 112,North,0202-01,Riverbend High,K-13\n"  # line 4: unknown grade
        + "0202,Riverbend SD 112,North,0202-02,,6-8\n"  # line 5: school name missing
        + "0303,Cedar Grove,South,0303-01,Cedar Grove High,12-9\n"  # line 6: band backwards
        + "0404,Too,Many,Columns,Here,K-5,extra\n"  # line 7: wrong column count
        + "0101,Prairie Valley CUSD 7,Central,0101-01,Lincoln Elementary,PK-5\n"  # line 8: same again, fine
    )

    result = _import(text)

    assert not result.ok
    assert [error.line for error in result.errors] == [3, 4, 5, 6, 7]
    messages = {error.line: error.message for error in result.errors}
    assert "district_code column is empty" in messages[3]
    assert "K-13" in messages[4]
    assert "school_name column is empty" in messages[5]
    assert "12-9" in messages[6]
    assert "7 columns" in messages[7]
    assert _nothing_written()


@pytest.mark.django_db
def test_a_school_code_used_by_another_district_is_refused():
    SchoolFactory(code="0101-01", district=DistrictFactory(code="9999", name="Elsewhere District"))

    result = _import(GOOD)

    assert [(error.line, "Elsewhere District" in error.message) for error in result.errors] == [(2, True)]
    assert District.objects.count() == 1  # only the pre-existing one


@pytest.mark.django_db
def test_one_code_written_two_ways_in_the_file_is_refused():
    text = GOOD + "0101,Prairie Valley Unit 7,Central,0101-03,Prairie High,9-12\n"

    result = _import(text)

    assert [error.line for error in result.errors] == [6]
    assert "line 2" in result.errors[0].message
    assert _nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "empty"),
        (HEADER.encode(), 1, "no districts"),
        (b"code,name\n0101,Prairie\n", 1, "lacks the column"),
        ((HEADER + "0101,Se\xf1ora District,Central,,,\n").encode("latin-1"), 2, "UTF-8"),
        ((HEADER + '0101,"Unclosed,Central,,,\n').encode(), 2, "not valid CSV"),
        (b"district_code,district_name,region,school_code,school_name,grade_band,school_code\n", 1, "more than once"),
    ],
    ids=["empty", "header-only", "wrong-header", "latin-1", "unclosed-quote", "repeated-column"],
)
def test_a_malformed_file_is_refused_with_a_reason(data, line, words):
    result = directory_import(data=data)

    assert not result.ok
    assert result.errors[0].line == line
    assert words in result.errors[0].message
    assert _nothing_written()


@pytest.mark.django_db
def test_a_file_saved_by_excel_with_a_byte_order_mark_and_crlf_is_read():
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()

    assert directory_import(data=data).ok
    assert School.objects.count() == 3


@pytest.mark.django_db
def test_a_dry_run_checks_and_counts_but_saves_nothing():
    result = _import(GOOD, dry_run=True)

    assert result.ok and result.districts_created == 3
    assert _nothing_written()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_a_good_file(tmp_path, capsys):
    path = tmp_path / "directory.csv"
    path.write_text(GOOD)

    call_command("import_directory", str(path))

    assert "districts 3 new" in capsys.readouterr().out
    assert School.objects.count() == 3


@pytest.mark.django_db
def test_the_command_lists_every_bad_line_and_fails(tmp_path, capsys):
    path = tmp_path / "directory.csv"
    path.write_text(HEADER + ",x,,,,\n0202,Riverbend,North,0202-01,High,9-13\n")

    with pytest.raises(CommandError, match="2 bad line"):
        call_command("import_directory", str(path))

    err = capsys.readouterr().err
    assert "line 2:" in err and "line 3:" in err
    assert _nothing_written()


def test_the_command_says_so_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_directory", str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_control_characters_in_a_cell_are_refused_not_stored():
    text = HEADER + "0101,Prai\x00rie Valley,Central,,,\n" + '0202,"Two\nLines",North,,,\n' + "0303,Bell\x07,South,,,\n"

    result = _import(text)

    assert [error.line for error in result.errors] == [2, 3, 5]
    assert all("control character" in error.message for error in result.errors)
    assert _nothing_written()
