"""The Indicator 8 report pages: what coordinators and district leaders see, who may open what, and query
counts that do not grow with the number of districts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pep.plugins import Panel
from surveys.tests.factories import CycleFactory, make_instrument
from surveys.tests.test_reports_scene import many_districts, small_scene
from surveys.views.reports import cycle_section


@pytest.fixture
def scene(people):
    return small_scene(alder=people.district_a, birch=people.district_b)


def _text(response) -> str:
    return response.content.decode()


def test_coordinators_see_the_state_and_every_district(client, people, scene):
    client.force_login(people.coordinator)
    page = _text(client.get(reverse("surveys:report-state", args=[scene.cycle.slug])))
    assert "81.0%" in page  # the state's 17 of 21
    assert "60.0–92.3%" in page
    assert "Alder District" in page and "Birch District" in page
    assert reverse("surveys:report-district", args=[scene.cycle.slug, people.district_a.pk]) in page
    assert "not published" in page  # Birch's 6 respondents, shown to coordinators with a mark
    assert "Cedar District" not in page


def test_the_state_report_sorts_districts_by_percent(client, people, scene):
    client.force_login(people.coordinator)
    url = reverse("surveys:report-state", args=[scene.cycle.slug])
    page = _text(client.get(url + "?sort=-percent"))
    assert page.index("Birch District") < page.index("Alder District")
    page = _text(client.get(url + "?sort=name"))
    assert page.index("Alder District") < page.index("Birch District")
    assert client.get(url + "?sort=nonsense").status_code == 200


def test_coordinators_see_every_figure_of_a_district(client, people, scene):
    client.force_login(people.coordinator)
    page = _text(client.get(reverse("surveys:report-district", args=[scene.cycle.slug, people.district_a.pk])))
    assert "73.3%" in page
    assert "20.8–93.9%" in page  # preschool, 3 respondents: marked, but shown to coordinators
    assert "+14.0 points" in page  # since last year's 50.0%
    assert "Over-represented" in page and "Under-represented" in page


def test_a_district_leader_sees_their_district_without_small_cells(client, people, scene):
    client.force_login(people.leader_a)
    response = client.get(reverse("surveys:report-district", args=[scene.cycle.slug, people.district_a.pk]))
    assert response.status_code == 200
    page = _text(response)
    assert "73.3%" in page and "48.0–89.1%" in page
    assert "20.8–93.9%" not in page  # preschool's interval: 3 respondents
    assert "46.8–91.1%" not in page  # school-age's: it would give preschool away by subtraction
    assert "60.0%" not in page  # preschool's response rate (3 of 5)
    assert "fewer than 10" in page
    assert "text-bg-warning" not in page  # no "not published" mark: nothing unpublished is there
    assert "Birch District" not in page


def test_a_district_leader_cannot_open_another_districts_report(client, people, scene):
    client.force_login(people.leader_a)
    slug, other = scene.cycle.slug, people.district_b.pk
    for name in (
        "surveys:report-district",
        "surveys:report-district-csv",
        "surveys:report-district-representativeness-csv",
        "surveys:report-district-xlsx",
    ):
        assert client.get(reverse(name, args=[slug, other])).status_code == 404


def test_a_district_leader_cannot_open_the_state_pages(client, people, scene):
    client.force_login(people.leader_a)
    for name in ("surveys:report-state", "surveys:report-csv", "surveys:report-xlsx", "surveys:report-trend"):
        assert client.get(reverse(name, args=[scene.cycle.slug])).status_code == 403


def test_a_district_outside_the_cycle_has_no_report(client, people, scene):
    client.force_login(people.coordinator)
    response = client.get(reverse("surveys:report-district", args=[scene.cycle.slug, scene.cedar.pk]))
    assert response.status_code == 404


def test_only_indicator8_cycles_have_these_reports(client, people):
    cycle = CycleFactory(instrument=make_instrument(kind="perceptions"))
    client.force_login(people.coordinator)
    assert client.get(reverse("surveys:report-state", args=[cycle.slug])).status_code == 404


def test_survey_results_lists_the_cycles_a_leaders_district_was_in(client, people, scene):
    client.force_login(people.leader_a)
    page = _text(client.get(reverse("surveys:results-home")))
    assert reverse("surveys:report-district", args=[scene.cycle.slug, people.district_a.pk]) in page
    assert reverse("surveys:report-district", args=[scene.previous.slug, people.district_a.pk]) in page
    client.force_login(people.leader_b)
    page = _text(client.get(reverse("surveys:results-home")))
    assert reverse("surveys:report-district", args=[scene.cycle.slug, people.district_b.pk]) in page
    assert scene.previous.slug not in page  # Birch was not surveyed last year
    assert str(people.district_a.pk) + "/" not in page.split("<main", 1)[-1]


def test_the_item_representativeness_and_trend_pages_show_the_state(client, people, scene):
    client.force_login(people.coordinator)
    slug = scene.cycle.slug
    items = _text(client.get(reverse("surveys:report-items", args=[slug])))
    assert "Statement 1." in items and "81.0%" in items
    representativeness = _text(client.get(reverse("surveys:report-representativeness", args=[slug])))
    assert "Hispanic or Latino" in representativeness and "+5.7" in representativeness
    flagged = _text(client.get(reverse("surveys:report-representativeness", args=[slug]) + "?flagged=1"))
    assert "Alder District" in flagged and "Birch District" not in flagged
    trend = _text(client.get(reverse("surveys:report-trend", args=[slug])))
    assert "alder-last-year" in trend and "50.0%" in trend


def test_the_cycle_page_links_to_the_report(rf, people, scene):
    request = rf.get("/")
    request.user = people.coordinator
    panel = cycle_section(request, scene.cycle)
    assert isinstance(panel, Panel) and panel.context["cycle"] == scene.cycle
    request.user = people.leader_a
    assert cycle_section(request, scene.cycle) is None


def test_item_text_with_markup_is_shown_as_text(client, people, scene):
    from surveys.models import Item

    Item.objects.filter(instrument=scene.cycle.instrument, number=1).update(text_en="<b>bold</b> claim")
    client.force_login(people.coordinator)
    page = _text(client.get(reverse("surveys:report-items", args=[scene.cycle.slug])))
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page


def _queries(client, url: str) -> int:
    client.get(url)  # warm: the session is renewed at most once a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


REPORT_PAGES = [
    "surveys:report-state",
    "surveys:report-items",
    "surveys:report-representativeness",
    "surveys:report-trend",
    "surveys:report-csv",
    "surveys:report-representativeness-csv",
    "surveys:report-xlsx",
]
DISTRICT_PAGES = [
    "surveys:report-district",
    "surveys:report-district-csv",
    "surveys:report-district-representativeness-csv",
    "surveys:report-district-xlsx",
]


def test_report_pages_run_as_many_queries_for_200_districts_as_for_5(client, people):
    few, many = many_districts(5, slug="few"), many_districts(200, slug="lots")
    client.force_login(people.coordinator)
    counts = {}
    for name in REPORT_PAGES:
        counts[name] = (
            _queries(client, reverse(name, args=[few.slug])),
            _queries(client, reverse(name, args=[many.slug])),
        )
    for name in DISTRICT_PAGES:
        first_few = few.invitations.order_by("district__name").first().district_id
        first_many = many.invitations.order_by("district__name").first().district_id
        counts[name] = (
            _queries(client, reverse(name, args=[few.slug, first_few])),
            _queries(client, reverse(name, args=[many.slug, first_many])),
        )
    grown = {name: pair for name, pair in counts.items() if pair[1] != pair[0]}
    assert not grown, json.dumps(grown)
    assert max(pair[1] for pair in counts.values()) <= 20, json.dumps(counts)


def test_the_state_report_shows_50_districts_to_a_page(client, people):
    cycle = many_districts(60, slug="paged")
    client.force_login(people.coordinator)
    url = reverse("surveys:report-state", args=[cycle.slug])
    first, second = _text(client.get(url)), _text(client.get(url + "?page=2"))
    assert first.count("Paged District 00") == 50
    assert "Paged District 0059" in second and "Paged District 0000" not in second
    assert "Page 1 of 2" in first
