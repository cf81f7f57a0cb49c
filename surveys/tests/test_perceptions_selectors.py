"""The perceptions profile on small hand-checked data: means per type of involvement, families beside staff,
N per cell, only scored responses, and cells under the minimum hidden where districts look."""

from decimal import Decimal

import pytest

from pep.tests.factories import DistrictFactory
from surveys.models import RespondentRole
from surveys.selectors.perceptions import (
    district_profile,
    district_profiles,
    involvement_label,
    latest_profile,
    state_profile,
)
from surveys.tests.perceptions_factories import answer_at, demo_instrument, link_for, perceptions_cycle

FAMILY, STAFF = RespondentRole.FAMILY, RespondentRole.STAFF
pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """Statements 1 and 3 are communicating, 2 and 4 volunteering; at least 2 answered to count."""
    cycle = perceptions_cycle(min_cell=2)
    alder, birch = DistrictFactory(name="Alder"), DistrictFactory(name="Birch")
    a, b = link_for(cycle, alder), link_for(cycle, birch)
    answer_at(a, FAMILY, [4, 5, 6, None])
    answer_at(a, FAMILY, [2, None, 3, 3])
    answer_at(a, FAMILY, [None, 6, None, 6])
    answer_at(a, FAMILY, [5, None, None, None])  # one answer: returned, not counted
    answer_at(a, STAFF, [6, 6, 6, 6])
    answer_at(a, STAFF, [1, 2, 3, 4])
    answer_at(b, FAMILY, [1, 1, 1, 1])
    return cycle, alder, birch


def _row(profile, tag):
    return next(row for row in profile.rows if row.tag == tag)


def test_it_averages_every_answer_to_a_types_statements_for_families_and_staff_apart(scene):
    cycle, alder, _birch = scene
    profile = district_profile(cycle, alder, suppress=False)
    communicating, volunteering = _row(profile, "communicating"), _row(profile, "volunteering")
    # families: 4, 6, 2, 3 and 5, 3, 6, 6; the family who answered once is left out
    assert (communicating.family.mean, communicating.family.people, communicating.family.answers) == (
        Decimal("3.75"),
        2,
        4,
    )
    assert (volunteering.family.mean, volunteering.family.people) == (Decimal("5"), 3)
    # staff: 6, 6, 1, 3 and 6, 6, 2, 4
    assert (communicating.staff.mean, communicating.staff.people) == (Decimal("4"), 2)
    assert (volunteering.staff.mean, volunteering.staff.people) == (Decimal("4.5"), 2)
    assert (profile.respondents[FAMILY].people, profile.respondents[STAFF].people) == (3, 2)
    assert profile.returned == 6


def test_it_orders_the_types_as_the_statements_come_and_names_them(scene):
    cycle, alder, _birch = scene
    profile = district_profile(cycle, alder)
    assert [(row.tag, row.label) for row in profile.rows] == [
        ("communicating", "Communicating"),
        ("volunteering", "Volunteering"),
    ]
    assert involvement_label("collaborating-with-community") == "Collaborating with the community"
    assert involvement_label("home-visits") == "Home visits"


def test_the_state_adds_every_district(scene):
    cycle, _alder, _birch = scene
    state = state_profile(cycle)
    communicating = _row(state, "communicating")
    assert (communicating.family.total, communicating.family.answers, communicating.family.people) == (17, 6, 3)
    assert round(communicating.family.mean, 4) == Decimal("2.8333")
    assert state.respondents[FAMILY].people == 4


def test_a_district_facing_profile_hides_cells_of_fewer_people_than_the_minimum(scene):
    cycle, alder, birch = scene
    cycle.min_cell = 3
    cycle.save()
    profile = district_profile(cycle, alder)
    communicating, volunteering = _row(profile, "communicating"), _row(profile, "volunteering")
    assert communicating.family.hidden and communicating.family.mean is None
    assert communicating.family.people is None and communicating.family.total is None
    assert not volunteering.family.hidden and volunteering.family.mean == Decimal("5")
    assert communicating.staff.hidden and volunteering.staff.hidden
    assert profile.respondents[STAFF].hidden and not profile.respondents[FAMILY].hidden
    [birch_profile] = district_profiles(cycle, [birch], suppress=True)
    assert not birch_profile.any_shown


def test_coordinators_see_small_cells_marked_small(scene):
    cycle, _alder, birch = scene
    [profile] = district_profiles(cycle, [birch], suppress=False)
    cell = _row(profile, "communicating").family
    assert (cell.mean, cell.people, cell.small, cell.hidden) == (Decimal("1"), 1, True, False)


def test_the_state_beside_a_district_is_hidden_when_the_rest_of_the_state_is_too_small(scene):
    cycle, alder, _birch = scene
    profile = district_profile(cycle, alder, with_state=True)
    communicating = _row(profile, "communicating")
    # 3 families in the state answered about communicating, 2 of them in Alder: Birch's one would show
    assert communicating.state_family.hidden and not communicating.state_family.small
    # both staff members are Alder's: the state's cell is Alder's own
    assert communicating.state_staff.mean == communicating.staff.mean == Decimal(4)
    cycle.min_cell = 1
    cycle.save()
    communicating = _row(district_profile(cycle, alder, with_state=True), "communicating")
    assert communicating.state_family.mean == Decimal(17) / Decimal(6)


def test_a_district_without_answers_has_empty_cells_and_counts_of_zero():
    cycle = perceptions_cycle()
    district = DistrictFactory()
    link_for(cycle, district)
    profile = district_profile(cycle, district)
    assert not profile.any_shown
    assert profile.respondents[FAMILY].people == 0 and not profile.respondents[FAMILY].hidden
    # nobody is no one's secret: the cells say there are no answers rather than hide a number
    assert all(not cell.hidden and cell.mean is None for row in profile.rows for cell in (row.family, row.staff))


def test_the_demo_instrument_gives_six_types_of_involvement():
    cycle = perceptions_cycle(instrument=demo_instrument(), min_cell=1)
    district = DistrictFactory()
    link = link_for(cycle, district)
    answer_at(link, STAFF, [value % 6 + 1 for value in range(18)])
    profile = district_profile(cycle, district)
    assert [row.tag for row in profile.rows] == [
        "parenting",
        "communicating",
        "volunteering",
        "learning-at-home",
        "decision-making",
        "collaborating-with-community",
    ]
    # statements 1-3 answered 1, 2, 3; 4-6 answered 4, 5, 6; and so on
    assert [row.staff.mean for row in profile.rows] == [Decimal(2), Decimal(5)] * 3


def test_the_latest_profile_is_of_the_latest_cycle_the_district_took_part_in_that_has_opened():
    import datetime

    district = DistrictFactory()
    earlier = perceptions_cycle(
        slug="perceptions-2025", opens_on=datetime.date(2025, 10, 1), closes_on=datetime.date(2025, 11, 30)
    )
    current = perceptions_cycle(slug="perceptions-2026")
    later = perceptions_cycle(
        slug="perceptions-2027", opens_on=datetime.date(2027, 10, 1), closes_on=datetime.date(2027, 11, 30)
    )
    other_district_only = perceptions_cycle(slug="perceptions-other")
    for cycle in (earlier, current, later):
        link_for(cycle, district)
    link_for(other_district_only, DistrictFactory())
    assert latest_profile(district).cycle == current
    assert latest_profile(district, until=datetime.date(2026, 6, 30)).cycle == earlier
    assert latest_profile(DistrictFactory()) is None
