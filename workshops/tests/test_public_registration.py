"""The private link: a family's own registration, opened by its token alone, and what it may change there."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from pep.models import Language
from workshops.models import Attendance, Childcare, RegistrationStatus
from workshops.tests.factories import OfferingFactory, register


def page_url(registration, name="workshops:registration", *args) -> str:
    return reverse(name, args=[registration.token, *args])


@pytest.fixture
def offering(db):
    return OfferingFactory(
        title="Parent College, fall", seat_capacity=3, online_link="https://meet.example.org/pc-room"
    )


@pytest.fixture
def family(offering):
    return register(offering, "Rosa Díaz", "Juan Díaz", contact_email="rosa@example.org")


def test_the_private_link_shows_the_registration_its_sessions_and_people(client, family):
    response = client.get(page_url(family))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirmed." in page
    assert "Parent College, fall" in page
    assert "Rosa Díaz" in page and "Juan Díaz" in page
    assert "pc-room" in page  # confirmed: the online link is theirs
    assert page_url(family, "workshops:registration-ics") in page


def test_a_waiting_family_sees_its_place_in_line_and_never_the_online_link(client, offering, family):
    waiting = register(offering, "Ana One", "Ben One")

    page = client.get(page_url(waiting)).content.decode()

    assert "number 1 on the waiting list" in page
    assert "pc-room" not in page
    assert "Leave the waiting list" in page


def test_the_private_pages_keep_their_address_to_themselves_and_out_of_caches(client, family):
    juan = family.attendees.get(name="Juan Díaz")
    urls = [
        page_url(family, name)
        for name in [
            "workshops:registration",
            "workshops:registration-ics",
            "workshops:registration-cancel",
            "workshops:registration-needs",
        ]
    ]
    urls.append(page_url(family, "workshops:attendee-cancel", juan.pk))
    for url in urls:
        response = client.get(url)

        assert response.status_code == 200
        assert response["Referrer-Policy"] == "strict-origin"
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "y" * 500, "%00" * 10],
)
def test_a_token_we_never_issued_is_not_found(client, family, token):
    response = client.get(f"/workshops/r/{token}/")

    assert response.status_code == 404


def test_a_tampered_token_opens_nothing(client, family):
    tampered = family.token[:-1] + ("A" if family.token[-1] != "A" else "B")

    for name in ["workshops:registration", "workshops:registration-ics", "workshops:registration-cancel"]:
        assert client.get(reverse(name, args=[tampered])).status_code == 404
    assert client.post(reverse("workshops:registration-cancel", args=[tampered])).status_code == 404
    family.refresh_from_db()
    assert family.status == RegistrationStatus.CONFIRMED


def test_a_token_never_opens_another_familys_people(client, offering, family):
    other = register(offering, "Other Parent")
    other_person = other.attendees.get()

    response = client.post(page_url(family, "workshops:attendee-cancel", other_person.pk))

    assert response.status_code == 404
    other_person.refresh_from_db()
    assert other_person.cancelled_at is None
    assert "Other Parent" not in client.get(page_url(family)).content.decode()


def test_a_not_found_private_link_is_not_logged_with_its_address(client, family, caplog):
    client.get("/workshops/r/" + "z" * 43 + "/")

    assert "z" * 43 not in caplog.text


def test_cancelling_asks_first_then_frees_the_seats_for_the_first_family_waiting(
    client, offering, family, django_capture_on_commit_callbacks
):
    waiting = register(offering, "Ana One", "Ben One", contact_email="ana@example.org")

    asked = client.get(page_url(family, "workshops:registration-cancel"))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page_url(family, "workshops:registration-cancel"), follow=True)

    assert "Cancel your registration?" in asked.content.decode()
    assert "Your registration is cancelled." in done.content.decode()
    family.refresh_from_db()
    waiting.refresh_from_db()
    assert family.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert ["ana@example.org"] in [message.to for message in mail.outbox]


def test_leaving_the_waiting_list(client, offering, family):
    waiting = register(offering, "Ana One", "Ben One")

    response = client.post(page_url(waiting, "workshops:registration-cancel"), follow=True)

    assert "You left the waiting list." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CANCELLED


def test_cancelling_twice_says_it_was_already_cancelled(client, family):
    client.post(page_url(family, "workshops:registration-cancel"))

    response = client.post(page_url(family, "workshops:registration-cancel"), follow=True)

    assert "already cancelled" in response.content.decode()


def test_the_cancel_page_of_a_cancelled_registration_says_so_and_offers_no_button(client, family):
    client.post(page_url(family, "workshops:registration-cancel"))

    page = client.get(page_url(family, "workshops:registration-cancel")).content.decode()

    assert "This registration was already cancelled." in page
    assert "Yes, cancel the whole registration" not in page


def test_cancelling_the_last_person_cancels_the_registration_and_frees_the_seat(client, offering):
    alone = register(offering, "Solo Parent")
    waiting = register(offering, "Ana One", "Ben One", "Cy One")
    person = alone.attendees.get()

    asked = client.get(page_url(alone, "workshops:attendee-cancel", person.pk))
    response = client.post(page_url(alone, "workshops:attendee-cancel", person.pk), follow=True)

    assert "the last person in your registration" in asked.content.decode()
    assert "Solo Parent is no longer registered." in response.content.decode()
    alone.refresh_from_db()
    waiting.refresh_from_db()
    assert alone.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_after_the_workshop_nothing_can_be_cancelled_and_no_button_offers_it(client, family, time_machine):
    juan = family.attendees.get(name="Juan Díaz")
    time_machine.move_to(family.offering.last_ends_at + datetime.timedelta(hours=1))
    over = "This workshop is over, so its registrations can no longer be changed."

    whole = client.post(page_url(family, "workshops:registration-cancel"), follow=True)
    one = client.post(page_url(family, "workshops:attendee-cancel", juan.pk), follow=True)

    assert over in whole.content.decode()
    assert over in one.content.decode()
    family.refresh_from_db()
    juan.refresh_from_db()
    assert family.status == RegistrationStatus.CONFIRMED
    assert juan.cancelled_at is None
    page = client.get(page_url(family)).content.decode()
    assert page_url(family, "workshops:registration-cancel") not in page
    assert page_url(family, "workshops:attendee-cancel", juan.pk) not in page
    assert page_url(family, "workshops:registration-needs") not in page
    for asked in [
        client.get(page_url(family, "workshops:registration-cancel")),
        client.get(page_url(family, "workshops:attendee-cancel", juan.pk)),
    ]:
        assert over in asked.content.decode()
        assert "Yes, cancel" not in asked.content.decode()


def test_one_person_can_be_cancelled_and_the_others_keep_their_seats(client, family):
    juan = family.attendees.get(name="Juan Díaz")

    asked = client.get(page_url(family, "workshops:attendee-cancel", juan.pk))
    response = client.post(page_url(family, "workshops:attendee-cancel", juan.pk), follow=True)

    assert "Cancel Juan Díaz?" in asked.content.decode()
    assert "Juan Díaz is no longer registered." in response.content.decode()
    juan.refresh_from_db()
    family.refresh_from_db()
    assert juan.cancelled_at is not None
    assert family.status == RegistrationStatus.CONFIRMED


def test_changing_needs_saves_them(client, offering, family):
    spanish = Language.objects.get(code="es")
    offering.interpretation_languages.add(spanish)

    response = client.post(
        page_url(family, "workshops:registration-needs"),
        {"interpretation_language": spanish.pk, "accommodations": "A seat near the door", "dietary_needs": ""},
    )

    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.interpretation_language, family.accommodations) == (spanish, "A seat near the door")


def test_more_childcare_than_is_left_is_refused_and_nothing_changes(client, db):
    offering = OfferingFactory(childcare_offered=True, childcare_capacity=2)
    family = register(offering, "Rosa Díaz", childcare_children=1)

    response = client.post(
        page_url(family, "workshops:registration-needs"),
        {"childcare_children": "3", "childcare_ages": "2, 4, 6", "accommodations": "", "dietary_needs": ""},
    )

    assert response.status_code == 200
    assert "Childcare has 1 places left" in response.content.decode()
    family.refresh_from_db()
    assert (family.childcare_children, family.childcare) == (1, Childcare.CONFIRMED)


def test_a_cancelled_registration_can_no_longer_be_changed(client, family):
    client.post(page_url(family, "workshops:registration-cancel"))

    response = client.post(page_url(family, "workshops:registration-needs"), {"accommodations": "Changed"})

    assert "This registration was cancelled." in response.content.decode()
    family.refresh_from_db()
    assert family.accommodations == ""


def test_the_calendar_file_has_the_online_link_only_once_confirmed(client, offering, family):
    waiting = register(offering, "Ana One", "Ben One")

    confirmed_ics = client.get(page_url(family, "workshops:registration-ics"))
    waiting_ics = client.get(page_url(waiting, "workshops:registration-ics"))

    assert confirmed_ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in confirmed_ics["Content-Disposition"]
    assert "pc-room" in confirmed_ics.content.decode()
    assert "pc-room" not in waiting_ics.content.decode()


def test_after_the_workshop_the_page_offers_certificates_and_feedback(client, db, time_machine):
    offering = OfferingFactory(title="Done", sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    family = register(offering, "Rosa Díaz", "Juan Díaz")
    rosa = family.attendees.get(name="Rosa Díaz")
    Attendance.objects.create(attendee=rosa, session=offering.sessions.get())
    time_machine.move_to(datetime.datetime(2026, 11, 8, 10, tzinfo=datetime.UTC))

    page = client.get(page_url(family)).content.decode()

    assert page_url(family, "workshops:registration-certificate", rosa.pk) in page
    juan = family.attendees.get(name="Juan Díaz")
    assert page_url(family, "workshops:registration-certificate", juan.pk) not in page
    assert page_url(family, "workshops:registration-feedback") in page
    assert "Cancel the whole registration" not in page  # it is over


def test_posts_on_the_private_pages_are_limited_per_address(client, family, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 2
    for _ in range(2):
        client.post(page_url(family, "workshops:registration-needs"), {"dietary_needs": "No nuts"})

    response = client.post(page_url(family, "workshops:registration-needs"), {"dietary_needs": "Changed"})

    assert response.status_code == 429
    family.refresh_from_db()
    assert family.dietary_needs == "No nuts"


@pytest.mark.parametrize("people_count", [1, 6])
def test_the_private_page_runs_the_same_queries_however_big_the_family(
    client, db, django_assert_max_num_queries, people_count
):
    offering = OfferingFactory(seat_capacity=1)
    register(offering, "First Family")
    names = [f"Person {number}" for number in range(people_count)]
    waiting = register(offering, *names)
    assert waiting.status == RegistrationStatus.WAITING

    with django_assert_max_num_queries(10):
        assert client.get(page_url(waiting)).status_code == 200


@pytest.mark.parametrize("people_count", [1, 6])
def test_the_pages_that_change_a_registration_run_the_same_queries_however_big_the_family(
    client, db, django_assert_max_num_queries, people_count
):
    offering = OfferingFactory(seat_capacity=10, childcare_offered=True)
    offering.interpretation_languages.add(Language.objects.get(code="es"))
    family = register(offering, *[f"Person {number}" for number in range(people_count)])
    person = family.attendees.first()

    # The registration with its people; the needs form also reads the workshop's and its own languages.
    for url, most in [
        (page_url(family, "workshops:registration-cancel"), 2),
        (page_url(family, "workshops:attendee-cancel", person.pk), 2),
        (page_url(family, "workshops:registration-needs"), 4),
    ]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
