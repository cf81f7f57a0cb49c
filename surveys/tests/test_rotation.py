"""The Indicator 8 rotation page: which districts were surveyed in which year, and which are due."""

import datetime

import pytest
from django.urls import reverse

from pep.tests.factories import DistrictFactory, SchoolYearFactory
from pep.tests.factories import coordinator as make_coordinator
from surveys.tests.factories import CycleFactory, InvitationFactory, make_instrument

ROTATION = reverse("surveys:rotation")


def _cycle(first_year: int, kind: str = "indicator8"):
    year = SchoolYearFactory(first_year=first_year, is_current=first_year == 2026)
    return CycleFactory(
        school_year=year,
        instrument=make_instrument(kind=kind),
        opens_on=datetime.date(first_year + 1, 2, 1),
        closes_on=datetime.date(first_year + 1, 4, 30),
    )


def _survey(cycle, *districts, parents: int = 2) -> None:
    for district in districts:
        for _number in range(parents):
            InvitationFactory(cycle=cycle, district=district)


@pytest.fixture
def state(db):
    """Districts surveyed six, five and no years before 2026-27, this year, and only by a perceptions survey."""
    districts = {
        "six_years_ago": DistrictFactory(name="Ash", code="ASH"),
        "five_years_ago": DistrictFactory(name="Beech", code="BEE"),
        "this_year": DistrictFactory(name="Cedar", code="CED"),
        "never": DistrictFactory(name="Dogwood", code="DOG"),
        "perceptions_only": DistrictFactory(name="Elm", code="ELM"),
    }
    _survey(_cycle(2020), districts["six_years_ago"])
    _survey(_cycle(2021), districts["five_years_ago"])
    _survey(_cycle(2026), districts["this_year"], districts["six_years_ago"])
    _survey(_cycle(2025, kind="perceptions"), districts["perceptions_only"])
    return districts


def _rows(response) -> dict[str, dict]:
    return {row["district"].name: row for row in response.context["rows"]}


@pytest.fixture
def coordinator(client, db):
    """A coordinator's browser, in a state with no districts but the tests' own."""
    client.force_login(make_coordinator())
    return client


def test_each_district_shows_the_years_it_was_surveyed_and_whether_it_is_due(coordinator, state):
    response = coordinator.get(ROTATION)

    rows = _rows(response)
    assert rows["Ash"]["years"] == ["2020-21", "2026-27"]
    assert (rows["Ash"]["last"], rows["Ash"]["due"], rows["Ash"]["next_due"]) == ("2026-27", False, "2032-33")
    assert (rows["Beech"]["last"], rows["Beech"]["due"], rows["Beech"]["next_due"]) == ("2021-22", False, "2027-28")
    assert (rows["Cedar"]["years"], rows["Cedar"]["due"]) == (["2026-27"], False)
    assert (rows["Dogwood"]["years"], rows["Dogwood"]["last"], rows["Dogwood"]["due"]) == ([], "", True)
    assert (rows["Elm"]["years"], rows["Elm"]["due"]) == ([], True)  # a perceptions survey is not Indicator 8
    assert response.context["counts"] == {"total": 5, "due": 2, "never": 2}
    assert "Next due in 2027-28" in response.text and "Due: never surveyed" in response.text


def test_a_district_last_surveyed_six_years_ago_is_due(coordinator, state):
    _survey(_cycle(2020), DistrictFactory(name="Fir", code="FIR"))

    row = _rows(coordinator.get(ROTATION))["Fir"]

    assert (row["last"], row["due"], row["next_due"]) == ("2020-21", True, None)


def test_the_page_looks_from_another_year_when_asked(coordinator, state):
    SchoolYearFactory(first_year=2027)

    response = coordinator.get(ROTATION, {"year": "2027-28"})

    rows = _rows(response)
    assert rows["Beech"]["due"] is True  # 2021-22 is six years before 2027-28
    assert rows["Ash"]["due"] is False
    assert response.context["rotation"].as_of.label == "2027-28"


def test_surveys_after_the_year_looked_from_do_not_count_as_its_last(coordinator, state):
    rows = _rows(coordinator.get(ROTATION, {"year": "2021-22"}))

    assert rows["Ash"]["last"] == "2020-21"
    assert rows["Ash"]["years"] == ["2020-21", "2026-27"]
    assert rows["Cedar"]["due"] is True


def test_the_rotation_follows_the_setting(coordinator, state, settings):
    settings.INDICATOR8_ROTATION_YEARS = 3

    rows = _rows(coordinator.get(ROTATION))

    assert rows["Beech"]["due"] is True
    assert rows["Ash"]["next_due"] == "2029-30"
    assert "once every 3 years" in coordinator.get(ROTATION).text


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("due", ["Dogwood", "Elm"]),
        ("never", ["Dogwood", "Elm"]),
        ("not_due", ["Ash", "Beech", "Cedar"]),
        ("", ["Ash", "Beech", "Cedar", "Dogwood", "Elm"]),
    ],
)
def test_it_filters_by_status(coordinator, state, status, names):
    response = coordinator.get(ROTATION, {"status": status})

    assert [row["district"].name for row in response.context["rows"]] == names


def test_due_includes_districts_surveyed_long_ago_as_well_as_never(coordinator, state):
    _survey(_cycle(2019), DistrictFactory(name="Fir", code="FIR"))

    due = coordinator.get(ROTATION, {"status": "due"})
    never = coordinator.get(ROTATION, {"status": "never"})

    assert [row["district"].name for row in due.context["rows"]] == ["Dogwood", "Elm", "Fir"]
    assert [row["district"].name for row in never.context["rows"]] == ["Dogwood", "Elm"]


def test_it_filters_by_name_or_code(coordinator, state):
    by_name = coordinator.get(ROTATION, {"name": "dogw"})
    by_code = coordinator.get(ROTATION, {"name": "BEE"})
    chosen = coordinator.get(ROTATION, {"name": "Cedar (CED)"})

    assert [row["district"].name for row in by_name.context["rows"]] == ["Dogwood"]
    assert [row["district"].name for row in by_code.context["rows"]] == ["Beech"]
    assert [row["district"].name for row in chosen.context["rows"]] == ["Cedar"]


def test_a_status_or_year_that_is_not_one_is_ignored(coordinator, state):
    response = coordinator.get(ROTATION, {"status": "soon", "year": "1999-00"})

    assert response.status_code == 200
    assert response.context["rotation"].as_of.label == "2026-27"
    assert len(response.context["rows"]) == 5


def test_without_school_years_the_page_says_so(coordinator):
    response = coordinator.get(ROTATION)

    assert response.status_code == 200
    assert "No school years have been added yet" in response.text


def test_the_latest_year_is_used_when_none_is_current(coordinator):
    SchoolYearFactory(first_year=2025)
    SchoolYearFactory(first_year=2026)

    response = coordinator.get(ROTATION)

    assert response.context["rotation"].as_of.label == "2026-27"


@pytest.mark.parametrize("count", [5, 120])
def test_the_page_runs_the_same_queries_for_5_or_120_districts(coordinator, django_assert_num_queries, count):
    old, recent = _cycle(2019), _cycle(2024)
    for number in range(count):
        district = DistrictFactory()
        if number % 3 == 0:
            _survey(old, district, parents=1)
        if number % 4 == 0:
            _survey(recent, district, parents=1)

    # session, user, memberships, the school years, the page's count, the page, its surveyed years, the counts
    with django_assert_num_queries(8):
        response = coordinator.get(ROTATION)

    assert response.context["page"].paginator.count == count
    assert len(response.context["rows"]) == min(count, 50)
