"""Finding one district from what was typed in a district field, and the type-ahead's suggestions."""

import pytest
from django.urls import reverse

from pep.filters import one_district
from pep.models import District, Role
from pep.people_forms import InvitationForm
from pep.tests.factories import DistrictFactory


@pytest.fixture
def alder_creek(people):
    return DistrictFactory(name="Alder District East", code="A-12")


@pytest.mark.parametrize(
    "typed",
    ["Alder District (A-1)", "a-1", "Alder District", "alder district", "  Alder District  "],
)
def test_one_district_is_found_by_suggestion_code_or_whole_name_before_a_longer_name(people, alder_creek, typed):
    assert one_district(District.objects.all(), typed) == people.district_a


def test_one_district_is_found_by_its_id_or_by_a_part_only_it_has(people, alder_creek):
    districts = District.objects.all()

    assert one_district(districts, str(people.district_b.pk)) == people.district_b
    assert one_district(districts, "east") == alder_creek
    assert one_district(districts, "birch") == people.district_b


@pytest.mark.parametrize("typed", ["alder", "Nowhere", "", "   ", "Nowhere (Z-9)", "9" * 12])
def test_no_district_is_chosen_when_several_or_none_match(people, alder_creek, typed):
    assert one_district(District.objects.all(), typed) is None


def test_one_district_looks_only_among_the_districts_given(people):
    assert one_district(District.objects.filter(pk=people.district_b.pk), "Alder District (A-1)") is None


def test_an_invitation_finds_the_district_named_in_full_when_a_longer_name_contains_it(people, alder_creek):
    data = {"name": "Nora", "email": "nora@example.org", "role": Role.DISTRICT_LEADER, "language": "en"}

    form = InvitationForm(
        data | {"district": "Alder District"},
        roles=[Role.DISTRICT_LEADER],
        district=None,
        districts=District.objects.all(),
        fixed_district=False,
    )
    unclear = InvitationForm(
        data | {"district": "alder"},
        roles=[Role.DISTRICT_LEADER],
        district=None,
        districts=District.objects.all(),
        fixed_district=False,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["district"] == people.district_a
    assert not unclear.is_valid()
    assert "No single district matches" in unclear.errors["district"][0]


@pytest.mark.parametrize("url_name", ["district-suggestions", "workshops:district-suggestions"])
def test_both_type_aheads_suggest_at_most_ten_districts_by_name_in_the_same_form(client, people, url_name):
    for number in range(12):
        DistrictFactory(name=f"Cedar {number:02d}", code=f"C-{number:02d}")
    client.force_login(people.coordinator)

    results = client.get(reverse(url_name), {"q": "cedar"}).json()["results"]

    assert [item["label"] for item in results] == [f"Cedar {number:02d} (C-{number:02d})" for number in range(10)]
    assert all(item["value"] == item["label"] for item in results)
    assert client.get(reverse(url_name), {"q": "  "}).json() == {"results": []}
