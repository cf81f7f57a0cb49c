"""An offering's dashboard: places, counts, needs summed by the database, the waiting list and its actions."""

import pytest
from django.urls import reverse

from pep.models import AuditEntry, Language
from workshops.models import OfferingStatus, RegistrationStatus
from workshops.selectors import dashboard as selectors
from workshops.services.seats import registration_cancel
from workshops.tests.factories import OfferingFactory, register


def _url(offering, **query):
    url = reverse("workshops:offering-dashboard", args=[offering.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _busy_offering(families: int):
    """An offering with childcare and interpretation, `families` registrations of two, most of them waiting."""
    spanish, polish = Language.objects.get(code="es"), Language.objects.get(code="pl")
    offering = OfferingFactory(seat_capacity=10, childcare_offered=True, childcare_capacity=4, childcare_ages="3 to 10")
    for number in range(families):
        register(
            offering,
            f"Parent {number}",
            f"Partner {number}",
            interpretation_language=spanish if number % 2 else polish,
            childcare_children=1 if number % 3 == 0 else 0,
            childcare_ages="4" if number % 3 == 0 else "",
            accommodations="Wheelchair seating" if number % 4 == 0 else "",
            dietary_needs="Vegetarian" if number % 5 == 0 else "",
        )
    return offering


@pytest.mark.parametrize("families", [3, 80])
def test_the_dashboard_runs_the_same_queries_for_3_or_80_registrations(
    client, people, django_assert_max_num_queries, families
):
    offering = _busy_offering(families)
    client.force_login(people.coordinator)

    with django_assert_max_num_queries(13):
        response = client.get(_url(offering))

    assert response.status_code == 200
    assert len(response.context["page"]) == min(families, 50)


def test_it_links_each_session_to_its_check_in_and_sign_in_sheet_and_the_offering_to_its_tools(client, people):
    offering = OfferingFactory()
    session = offering.sessions.get()
    client.force_login(people.coordinator)

    text = client.get(_url(offering)).text

    assert reverse("workshops:session-checkin", args=[session.pk]) in text
    assert reverse("workshops:session-signin-sheet", args=[session.pk]) in text
    assert reverse("workshops:offering-certificates", args=[offering.pk]) in text
    assert reverse("workshops:offering-feedback", args=[offering.pk]) in text
    assert reverse("workshops:offering-registrations-csv", args=[offering.pk]) in text
    assert reverse("workshops:offering-attendees-csv", args=[offering.pk]) in text


def test_it_shows_counts_and_places_left(client, people):
    offering = OfferingFactory(seat_capacity=3, childcare_offered=True, childcare_capacity=2)
    register(offering, "A", "B", childcare_children=1)
    register(offering, "C", "D")  # waiting
    cancelled = register(offering)
    registration_cancel(registration=cancelled)
    client.force_login(people.coordinator)

    response = client.get(_url(offering))

    counts = response.context["counts"]
    assert (counts.confirmed, counts.waiting, counts.cancelled) == (1, 1, 1)
    assert (counts.confirmed_people, counts.waiting_people) == (2, 2)
    assert response.context["places"].seats == 1
    assert response.context["places"].childcare == 1


def test_the_needs_are_summed_per_language_and_listed_as_written(client, people):
    offering = _busy_offering(6)
    client.force_login(people.coordinator)

    response = client.get(_url(offering))

    by_language = {row["interpretation_language__code"]: row for row in response.context["interpretation"]}
    # Families 0-4 are confirmed (ten seats, two each), family 5 waits; odd ones asked for Spanish.
    assert by_language["es"]["confirmed_registrations"] == 2
    assert by_language["es"]["confirmed_people"] == 4
    assert by_language["es"]["waiting_registrations"] == 1
    assert by_language["pl"]["confirmed_people"] == 6
    childcare = response.context["childcare"]
    assert childcare.confirmed_children == 2  # families 0 and 3
    assert [row["childcare_ages"] for row in response.context["childcare_listed"]] == ["4", "4"]
    assert len(response.context["accommodations_listed"]) == 2  # families 0 and 4
    assert "Wheelchair seating" in response.text
    assert "Vegetarian" in response.text


def test_waiting_families_come_first_with_their_position(client, people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first = register(offering, "W One")
    second = register(offering, "W Two")
    client.force_login(people.coordinator)

    page = list(client.get(_url(offering)).context["page"])

    assert [(r.pk, r.queue_number) for r in page[:2]] == [(first.pk, 1), (second.pk, 2)]
    assert page[2].status == RegistrationStatus.CONFIRMED


def test_the_registrations_can_be_narrowed_to_one_status(client, people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    waiting = register(offering)
    client.force_login(people.coordinator)

    page = client.get(_url(offering, status="waiting")).context["page"]
    ignored = client.get(_url(offering, status="nonsense"))

    assert [r.pk for r in page] == [waiting.pk]
    assert ignored.status_code == 200
    assert len(ignored.context["page"]) == 2


def test_a_pt3_offering_links_to_its_priorities_and_others_do_not(client, people):
    pt3 = OfferingFactory(program_code="pt3")
    other = OfferingFactory()
    client.force_login(people.coordinator)

    pt3_page = client.get(_url(pt3)).text
    other_page = client.get(_url(other)).text

    assert reverse("workshops:offering-priorities", args=[pt3.pk]) in pt3_page
    assert reverse("workshops:offering-priorities", args=[other.pk]) not in other_page


def test_confirm_now_confirms_a_waiting_family_when_seats_are_there(client, people, settings):
    offering = OfferingFactory(seat_capacity=2)
    register(offering, "A", "B")
    waiting = register(offering, "C", "D", "E")
    offering.seat_capacity = 5
    offering.save()  # places added without the service: the family still waits until someone confirms it
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-registration-confirm", args=[offering.pk, waiting.pk]), follow=True
    )

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert f"Registration {waiting.pk} confirmed; the family was told." in response.text
    assert AuditEntry.objects.filter(action="registration.confirm").exists()


def test_confirm_now_without_seats_says_why(client, people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    waiting = register(offering)
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-registration-confirm", args=[offering.pk, waiting.pk]), follow=True
    )

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    assert "Not enough places" in response.text


def test_moving_a_family_to_the_front_and_back_changes_its_position(client, people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    first, second = register(offering), register(offering)
    client.force_login(people.coordinator)
    move = reverse("workshops:offering-registration-move", args=[offering.pk, second.pk])

    response = client.post(move, {"to": "front"}, follow=True)
    order_after_front = [r.pk for r in response.context["page"]]
    client.post(move, {"to": "back"})
    order_after_back = [r.pk for r in client.get(_url(offering, status="waiting")).context["page"]]
    nonsense = client.post(move, {"to": "sideways"}, follow=True)

    assert order_after_front == [second.pk, first.pk]
    assert f"Registration {second.pk} is now first on the waiting list." in response.text
    assert order_after_back == [first.pk, second.pk]
    assert "Choose to move it to the front or to the back." in nonsense.text
    assert AuditEntry.objects.filter(action="registration.to-front").exists()


def test_cancelling_a_confirmed_family_gives_its_seats_to_the_first_that_fits(client, people):
    offering = OfferingFactory(seat_capacity=2)
    confirmed = register(offering, "A", "B")
    waiting = register(offering, "C")
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-registration-cancel", args=[offering.pk, confirmed.pk]), follow=True
    )
    again = client.post(
        reverse("workshops:offering-registration-cancel", args=[offering.pk, confirmed.pk]), follow=True
    )

    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert f"Registration {confirmed.pk} cancelled" in response.text
    assert "already cancelled" in again.text
    assert AuditEntry.objects.filter(action="registration.cancel", actor=people.coordinator).exists()


def test_actions_refuse_a_registration_of_another_offering(client, people):
    offering, other = OfferingFactory(), OfferingFactory()
    registration = register(other)
    client.force_login(people.coordinator)

    response = client.post(reverse("workshops:offering-registration-cancel", args=[offering.pk, registration.pk]))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_actions_are_posts_only(client, people):
    offering = OfferingFactory()
    registration = register(offering)
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:offering-registration-cancel", args=[offering.pk, registration.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("role", ["leader_a", "team_a", "parent_a"])
def test_other_roles_can_neither_see_nor_act(client, people, role):
    offering = OfferingFactory(host_district=people.district_a)
    registration = register(offering)
    client.force_login(getattr(people, role))

    page = client.get(_url(offering))
    action = client.post(reverse("workshops:offering-registration-cancel", args=[offering.pk, registration.pk]))

    assert page.status_code == 403
    assert action.status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_visitors_are_sent_to_log_in(client, db):
    offering = OfferingFactory()

    response = client.get(_url(offering))

    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]


def test_a_cancelled_offering_shows_no_edit_or_cancel_buttons(client, people):
    offering = OfferingFactory(status=OfferingStatus.CANCELLED)
    client.force_login(people.coordinator)

    response = client.get(_url(offering))

    assert reverse("workshops:offering-edit", args=[offering.pk]) not in response.text
    assert reverse("workshops:offering-cancel", args=[offering.pk]) not in response.text
    assert "This offering was cancelled." in response.text


@pytest.mark.parametrize(("with_needs", "capped"), [(2, False), (3, True)])
def test_the_needs_lists_say_so_only_when_some_are_left_out(client, people, monkeypatch, with_needs, capped):
    monkeypatch.setattr(selectors, "NEEDS_SHOWN", 2)
    offering = OfferingFactory()
    for number in range(with_needs):
        register(offering, f"Parent {number}", accommodations=f"Need {number}")
    client.force_login(people.coordinator)

    response = client.get(_url(offering))

    assert len(response.context["accommodations_listed"]) == 2
    assert response.context["needs_capped"] is capped
    assert ("Only the first 200 registrations with needs are listed here" in response.text) is capped


def test_childcare_waiting_children_are_counted_apart(client, people):
    offering = OfferingFactory(seat_capacity=10, childcare_offered=True, childcare_capacity=1)
    register(offering, childcare_children=1)
    register(offering, childcare_children=2)  # waits for childcare
    client.force_login(people.coordinator)

    childcare = client.get(_url(offering)).context["childcare"]

    assert (childcare.confirmed_children, childcare.waiting_children) == (1, 2)
