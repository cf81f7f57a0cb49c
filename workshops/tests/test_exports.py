"""The CSV exports of an offering: registrations and attendees, exact columns, counted by the database."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from pep.models import Language
from workshops.models import Attendance, Attendee, RegistrantRole
from workshops.services.seats import attendee_cancel
from workshops.tests.factories import OfferingFactory, register

REGISTRATION_COLUMNS = (
    "registration_id,status,created_at,contact_name,contact_email,contact_phone,role,district_code,"
    "school_code,attendees,interpretation_language,childcare_children,accommodations"
)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _registrations_csv(client, offering):
    return client.get(reverse("workshops:offering-registrations-csv", args=[offering.pk]))


def _attendees_csv(client, offering):
    return client.get(reverse("workshops:offering-attendees-csv", args=[offering.pk]))


def test_the_registrations_csv_has_exactly_the_agreed_columns(client, people):
    offering = OfferingFactory(seat_capacity=2, childcare_offered=True, childcare_capacity=5)
    family = register(
        offering,
        "Ana Pérez",
        "Luis Pérez",
        "Eva Pérez",
        contact_email="ana@example.org",
        contact_phone="+12175550123",
        district=people.district_a,
        school=people.school_a,
        interpretation_language=Language.objects.get(code="es"),
        childcare_children=2,
        accommodations="Large print",
    )
    attendee_cancel(attendee=family.attendees.order_by("pk").last())
    client.force_login(people.coordinator)

    response = _registrations_csv(client, offering)

    assert response["Content-Type"].startswith("text/csv")
    assert f"offering-{offering.pk}-registrations.csv" in response["Content-Disposition"]
    header, row = _rows(response)
    assert ",".join(header) == REGISTRATION_COLUMNS
    record = dict(zip(header, row, strict=True))
    assert record == {
        "registration_id": str(family.pk),
        "status": "confirmed",
        "created_at": record["created_at"],
        "contact_name": "Ana Pérez",
        "contact_email": "ana@example.org",
        "contact_phone": "+12175550123",
        "role": "parent",
        "district_code": "A-1",
        "school_code": people.school_a.code,
        "attendees": "2",  # the one who cancelled is not counted
        "interpretation_language": "es",
        "childcare_children": "2",
        "accommodations": "Large print",
    }
    assert datetime.datetime.fromisoformat(record["created_at"]).utcoffset() is not None


def test_text_a_spreadsheet_would_run_is_neutralised(client, people):
    offering = OfferingFactory()
    register(offering, '=HYPERLINK("http://evil.example")', accommodations="+1 wheelchair")
    client.force_login(people.coordinator)

    header, row = _rows(_registrations_csv(client, offering))
    record = dict(zip(header, row, strict=True))

    assert record["contact_name"].startswith("'=")
    assert record["accommodations"] == "'+1 wheelchair"


def test_the_attendees_csv_has_one_row_per_person_with_sessions_attended(client, people):
    offering = OfferingFactory(
        seat_capacity=1,
        sessions=[(datetime.date(2026, 10, 10), 9, 12), (datetime.date(2026, 10, 17), 9, 12)],
    )
    confirmed = register(offering, "Ana")
    waiting = register(offering, "Bea", "Cruz")
    walk_in = Attendee.objects.create(
        offering=offering, name="Dora Walk-in", role=RegistrantRole.TEACHER, is_walk_in=True
    )
    first, second = offering.sessions.order_by("starts_at")
    ana = confirmed.attendees.get()
    Attendance.objects.create(attendee=ana, session=first)
    Attendance.objects.create(attendee=ana, session=second)
    Attendance.objects.create(attendee=walk_in, session=first)
    attendee_cancel(attendee=waiting.attendees.get(name="Cruz"))
    client.force_login(people.coordinator)

    header, *rows = _rows(_attendees_csv(client, offering))

    assert header == [
        "registration_id",
        "registration_status",
        "attendee_id",
        "attendee_name",
        "attendee_role",
        "walk_in",
        "cancelled",
        "sessions_attended",
    ]
    records = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(records) == {"Ana", "Bea", "Cruz", "Dora Walk-in"}
    assert records["Ana"]["sessions_attended"] == "2"
    assert records["Ana"]["registration_status"] == "confirmed"
    assert records["Bea"]["registration_status"] == "waiting"
    assert records["Cruz"]["cancelled"] == "yes"
    assert records["Dora Walk-in"] == {
        "registration_id": "",
        "registration_status": "walk_in",
        "attendee_id": str(walk_in.pk),
        "attendee_name": "Dora Walk-in",
        "attendee_role": "teacher",
        "walk_in": "yes",
        "cancelled": "no",
        "sessions_attended": "1",
    }


@pytest.mark.parametrize("families", [2, 60])
def test_the_exports_run_the_same_queries_for_few_or_many_rows(client, people, django_assert_max_num_queries, families):
    offering = OfferingFactory(seat_capacity=500)
    for number in range(families):
        register(offering, f"Parent {number}", f"Partner {number}")
    client.force_login(people.coordinator)

    # session, user, memberships, the offering, the rows
    with django_assert_max_num_queries(5):
        registrations = _registrations_csv(client, offering)
    with django_assert_max_num_queries(5):
        attendees = _attendees_csv(client, offering)

    assert len(_rows(registrations)) == families + 1
    assert len(_rows(attendees)) == 2 * families + 1


@pytest.mark.parametrize("role", ["leader_a", "team_a", "parent_a"])
def test_only_coordinators_export(client, people, role):
    offering = OfferingFactory(host_district=people.district_a)
    register(offering)
    client.force_login(getattr(people, role))

    assert _registrations_csv(client, offering).status_code == 403
    assert _attendees_csv(client, offering).status_code == 403


def test_visitors_are_sent_to_log_in(client, db):
    offering = OfferingFactory()

    response = _registrations_csv(client, offering)

    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]
