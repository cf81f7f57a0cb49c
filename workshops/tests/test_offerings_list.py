"""The coordinators' list of offerings: counts from the database, filters, order, paging, access."""

import datetime

import pytest
from django.urls import reverse

from workshops.models import OfferingStatus, Program
from workshops.tests.factories import OfferingFactory, register

LIST = reverse("workshops:offering-list")


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_runs_the_same_queries_for_3_or_60_offerings(client, people, django_assert_max_num_queries, count):
    for number in range(count):
        offering = OfferingFactory(seat_capacity=2)
        if number % 3 == 0:
            register(offering, "A", "B")
            register(offering)
    client.force_login(people.coordinator)

    # session, user, memberships, count, the page with its counts, the programs of the filter
    with django_assert_max_num_queries(6):
        response = client.get(LIST)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert len(response.context["page"]) == min(count, 50)


def test_it_shows_confirmed_seats_waiting_and_seats_left(client, people):
    offering = OfferingFactory(title="Parent Leadership 101, spring", seat_capacity=3)
    register(offering, "A", "B")
    register(offering, "C", "D")  # two more do not fit in one seat: waiting
    register(offering, "E", "F", "G", "H")  # waiting
    client.force_login(people.coordinator)

    row = next(o for o in client.get(LIST).context["page"] if o.pk == offering.pk)

    assert (row.confirmed_seats, row.waiting_count, row.seats_left) == (2, 2, 1)


def test_it_lists_soonest_first_and_past_ones_most_recent_first(client, people):
    later = OfferingFactory(title="Later", sessions=[(datetime.date(2026, 12, 5), 9, 12)])
    sooner = OfferingFactory(title="Sooner", sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    old = OfferingFactory(
        title="Last spring",
        sessions=[(datetime.date(2026, 4, 11), 9, 12)],
        registration_opens_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2026, 4, 10, tzinfo=datetime.UTC),
    )
    older = OfferingFactory(
        title="Last winter",
        sessions=[(datetime.date(2026, 1, 10), 9, 12)],
        registration_opens_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2026, 1, 9, tzinfo=datetime.UTC),
    )
    client.force_login(people.coordinator)

    upcoming = [o.pk for o in client.get(LIST, {"when": "upcoming"}).context["page"]]
    past = [o.pk for o in client.get(LIST, {"when": "past"}).context["page"]]

    assert upcoming == [sooner.pk, later.pk]
    assert past == [old.pk, older.pk]


def test_it_filters_by_program_status_and_host_district(client, people):
    college = OfferingFactory(program_code="parent-college", host_district=people.district_a)
    draft = OfferingFactory(status=OfferingStatus.DRAFT, host_district=people.district_b)
    client.force_login(people.coordinator)

    by_program = client.get(LIST, {"program": Program.objects.get(code="parent-college").pk})
    by_status = client.get(LIST, {"status": "draft"})
    by_district = client.get(LIST, {"district": "Alder"})

    assert [o.pk for o in by_program.context["page"]] == [college.pk]
    assert [o.pk for o in by_status.context["page"]] == [draft.pk]
    assert [o.pk for o in by_district.context["page"]] == [college.pk]


def test_the_district_filter_is_a_search_box_not_a_list_of_districts(client, people):
    client.force_login(people.coordinator)

    response = client.get(LIST)

    assert 'name="district"' in response.text
    assert "data-suggestions-url" in response.text
    assert people.district_a.name not in response.text


def test_rows_become_cards_on_a_phone(client, people):
    OfferingFactory()
    client.force_login(people.coordinator)

    response = client.get(LIST)

    assert "table-cards" in response.text
    assert 'data-label="Seats left"' in response.text


@pytest.mark.parametrize("role", ["leader_a", "team_a", "parent_a"])
def test_other_roles_are_refused(client, people, role):
    client.force_login(getattr(people, role))

    assert client.get(LIST).status_code == 403


def test_visitors_are_sent_to_log_in(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]
