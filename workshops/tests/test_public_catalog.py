"""The public catalog: what families see, its filters, its places left, and its calendar feed."""

import datetime

import pytest
from django.urls import reverse

from pep.models import Language
from workshops.models import OfferingStatus
from workshops.tests.factories import OfferingFactory, register

CATALOG = reverse("workshops:catalog")


def _titles(response) -> list[str]:
    return [offering.title for offering in response.context["page"]]


@pytest.fixture
def spanish(db):
    return Language.objects.get(code="es")


def test_it_shows_open_workshops_soonest_first_without_an_account(client, db):
    later = OfferingFactory(title="Later", sessions=[(datetime.date(2026, 12, 5), 9, 12)])
    sooner = OfferingFactory(title="Sooner", sessions=[(datetime.date(2026, 11, 2), 9, 12)])

    response = client.get(CATALOG)

    assert response.status_code == 200
    assert _titles(response) == [sooner.title, later.title]
    assert reverse("workshops:offering-detail", args=[sooner.pk]) in response.content.decode()


def test_it_never_shows_drafts_cancelled_or_finished_workshops(client, db):
    OfferingFactory(title="Draft one", status=OfferingStatus.DRAFT)
    OfferingFactory(title="Cancelled one", status=OfferingStatus.CANCELLED)
    OfferingFactory(
        title="Finished one",
        sessions=[(datetime.date(2026, 10, 1), 9, 12)],
        registration_opens_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2026, 9, 30, tzinfo=datetime.UTC),
    )
    OfferingFactory(title="Open one")

    assert _titles(client.get(CATALOG)) == ["Open one"]


def test_a_closed_workshop_still_to_come_says_registration_is_closed(client, db):
    OfferingFactory(title="Closed one", status=OfferingStatus.CLOSED)

    response = client.get(CATALOG)

    assert _titles(response) == ["Closed one"]
    assert "Registration for this workshop is closed." in response.content.decode()


def test_it_counts_the_seats_left_and_offers_the_waiting_list_when_full(client, db):
    roomy = OfferingFactory(title="Roomy", seat_capacity=5)
    register(roomy, "Ana One", "Ben One")
    full = OfferingFactory(title="Full", seat_capacity=2)
    register(full, "Cam Two", "Dee Two")
    register(full, "Eve Waiting")

    response = client.get(CATALOG)

    seats = {offering.title: offering.seats_left for offering in response.context["page"]}
    assert seats == {"Roomy": 3, "Full": 0}
    page = response.content.decode()
    assert "3 seats left" in page
    assert "you can join the waiting list" in page


def test_it_filters_by_program_and_audience(client, db):
    OfferingFactory(title="PT3 at Lincoln", program_code="pt3")
    OfferingFactory(title="Leadership 101")
    pt3 = OfferingFactory._meta.model.objects.get(title="PT3 at Lincoln").program

    assert _titles(client.get(CATALOG, {"program": pt3.pk})) == ["PT3 at Lincoln"]
    assert _titles(client.get(CATALOG, {"audience": "school_parents_teachers"})) == ["PT3 at Lincoln"]


def test_it_filters_by_the_host_district_typed_by_name_or_code(client, people):
    OfferingFactory(title="In Alder", host_district=people.district_a)
    OfferingFactory(title="In Birch", host_district=people.district_b)
    OfferingFactory(title="Statewide")

    assert _titles(client.get(CATALOG, {"district": "alder"})) == ["In Alder"]
    assert _titles(client.get(CATALOG, {"district": "Birch District (B-2)"})) == ["In Birch"]


def test_it_filters_by_language_given_or_interpreted(client, spanish):
    OfferingFactory(title="In Spanish", language=spanish)
    interpreted = OfferingFactory(title="With interpretation")
    interpreted.interpretation_languages.add(spanish, Language.objects.get(code="ar"))
    OfferingFactory(title="English only")

    assert _titles(client.get(CATALOG, {"language": spanish.pk})) == ["In Spanish", "With interpretation"]


def test_it_filters_by_the_first_day_wanted(client, db):
    OfferingFactory(title="November", sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    OfferingFactory(title="December", sessions=[(datetime.date(2026, 12, 5), 9, 12)])

    assert _titles(client.get(CATALOG, {"date_from": "2026-12-01"})) == ["December"]


def test_the_first_day_is_typed_as_the_reader_writes_dates(client, db):
    OfferingFactory(title="November", sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    OfferingFactory(title="December", sessions=[(datetime.date(2026, 12, 5), 9, 12)])

    response = client.get(CATALOG, {"date_from": "12/01/2026"})

    assert _titles(response) == ["December"]
    page = response.content.decode()
    assert 'value="12/01/2026"' in page  # shown again as typed, not as the ISO date it was read as
    assert 'placeholder="MM/DD/YYYY"' in page
    assert 'type="date"' not in page


def test_the_language_filter_offers_only_languages_of_workshops_the_catalog_shows(client, spanish):
    arabic, french = Language.objects.get(code="ar"), Language.objects.get(code="fr")
    OfferingFactory(title="In Spanish", language=spanish)
    finished = OfferingFactory(title="Finished", language=french, sessions=[(datetime.date(2026, 10, 1), 9, 12)])
    finished.interpretation_languages.add(arabic)

    choices = {str(label) for _value, label in client.get(CATALOG).context["filter"].form.fields["language"].choices}

    assert str(spanish) in choices
    assert str(french) not in choices
    assert str(arabic) not in choices


@pytest.mark.parametrize(
    "query",
    [
        {"program": "9" * 20},
        {"program": "junk"},
        {"language": "-1"},
        {"date_from": "2026-13-45"},
        {"audience": "aliens"},
        {"district": "x" * 5000},
        {"page": "999"},
    ],
)
def test_a_filter_that_makes_no_sense_is_a_filter_error_not_a_server_error(client, db, query):
    OfferingFactory(title="Open one")

    response = client.get(CATALOG, query)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 60])
def test_the_catalog_runs_the_same_queries_for_few_or_many_workshops(
    client, db, django_assert_max_num_queries, count, spanish
):
    for number in range(count):
        offering = OfferingFactory(title=f"Offering {number}", seat_capacity=3, childcare_offered=True)
        offering.interpretation_languages.add(spanish)
        register(offering, f"Parent {number}")

    with django_assert_max_num_queries(7):
        response = client.get(CATALOG)

    assert response.context["page"].paginator.count == count


def test_the_calendar_feed_has_every_session_and_never_the_online_link(client, db):
    OfferingFactory(
        title="Series",
        online_link="https://meet.example.org/secret-room",
        sessions=[(datetime.date(2026, 11, 7), 9, 12), (datetime.date(2026, 12, 5), 9, 12)],
    )
    OfferingFactory(title="Draft one", status=OfferingStatus.DRAFT)

    response = client.get(reverse("workshops:catalog-ics"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 2
    assert "secret-room" not in text
    assert "Draft one" not in text


def test_the_catalog_links_its_calendar_with_its_filters(client, db):
    OfferingFactory(title="Open one")

    page = client.get(CATALOG, {"audience": "parents"}).content.decode()

    assert reverse("workshops:catalog-ics") + "?audience=parents" in page


def test_district_suggestions_need_no_account(client, people):
    response = client.get(reverse("workshops:district-suggestions"), {"q": "alder"})

    assert response.json() == {"results": [{"label": "Alder District (A-1)", "value": "Alder District (A-1)"}]}
