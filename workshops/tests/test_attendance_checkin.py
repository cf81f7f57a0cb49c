"""Check-in: marking present is idempotent, walk-ins are added once, the page works without JavaScript,
is for coordinators only and costs the same number of queries however many people are on it."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pep.edit_checks import AlreadySaved
from pep.refusals import Refused
from workshops.calendar import registration_ics
from workshops.models import Attendance, Attendee, OfferingStatus
from workshops.services.attendance import attendance_mark, walk_in_add
from workshops.services.seats import attendee_cancel
from workshops.tests.factories import OfferingFactory, register

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 15)  # the pinned clock's day


@pytest.fixture
def session():
    offering = OfferingFactory(title="Parent College, October", sessions=[(TODAY, 9, 12)], seat_capacity=200)
    return offering.sessions.get()


def _checkin(session, **query) -> str:
    url = reverse("workshops:session-checkin", args=[session.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _mark(client, session, attendee, present=True, **extra):
    data = {"action": "mark", "attendee": attendee.pk, "present": "1" if present else "0", **extra}
    return client.post(_checkin(session), data)


def _present(session) -> list[str]:
    return sorted(Attendance.objects.filter(session=session).values_list("attendee__name", flat=True))


# --- services


def test_marking_twice_keeps_one_attendance(people, session):
    attendee = register(session.offering, "Ana Twice").attendees.get()

    attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)
    attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)

    assert _present(session) == ["Ana Twice"]


def test_the_database_refuses_a_second_attendance_row_for_the_same_session(people, session):
    attendee = register(session.offering, "Ana Row").attendees.get()
    Attendance.objects.create(session=session, attendee=attendee)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=session, attendee=attendee)


def test_undoing_present_removes_the_mark_and_undoing_again_does_nothing(people, session):
    attendee = register(session.offering, "Ana Undo").attendees.get()
    attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)

    attendance_mark(session=session, attendee=attendee, present=False, actor=people.coordinator)
    attendance_mark(session=session, attendee=attendee, present=False, actor=people.coordinator)

    assert _present(session) == []


def test_only_coordinators_take_attendance(people, session):
    attendee = register(session.offering, "Ana Guarded").attendees.get()

    with pytest.raises(Refused):
        attendance_mark(session=session, attendee=attendee, present=True, actor=people.leader_a)
    assert _present(session) == []


def test_attendance_waits_for_the_day_of_the_session(people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    attendee = register(offering, "Ana Future").attendees.get()

    with pytest.raises(Refused, match="day of the session"):
        attendance_mark(session=offering.sessions.get(), attendee=attendee, present=True, actor=people.coordinator)


def test_a_cancelled_offering_takes_no_attendance(people, session):
    attendee = register(session.offering, "Ana Cancelled").attendees.get()
    session.offering.status = OfferingStatus.CANCELLED
    session.offering.save()

    with pytest.raises(Refused, match="cancelled"):
        attendance_mark(session=session, attendee=attendee, present=True, actor=people.coordinator)


def test_someone_of_another_offering_cannot_be_marked_here(people, session):
    stranger = register(OfferingFactory(sessions=[(TODAY, 9, 12)]), "Ana Elsewhere").attendees.get()

    with pytest.raises(Refused):
        attendance_mark(session=session, attendee=stranger, present=True, actor=people.coordinator)


def test_a_walk_in_is_added_and_marked_present_once_however_often_the_form_is_sent(people, session):
    once = uuid.uuid4()
    walk_in_add(session=session, name="  Rosa   Walk-in ", role="teacher", actor=people.coordinator, once=once)

    with pytest.raises(AlreadySaved):
        walk_in_add(session=session, name="Rosa Walk-in", role="teacher", actor=people.coordinator, once=once)

    walk_in = Attendee.objects.get(offering=session.offering)
    assert (walk_in.name, walk_in.role, walk_in.is_walk_in, walk_in.registration) == (
        "Rosa Walk-in",
        "teacher",
        True,
        None,
    )
    assert _present(session) == ["Rosa Walk-in"]


@pytest.mark.parametrize(("name", "role"), [("", "parent"), ("   ", "parent"), ("x" * 151, "parent"), ("Ok", "king")])
def test_a_walk_in_without_a_name_or_role_is_refused(people, session, name, role):
    with pytest.raises(Refused):
        walk_in_add(session=session, name=name, role=role, actor=people.coordinator)
    assert not Attendee.objects.exists()


# --- the page


def test_the_page_lists_confirmed_people_by_registration_with_the_counts(client, people, session):
    register(session.offering, "Ana Pérez", "Luis Pérez")
    family = register(session.offering, "Marta Gómez", "Pablo Gómez")
    attendee_cancel(attendee=family.attendees.get(name="Pablo Gómez"))
    attendance_mark(
        session=session,
        attendee=Attendee.objects.get(name="Ana Pérez"),
        present=True,
        actor=people.coordinator,
    )
    client.force_login(people.coordinator)

    page = client.get(_checkin(session))

    text = " ".join(page.text.split())
    assert "Registered by Ana Pérez" in text and "Registered by Marta Gómez" in text
    assert "Luis Pérez" in text and "Pablo Gómez" not in text
    assert "<strong>1</strong> present · <strong>3</strong> expected" in text
    assert 'aria-label="Undo present: Ana Pérez"' in text


def test_the_present_button_works_without_javascript_and_a_double_click_counts_once(client, people, session):
    luis = register(session.offering, "Ana Pérez", "Luis Pérez").attendees.get(name="Luis Pérez")
    client.force_login(people.coordinator)

    first = _mark(client, session, luis, q="Luis")
    _mark(client, session, luis, q="Luis")

    assert first.status_code == 302
    assert first["Location"] == _checkin(session, q="Luis") + f"#attendee-{luis.pk}"
    assert _present(session) == ["Luis Pérez"]
    page = client.get(first["Location"])
    assert "Luis Pérez is marked present." in page.text
    assert "<strong>1</strong> present" in page.text


def test_undo_present_from_the_page(client, people, session):
    ana = register(session.offering, "Ana Pérez").attendees.get()
    client.force_login(people.coordinator)
    _mark(client, session, ana)

    _mark(client, session, ana, present=False)

    assert _present(session) == []


def test_adding_a_walk_in_from_the_page(client, people, session):
    client.force_login(people.coordinator)
    data = {"action": "walk-in", "walk-in-name": "Rosa Nueva", "walk-in-role": "parent", "once": str(uuid.uuid4())}

    response = client.post(_checkin(session), data)
    again = client.post(_checkin(session), data)  # sent twice

    assert response.status_code == 302
    assert again["Location"] == _checkin(session)
    assert _present(session) == ["Rosa Nueva"]
    page = client.get(response["Location"])
    assert "Walk-ins" in page.text and "Rosa Nueva" in page.text
    assert "1 walk-in" in page.text


def test_a_walk_in_without_a_name_shows_the_error_next_to_the_form(client, people, session):
    client.force_login(people.coordinator)

    page = client.post(_checkin(session), {"action": "walk-in", "walk-in-name": "", "walk-in-role": "parent"})

    assert page.status_code == 200
    assert 'href="#id_walk-in-name"' in page.text
    assert not Attendee.objects.exists()


@pytest.mark.parametrize("attendee", ["", "abc", "999999", "1e9"])
def test_a_mark_for_nobody_known_says_so_and_never_fails(client, people, session, attendee):
    client.force_login(people.coordinator)

    response = client.post(_checkin(session), {"action": "mark", "attendee": attendee, "present": "1"}, follow=True)

    assert response.status_code == 200
    assert "not on this offering" in response.text


def test_searching_by_name_keeps_the_matching_people(client, people, session):
    register(session.offering, "Ana Pérez", "Luis Pérez")
    register(session.offering, "Marta Gómez")
    client.force_login(people.coordinator)

    page = client.get(_checkin(session, q="marta"))

    assert "Marta Gómez" in page.text and "Luis Pérez" not in page.text
    assert "Show everyone" in page.text


def test_a_session_on_another_day_shows_why_nobody_can_be_marked(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 12)])
    register(offering, "Ana Later")
    client.force_login(people.coordinator)

    page = client.get(_checkin(offering.sessions.get()))

    assert "Attendance can be taken from the day of the session." in page.text
    assert "disabled" in page.text


def test_the_page_and_the_calendar_name_the_same_place_with_the_room_only_at_the_usual_place(client, people):
    offering = OfferingFactory(sessions=[(TODAY, 9, 12), (TODAY, 13, 15), (TODAY, 16, 17)], room="Library")
    usual, own_address, own_place = offering.sessions.order_by("starts_at")
    own_address.address = "5 Oak Street"
    own_address.save()
    own_place.place_name = "Springfield Public Library"
    own_place.save()
    client.force_login(people.coordinator)

    places = [session.where() for session in (usual, own_address, own_place)]

    assert places == [
        "Lincoln Elementary School, 100 Main Street, Springfield, Library",
        "Lincoln Elementary School, 5 Oak Street",
        "Springfield Public Library, 100 Main Street, Springfield",
    ]
    calendar = registration_ics(register(offering)).replace("\r\n ", "").replace("\\,", ",")
    for session, place in zip((usual, own_address, own_place), places, strict=True):
        assert place in client.get(_checkin(session)).text
        assert f"LOCATION:{place}\r\n" in calendar


@pytest.mark.parametrize("user", ["leader_a", "team_a", "parent_a", "nobody"])
def test_only_coordinators_open_the_check_in(client, people, session, user):
    attendee = register(session.offering, "Ana Guarded").attendees.get()
    client.force_login(getattr(people, user))

    assert client.get(_checkin(session)).status_code == 403
    assert _mark(client, session, attendee).status_code == 403
    assert _present(session) == []


def test_the_page_costs_the_same_queries_for_many_people(client, people, session, django_assert_max_num_queries):
    client.force_login(people.coordinator)
    register(session.offering, "Only One")
    client.get(_checkin(session))
    with django_assert_max_num_queries(12) as few:
        client.get(_checkin(session))
    for number in range(40):
        registration = register(session.offering, f"Parent {number}", f"Partner {number}")
        attendance_mark(
            session=session, attendee=registration.attendees.first(), present=True, actor=people.coordinator
        )
    walk_in_add(session=session, name="Rosa Walk-in", role="parent", actor=people.coordinator)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_checkin(session))

    assert "<strong>41</strong> present · <strong>81</strong> expected" in page.text
    assert "Page 1 of 1" not in page.text and "Parent 39" in page.text
