"""The perceptions pages run as many queries for a state of 200 districts as for 5: the database adds up
the answers of a whole page of districts at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pep.models import District
from pep.tests.factories import DistrictFactory
from surveys.models import PerceptionsLink, RespondentRole, Response
from surveys.tests.perceptions_factories import demo_instrument, many_answers, perceptions_cycle

pytestmark = pytest.mark.django_db


def _state(people, districts: int):
    """A perceptions cycle on the demo instrument: `districts` districts (A among them) with links, and
    3 family members and 2 staff answering in each."""
    cycle = perceptions_cycle(instrument=demo_instrument(), slug="state-perceptions", min_cell=3)
    District.objects.bulk_create(DistrictFactory.build_batch(districts - 2))
    ids = list(District.objects.values_list("pk", flat=True))
    PerceptionsLink.objects.bulk_create(PerceptionsLink(cycle=cycle, district_id=pk) for pk in ids)
    responses = []
    for pk in ids:
        responses += many_answers(cycle, pk, RespondentRole.FAMILY, [5] * 12 + [None] * 6, 3)
        responses += many_answers(cycle, pk, RespondentRole.STAFF, [3] * 18, 2)
    Response.objects.bulk_create(responses)
    return cycle


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


PAGES = [
    ("coordinator", lambda cycle, people: reverse("surveys:perceptions-report", args=[cycle.slug])),
    ("coordinator", lambda cycle, people: reverse("surveys:perceptions-links", args=[cycle.slug])),
    ("coordinator", lambda cycle, people: cycle.get_absolute_url()),
    (
        "leader_a",
        lambda cycle, people: reverse("surveys:perceptions-district-report", args=[cycle.slug, people.district_a.pk]),
    ),
    ("leader_a", lambda cycle, people: reverse("district-detail", args=[people.district_a.pk])),
]


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_the_page_runs_the_same_queries_for_5_or_200_districts(client, people, who, page):
    counts = []
    for districts in (5, 200):
        PerceptionsLink.objects.all().delete()
        Response.objects.all().delete()
        District.objects.exclude(pk__in=[people.district_a.pk, people.district_b.pk]).delete()
        cycle = _state(people, districts)
        client.force_login(getattr(people, who))
        counts.append(_queries(client, page(cycle, people)))
        cycle.delete()
    assert counts[0] == counts[1]
    assert counts[1] <= 16


def test_the_report_shows_fifty_districts_a_page_with_the_states_figures(client, people):
    cycle = _state(people, 120)
    client.force_login(people.coordinator)
    url = reverse("surveys:perceptions-report", args=[cycle.slug])
    first = client.get(url).text
    last = client.get(url + "?page=3").text
    assert first.count('<th scope="rowgroup"') == 50
    assert last.count('<th scope="rowgroup"') == 20
    assert "Page 3 of 3" in last
    # the state: 360 family members, 240 staff; every family answer 5, every staff answer 3
    assert (
        '<span class="fw-semibold">5.0</span> <span class="small text-body-secondary text-nowrap">(N&nbsp;=&nbsp;360)'
        in first
    )
    assert (
        '<span class="fw-semibold">3.0</span> <span class="small text-body-secondary text-nowrap">(N&nbsp;=&nbsp;240)'
        in first
    )
