"""The public registration form: what a family posts, what it sees, and what is (never half) saved."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from pep.models import Language
from workshops.models import OfferingStatus, Registration, RegistrationStatus
from workshops.tests.factories import OfferingFactory, register


def url(offering) -> str:
    return reverse("workshops:offering-register", args=[offering.pk])


def form_data(*names, rows: int = 6, **fields) -> dict:
    """What the form posts: the contact, and the attendee rows (the first ones filled with `names`)."""
    names = names or ("Rosa Díaz",)
    data = {
        "contact_name": "Rosa Díaz",
        "contact_email": "rosa@example.org",
        "contact_phone": "",
        "role": "parent",
        "district": "",
        "school": "",
        "accommodations": "",
        "dietary_needs": "",
        "website": "",
        "attendees-TOTAL_FORMS": str(rows),
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "6",
    }
    for row in range(rows):
        data[f"attendees-{row}-name"] = names[row] if row < len(names) else ""
        data[f"attendees-{row}-role"] = "parent"
    data.update(fields)
    return data


@pytest.fixture
def offering(db):
    return OfferingFactory(title="Parent Leadership 101, fall", seat_capacity=3)


def test_the_form_needs_no_account_and_has_a_row_for_each_person_a_registration_holds(client, offering):
    response = client.get(url(offering))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="attendees-') >= 12  # a name and a role for each of six people
    assert 'name="attendees-TOTAL_FORMS"' in page
    assert 'name="website"' in page
    assert 'name="childcare_children"' not in page  # this offering has no childcare


def test_a_family_of_two_is_confirmed_and_sent_to_its_private_link(
    client, offering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(offering), form_data("Rosa Díaz", "Juan Díaz"))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:registration", args=[registration.token])
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [person.name for person in registration.attendees.order_by("pk")] == ["Rosa Díaz", "Juan Díaz"]
    assert registration.language == "en"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa@example.org"]


def test_the_registration_speaks_the_language_of_the_page(client, offering):
    client.cookies["django_language"] = "es"

    client.post(url(offering), form_data())

    assert Registration.objects.get().language == "es"


def test_a_family_that_does_not_fit_waits_and_its_page_says_where(client, offering):
    register(offering, "Ana One", "Ben One")

    response = client.post(url(offering), form_data("Rosa Díaz", "Juan Díaz"), follow=True)

    registration = Registration.objects.get(contact_email="rosa@example.org")
    assert registration.status == RegistrationStatus.WAITING
    assert "number 1 on the waiting list" in response.content.decode()


def test_a_full_workshop_offers_the_waiting_list_on_its_form(client, offering):
    register(offering, "Ana One", "Ben One", "Cy One")

    page = client.get(url(offering)).content.decode()

    assert "Join the waiting list" in page


def test_a_second_registration_by_the_same_contact_is_not_made_and_its_link_is_never_shown(
    client, offering, django_capture_on_commit_callbacks
):
    first = register(offering, "Rosa Díaz", contact_email="rosa@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(offering), form_data("Rosa Díaz", contact_email="ROSA@example.org"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "already registered" in page
    assert first.token not in page
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1
    assert first.token in mail.outbox[0].body


def test_a_phone_only_contact_registering_again_is_told_so_and_no_email_is_sent(
    client, offering, django_capture_on_commit_callbacks
):
    first = register(offering, "Rosa Díaz", contact_email="", contact_phone="+13125550142")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(offering), form_data(contact_email="", contact_phone="(312) 555-0142"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "You are already registered" in page
    assert "made with a phone number only" in page
    assert first.token not in page
    assert Registration.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"status": OfferingStatus.CLOSED}, "closed"),
        ({"status": OfferingStatus.CANCELLED}, "cancelled"),
        ({"registration_closes_at": datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)}, "closed"),
        ({"registration_opens_at": datetime.datetime(2026, 10, 20, tzinfo=datetime.UTC)}, "not opened yet"),
    ],
)
def test_a_refused_registration_says_why_and_saves_nothing(client, offering, change, reason):
    type(offering).objects.filter(pk=offering.pk).update(**change)

    shown = client.get(url(offering))
    posted = client.post(url(offering), form_data())

    for response in (shown, posted):
        assert response.status_code == 200
        assert reason in response.content.decode()
    assert not Registration.objects.exists()


def test_a_draft_is_not_there_for_the_public(client, db):
    draft = OfferingFactory(status=OfferingStatus.DRAFT)

    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), form_data()).status_code == 404
    assert client.get(reverse("workshops:offering-register", args=[999999])).status_code == 404


def test_a_filled_honeypot_gets_the_same_thanks_and_nothing_is_saved(client, offering):
    response = client.post(url(offering), form_data(website="http://cheap-pills.example"))

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


def _errors(response) -> dict:
    return response.context["form"].errors


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"contact_email": "", "contact_phone": ""}, "contact_email", "email address or a mobile phone"),
        ({"contact_email": "rosa@"}, "contact_email", "valid email"),
        ({"contact_email": "", "contact_phone": "555-12"}, "contact_phone", "valid phone number"),
        ({"contact_name": ""}, "contact_name", "required"),
        ({"role": "king"}, "role", "valid choice"),
        ({"district": "Nowhere District"}, "district", "no district"),
        ({"accommodations": "x" * 2001}, "accommodations", "at most 2000"),
    ],
)
def test_bad_input_is_a_clear_error_next_to_its_field_and_nothing_is_saved(client, offering, fields, field, message):
    response = client.post(url(offering), form_data(**fields))

    assert response.status_code == 200
    assert message in " ".join(_errors(response)[field])
    assert f'href="#id_{field}' in response.content.decode()  # the summary at the top links to the field
    assert not Registration.objects.exists()


def test_a_registration_with_no_one_coming_is_refused(client, offering):
    response = client.post(url(offering), form_data("", rows=6))

    assert "Add at least one person" in response.content.decode()
    assert not Registration.objects.exists()


def test_more_people_than_a_registration_holds_are_refused(client, offering):
    names = [f"Person {number}" for number in range(7)]

    response = client.post(url(offering), form_data(*names, rows=7))

    assert "at most 6 people" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_flood_of_rows_is_refused_without_building_them(client, offering):
    response = client.post(url(offering), form_data("Rosa Díaz", **{"attendees-TOTAL_FORMS": "100000"}))

    assert response.status_code == 200
    assert "at most 6 people" in response.content.decode()
    assert not Registration.objects.exists()


def test_empty_rows_are_left_out(client, offering):
    data = form_data("Rosa Díaz")
    data["attendees-3-name"] = "Juan Díaz"

    client.post(url(offering), data)

    assert Registration.objects.get().attendees.count() == 2


def test_a_post_without_the_row_counters_still_counts_its_rows(client, offering):
    data = {key: value for key, value in form_data("Rosa Díaz", "Juan Díaz").items() if "_FORMS" not in key}

    response = client.post(url(offering), data)

    assert response.status_code == 302
    assert Registration.objects.get().attendees.count() == 2


def test_a_phone_number_alone_is_enough_and_is_kept_in_international_form(client, offering):
    client.post(url(offering), form_data(contact_email="", contact_phone="(312) 555-0142"))

    assert str(Registration.objects.get().contact_phone) == "+13125550142"


def test_the_district_is_found_by_name_code_suggestion_or_id(client, people, offering):
    for number, typed in enumerate(["alder", "A-1", "Alder District (A-1)", str(people.district_a.pk)]):
        client.post(url(offering), form_data(contact_email=f"family{number}@example.org", district=typed))

    assert {registration.district for registration in Registration.objects.all()} == {people.district_a}


def test_a_school_must_be_in_the_district(client, people, offering):
    response = client.post(url(offering), form_data(district="A-1", school=people.school_b.name))

    assert "no school by that name in this district" in " ".join(_errors(response)["school"])
    assert not Registration.objects.exists()


def test_a_school_alone_brings_its_district(client, people, offering):
    client.post(url(offering), form_data(school=str(people.school_a.pk)))

    registration = Registration.objects.get()
    assert (registration.district, registration.school) == (people.district_a, people.school_a)


def test_interpretation_is_offered_only_in_the_workshops_languages(client, offering):
    spanish, arabic = Language.objects.get(code="es"), Language.objects.get(code="ar")
    offering.interpretation_languages.add(spanish)

    refused = client.post(url(offering), form_data(interpretation_language=arabic.pk))
    client.post(url(offering), form_data(interpretation_language=spanish.pk))

    assert "interpretation_language" in _errors(refused)
    assert Registration.objects.get().interpretation_language == spanish


def test_childcare_is_asked_only_where_offered_and_a_family_may_come_without_it(client, db):
    offering = OfferingFactory(childcare_offered=True, childcare_capacity=1, childcare_ages="3 to 10")

    page = client.get(url(offering)).content.decode()
    client.post(
        url(offering),
        form_data(childcare_children="2", childcare_ages="4 and 6", if_childcare_full="without"),
    )

    assert 'name="if_childcare_full"' in page
    registration = Registration.objects.get()
    assert (registration.status, registration.childcare) == (RegistrationStatus.CONFIRMED, "without")


@pytest.mark.parametrize("children", ["21", "-1", "many"])
def test_childcare_for_a_number_of_children_that_makes_no_sense_is_refused(client, db, children):
    offering = OfferingFactory(childcare_offered=True, childcare_capacity=30)

    response = client.post(url(offering), form_data(childcare_children=children))

    assert "childcare_children" in _errors(response)
    assert not Registration.objects.exists()


def test_the_fifth_post_from_one_address_past_a_limit_of_four_is_refused_and_saves_nothing(client, offering, settings):
    settings.PUBLIC_POSTS_PER_HOUR_PER_ADDRESS = 4
    answers = [
        client.post(url(offering), form_data(contact_email=f"family{number}@example.org")).status_code
        for number in range(5)
    ]

    assert answers == [302, 302, 302, 302, 429]
    assert Registration.objects.count() == 4


@pytest.mark.parametrize("count", [1, 30])
def test_the_form_runs_the_same_queries_however_many_registrations(client, db, django_assert_max_num_queries, count):
    offering = OfferingFactory(seat_capacity=100, childcare_offered=True, childcare_capacity=50)
    offering.interpretation_languages.add(Language.objects.get(code="es"))
    for number in range(count):
        register(offering, f"Parent {number}")

    with django_assert_max_num_queries(6):
        assert client.get(url(offering)).status_code == 200
