"""The child count import: a year's counts by district and category, replaced district by district."""

import pytest

from pep.tests.factories import SchoolYearFactory
from surveys.models import ChildCount
from surveys.services.imports import child_count_import

HEADER = "district_code,dimension,category,count\n"


def counts(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


@pytest.fixture
def year(db):
    return SchoolYearFactory(first_year=2026)


def stored(year) -> set[tuple]:
    return set(
        ChildCount.objects.filter(school_year=year).values_list("district__code", "dimension", "category", "count")
    )


def test_it_replaces_the_years_counts_of_the_districts_in_the_file(people, year):
    last_year = SchoolYearFactory(first_year=2025)
    ChildCount.objects.create(school_year=year, district=people.district_a, dimension="gender", category="X", count=3)
    ChildCount.objects.create(school_year=year, district=people.district_b, dimension="gender", category="F", count=70)
    ChildCount.objects.create(
        school_year=last_year, district=people.district_a, dimension="gender", category="F", count=9
    )

    result = child_count_import(
        school_year=year,
        data=counts(
            "A-1,race_ethnicity,HI,120", "A-1,grade_band,k-5,80", "A-1,disability_category,SLD,0", "A-1,Gender,f,41"
        ),
        actor=people.coordinator,
    )

    assert result.ok and (result.saved, result.replaced, result.districts) == (4, 1, 1)
    assert stored(year) == {
        ("A-1", "race_ethnicity", "HI", 120),
        ("A-1", "grade_band", "K-5", 80),
        ("A-1", "disability_category", "SLD", 0),
        ("A-1", "gender", "F", 41),
        ("B-2", "gender", "F", 70),  # district B is not in the file: its counts stay
    }
    assert stored(last_year) == {("A-1", "gender", "F", 9)}


def test_every_bad_line_is_listed_and_nothing_changes(people, year):
    ChildCount.objects.create(school_year=year, district=people.district_a, dimension="gender", category="F", count=5)

    result = child_count_import(
        school_year=year,
        data=counts(
            "A-1,race_ethnicity,HI,120",
            "Z-9,race_ethnicity,HI,10",  # line 3: unknown district
            "A-1,ethnicity,HI,10",  # line 4: unknown dimension
            "A-1,race_ethnicity,SLD,10",  # line 5: a category of another dimension
            "A-1,grade_band,K-12,10",  # line 6: not a band
            "A-1,gender,M,-3",  # line 7: negative
            "A-1,gender,X,3.5",  # line 8: not whole
            "A-1,race_ethnicity,hi,7",  # line 9: the same cell as line 2
        ),
    )

    reasons = {error.line: error.message for error in result.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "district_code “Z-9”" in reasons[3]
    assert "dimension “ethnicity”" in reasons[4]
    assert "category “SLD” is not one of AM, AS, BL, HI, PI, WH, MU" in reasons[5]
    assert "category “K-12” is not one of PK, K-5, 6-8, 9-12" in reasons[6]
    assert "count “-3”" in reasons[7] and "count “3.5”" in reasons[8]
    assert "is also on line 2" in reasons[9]
    assert stored(year) == {("A-1", "gender", "F", 5)}


def test_a_file_with_semicolons_is_refused(people, year):
    result = child_count_import(school_year=year, data=b"district_code;dimension;category;count\nA-1;gender;F;3\n")

    assert [error.line for error in result.errors] == [1]
    assert not ChildCount.objects.exists()
