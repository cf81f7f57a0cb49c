"""Finding plans by district: a text search that stays small however many districts there are."""

import pytest
from django.urls import reverse

from partnerships.tests.factories import PlanFactory
from pep.tests.factories import DistrictFactory


@pytest.mark.parametrize("districts", [3, 300])
def test_the_plan_list_does_not_list_every_district(client, people, districts):
    for number in range(districts):
        DistrictFactory(name=f"Prairie District {number}")
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-list"))

    assert "Prairie District 2" not in response.text
    assert 'name="district"' in response.text and "data-suggestions-url" in response.text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("alder", ["Alder District", "Alder Creek District"]),
        ("A-1", ["Alder District", "Alder Creek District"]),  # codes contain it
        ("Alder District (A-1)", ["Alder District"]),  # a chosen suggestion: that district only
        ("Birch", ["Birch District"]),
    ],
)
def test_typing_a_name_or_code_finds_the_plans_of_matching_districts(client, people, typed, shown):
    creek = DistrictFactory(name="Alder Creek District", code="A-10")
    for district in (people.district_a, people.district_b, creek):
        PlanFactory(district=district)
    client.force_login(people.coordinator)

    response = client.get(reverse("partnerships:plan-list"), {"district": typed})

    assert sorted(plan.district.name for plan in response.context["page"]) == sorted(shown)
