"""Adding, changing, copying and cancelling an offering on its pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pep.models import Language
from workshops.models import Attendance, Offering, OfferingStatus, Program, RegistrationStatus
from workshops.tests.factories import OfferingFactory, register

CHICAGO = ZoneInfo("America/Chicago")
NEW = reverse("workshops:offering-new")


def _sessions(rows, total=None, initial=0):
    data = {
        "sessions-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "sessions-INITIAL_FORMS": str(initial),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "60",
    }
    for index, row in enumerate(rows):
        data.update({f"sessions-{index}-{name}": value for name, value in row.items()})
    return data


def _form(sessions=None, **changes):
    data = {
        "program": str(Program.objects.get(code="parent-college").pk),
        "title": "Parent College 2026-27",
        "status": "draft",
        "language": str(Language.objects.get(code="en").pk),
        "interpretation_languages": [str(Language.objects.get(code="es").pk)],
        "host_district": "",
        "place_name": "Central High School",
        "address": "1 College Road",
        "seat_capacity": "30",
        "childcare_offered": "on",
        "childcare_ages": "3 to 10",
        "childcare_capacity": "10",
        "registration_opens_on": "2026-08-01",
        "registration_opens_time": "08:00",
        "registration_closes_on": "2026-09-11",
        "registration_closes_time": "17:00",
        "sessions_required": "",
    }
    data.update(changes)
    rows = sessions if sessions is not None else [{"day": "2026-09-12", "starts": "09:00", "ends": "13:00"}]
    return data | _sessions(rows, total=max(len(rows), 3))


def _edit_form(offering: Offering, **changes):
    """What the edit page sends for an untouched offering, with `changes`."""
    opens = offering.registration_opens_at.astimezone(CHICAGO)
    closes = offering.registration_closes_at.astimezone(CHICAGO)
    rows = []
    for session in offering.sessions.order_by("starts_at"):
        starts, ends = session.starts_at.astimezone(CHICAGO), session.ends_at.astimezone(CHICAGO)
        rows.append(
            {
                "id": str(session.pk),
                "day": starts.date().isoformat(),
                "starts": starts.strftime("%H:%M"),
                "ends": ends.strftime("%H:%M"),
                "title": session.title,
            }
        )
    data = {
        "version": str(offering.version),
        "program": str(offering.program_id),
        "title": offering.title,
        "status": offering.status,
        "language": str(offering.language_id),
        "host_district": "",
        "place_name": offering.place_name,
        "address": offering.address,
        "seat_capacity": str(offering.seat_capacity),
        "childcare_capacity": str(offering.childcare_capacity),
        "registration_opens_on": opens.date().isoformat(),
        "registration_opens_time": opens.strftime("%H:%M"),
        "registration_closes_on": closes.date().isoformat(),
        "registration_closes_time": closes.strftime("%H:%M"),
        "sessions_required": "",
    }
    if offering.childcare_offered:
        data["childcare_offered"] = "on"
    data.update(changes)
    return data | _sessions(rows, total=len(rows) + 2, initial=len(rows))


def test_the_new_offering_page_has_empty_rows_for_a_whole_series(client, people, django_assert_max_num_queries):
    client.force_login(people.coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(NEW)

    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 8
    assert "Session 8" in response.text
    assert "data-suggestions-url" in response.text  # the host district is searched for, not picked from a list


def test_a_coordinator_adds_an_offering_with_its_sessions_in_central_time(client, people):
    client.force_login(people.coordinator)
    sessions = [
        {"day": "2026-09-12", "starts": "09:00", "ends": "13:00", "title": "Welcome"},
        {"day": "2027-01-09", "starts": "09:00", "ends": "13:00", "title": "Campus visit day"},
    ]

    response = client.post(NEW, _form(sessions, host_district="Alder District (A-1)", sessions_required="2"))

    offering = Offering.objects.get(title="Parent College 2026-27")
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("workshops:offering-dashboard", args=[offering.pk])
    assert offering.host_district == people.district_a
    assert offering.status == OfferingStatus.DRAFT
    assert offering.first_starts_at == datetime.datetime(2026, 9, 12, 9, tzinfo=CHICAGO)
    assert offering.last_ends_at == datetime.datetime(2027, 1, 9, 13, tzinfo=CHICAGO)
    assert offering.registration_opens_at == datetime.datetime(2026, 8, 1, 8, tzinfo=CHICAGO)
    assert list(offering.sessions.values_list("title", flat=True)) == ["Welcome", "Campus visit day"]
    assert list(offering.interpretation_languages.values_list("code", flat=True)) == ["es"]


@pytest.mark.parametrize(
    "changes, sessions, message",
    [
        ({"registration_closes_on": "2026-07-01"}, None, "Registration must close after it opens."),
        ({}, [{"day": "2026-09-12", "starts": "13:00", "ends": "09:00"}], "A session must end after it starts."),
        ({}, [], "Add at least one session."),
        ({"sessions_required": "3"}, None, "The offering has 1 session; a certificate cannot require more."),
        ({"host_district": "Nowhere"}, None, "No single district matches"),
        ({"seat_capacity": "0"}, None, "greater than or equal to 1"),
    ],
)
def test_an_offering_that_does_not_add_up_is_refused_with_a_clear_message(client, people, changes, sessions, message):
    client.force_login(people.coordinator)

    response = client.post(NEW, _form(sessions, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="error-summary"' in response.text
    assert not Offering.objects.exists()


def test_more_rows_adds_empty_session_rows_without_saving(client, people):
    client.force_login(people.coordinator)

    response = client.post(NEW, _form() | {"more_rows": "1"})

    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 7
    assert not Offering.objects.exists()


def test_the_edit_page_shows_the_sessions_and_the_host_district(client, people, django_assert_max_num_queries):
    offering = OfferingFactory(
        host_district=people.district_a,
        sessions=[(datetime.date(2026, 11, 7), 9, 15), (datetime.date(2026, 11, 14), 9, 15)],
    )
    client.force_login(people.coordinator)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("workshops:offering-edit", args=[offering.pk]))

    assert response.context["formset"].total_form_count() == 4
    assert 'value="Alder District (A-1)"' in response.text
    assert 'value="2026-11-14"' in response.text or 'value="11/14/2026"' in response.text


def test_fewer_seats_than_are_confirmed_is_refused_on_the_page(client, people):
    offering = OfferingFactory(seat_capacity=20)
    for number in range(6):
        register(offering, f"Parent {number}a", f"Parent {number}b")
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-edit", args=[offering.pk]), _edit_form(offering, seat_capacity="5")
    )

    assert response.status_code == 200
    assert "12 seats are already confirmed" in response.text
    offering.refresh_from_db()
    assert offering.seat_capacity == 20


def test_more_seats_confirm_waiting_families_and_say_so(client, people):
    offering = OfferingFactory(seat_capacity=1)
    register(offering)
    waiting = register(offering)
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-edit", args=[offering.pk]), _edit_form(offering, seat_capacity="2"), follow=True
    )

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert "1 waiting registration was confirmed and told." in response.text


def test_an_edit_made_meanwhile_is_shown_not_overwritten(client, people):
    offering = OfferingFactory(title="First title")
    opened = _edit_form(offering, title="My title")
    client.force_login(people.coordinator)
    client.post(reverse("workshops:offering-edit", args=[offering.pk]), _edit_form(offering, title="Their title"))

    response = client.post(reverse("workshops:offering-edit", args=[offering.pk]), opened)

    assert response.status_code == 200
    assert "Someone else saved this" in response.text or "You saved this in another tab" in response.text
    offering.refresh_from_db()
    assert offering.title == "Their title"


def test_a_cancelled_offering_cannot_be_edited(client, people):
    offering = OfferingFactory(status=OfferingStatus.CANCELLED)
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:offering-edit", args=[offering.pk]))

    assert response.status_code == 302


def test_a_copy_is_made_as_a_draft_and_opened_for_editing(client, people):
    offering = OfferingFactory(title="Parent Leadership 101, fall", sessions=[(datetime.date(2026, 11, 7), 9, 15)])
    register(offering)
    client.force_login(people.coordinator)

    page = client.get(reverse("workshops:offering-copy", args=[offering.pk]))
    response = client.post(
        reverse("workshops:offering-copy", args=[offering.pk]),
        {
            "first_day": "2027-11-06",
            "title": "Parent Leadership 101, next fall",
            "once": page.context["form"]["once"].value(),
        },
    )

    copy = Offering.objects.get(title="Parent Leadership 101, next fall")
    assert "Saturday" in page.text
    assert response.headers["Location"] == reverse("workshops:offering-edit", args=[copy.pk])
    assert copy.status == OfferingStatus.DRAFT
    assert copy.first_starts_at.astimezone(CHICAGO) == datetime.datetime(2027, 11, 6, 9, tzinfo=CHICAGO)
    assert not copy.registrations.exists()


def test_a_copy_to_another_weekday_says_which_weekday(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15)])
    client.force_login(people.coordinator)

    response = client.post(reverse("workshops:offering-copy", args=[offering.pk]), {"first_day": "2027-11-08"})

    assert response.status_code == 200
    assert "choose a Saturday" in response.text
    assert Offering.objects.count() == 1


def test_cancelling_asks_why_then_cancels_everyone(client, people):
    offering = OfferingFactory(seat_capacity=1)
    confirmed, waiting = register(offering), register(offering)
    client.force_login(people.coordinator)
    url = reverse("workshops:offering-cancel", args=[offering.pk])

    page = client.get(url)
    without_reason = client.post(url, {"reason": ""})
    response = client.post(url, {"reason": "The school is closed for repairs."}, follow=True)

    assert "2 registrations, confirmed or waiting, will be cancelled" in page.text
    assert without_reason.status_code == 200
    assert "This field is required." in without_reason.text
    assert "2 registrations were cancelled and their families told." in response.text
    for registration in (confirmed, waiting):
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CANCELLED


def test_the_edit_page_offers_to_remove_each_saved_session(client, people):
    offering = OfferingFactory()
    client.force_login(people.coordinator)

    response = client.get(reverse("workshops:offering-edit", args=[offering.pk]))

    assert "Remove this session" in response.text
    assert 'name="sessions-0-DELETE"' in response.text


def test_a_session_ticked_remove_this_session_is_removed_and_the_dates_follow(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15), (datetime.date(2026, 11, 14), 9, 12)])
    _first, second = offering.sessions.order_by("starts_at")
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-edit", args=[offering.pk]), _edit_form(offering) | {"sessions-0-DELETE": "on"}
    )

    assert response.status_code == 302
    assert list(offering.sessions.all()) == [second]
    offering.refresh_from_db()
    assert offering.first_starts_at == datetime.datetime(2026, 11, 14, 9, tzinfo=CHICAGO)
    assert offering.last_ends_at == datetime.datetime(2026, 11, 14, 12, tzinfo=CHICAGO)


def test_removing_a_session_where_attendance_was_taken_is_refused_on_the_page(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 10, 10), 9, 15), (datetime.date(2026, 11, 14), 9, 15)])
    taken = offering.sessions.order_by("starts_at").first()
    Attendance.objects.create(attendee=register(offering).attendees.get(), session=taken)
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-edit", args=[offering.pk]),
        _edit_form(offering, title="Renamed") | {"sessions-0-DELETE": "on"},
    )

    assert response.status_code == 200
    assert "Attendance was taken at the session of" in response.text
    assert 'id="error-summary"' in response.text
    assert offering.sessions.count() == 2
    offering.refresh_from_db()
    assert offering.title != "Renamed"  # nothing half-saved


def test_more_rows_on_the_edit_page_keeps_what_was_typed_without_saving(client, people):
    offering = OfferingFactory(title="First title")
    client.force_login(people.coordinator)

    response = client.post(
        reverse("workshops:offering-edit", args=[offering.pk]),
        _edit_form(offering, title="Typed title") | {"more_rows": "1"},
    )

    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 1 + 2 + 4  # the saved one, two empty, four more
    assert 'value="Typed title"' in response.text
    offering.refresh_from_db()
    assert offering.title == "First title"
