"""The kit every app shares: safe CSV cells, district search, the language of one's messages."""

import datetime

import pytest
from django.urls import reverse

from pep.csv_writer import iso_moment, safe_cell
from pep.models import Profile
from pep.tests.factories import DistrictFactory


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Alder", "Alder"),
        (12, 12),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value, written):
    assert safe_cell(value) == written


@pytest.mark.parametrize("number", ["+12175550123", "+442071838750", "+123456"])
def test_a_plain_international_phone_number_is_written_as_itself(number):
    assert safe_cell(number) == number


@pytest.mark.parametrize(
    "value", ["+12345", "+1234567890123456", "+1 217 555 0123", "+12175550123+1", "+12175550123\n=1", "+1e5"]
)
def test_anything_more_than_plus_and_digits_is_still_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_moments_are_written_in_iso_8601_with_their_offset():
    moment = datetime.datetime(2026, 10, 15, 15, 30, 45, tzinfo=datetime.UTC)

    assert iso_moment(moment) == "2026-10-15T10:30:45-05:00"
    assert iso_moment(moment, "minutes") == "2026-10-15T10:30-05:00"
    assert iso_moment(None) == ""


def test_district_suggestions_offer_only_districts_the_person_may_see(client, people):
    DistrictFactory(name="Alder Creek District", code="A-9")
    client.force_login(people.leader_a)

    suggestions = client.get(reverse("district-suggestions"), {"q": "alder"}).json()["results"]

    assert [item["label"] for item in suggestions] == ["Alder District (A-1)"]


def test_switching_the_language_signed_in_sets_the_language_of_ones_messages(client, people):
    client.force_login(people.team_a)

    client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert Profile.objects.get(user=people.team_a).language == "es"
