"""The kit every app shares: safe CSV cells, district search, the language of one's messages."""

import pytest
from django.urls import reverse

from pep.csv_writer import safe_cell
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


def test_district_suggestions_offer_only_districts_the_person_may_see(client, people):
    DistrictFactory(name="Alder Creek District", code="A-9")
    client.force_login(people.leader_a)

    suggestions = client.get(reverse("district-suggestions"), {"q": "alder"}).json()["results"]

    assert [item["label"] for item in suggestions] == ["Alder District (A-1)"]


def test_switching_the_language_signed_in_sets_the_language_of_ones_messages(client, people):
    client.force_login(people.team_a)

    client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert Profile.objects.get(user=people.team_a).language == "es"
