"""An offering changed in the admin: audited like the offering's own pages, its stored dates in step."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from pep.models import AuditEntry
from workshops.tests.factories import OfferingFactory

CHICAGO = ZoneInfo("America/Chicago")


def _split(moment: datetime.datetime, name: str) -> dict:
    local = moment.astimezone(CHICAGO)
    return {f"{name}_0": local.date().isoformat(), f"{name}_1": local.strftime("%H:%M:%S")}


def _change_form(offering, sessions, **changes) -> dict:
    """What the admin's change page sends for `offering`, with its sessions' rows as `sessions`
    ([(session or None, starts_at, ends_at)])."""
    data = {
        "program": str(offering.program_id),
        "title": offering.title,
        "host_district": "",
        "language": str(offering.language_id),
        "place_name": offering.place_name,
        "address": offering.address,
        "room": "",
        "accessibility_notes": "",
        "online_link": "",
        "childcare_ages": "",
        "sessions_required": "",
        **_split(offering.registration_opens_at, "registration_opens_at"),
        **_split(offering.registration_closes_at, "registration_closes_at"),
        "sessions-TOTAL_FORMS": str(len(sessions)),
        "sessions-INITIAL_FORMS": str(sum(1 for session, _, _ in sessions if session is not None)),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, (session, starts_at, ends_at) in enumerate(sessions):
        data.update(
            {
                f"sessions-{index}-id": str(session.pk) if session else "",
                f"sessions-{index}-offering": str(offering.pk),
                **_split(starts_at, f"sessions-{index}-starts_at"),
                **_split(ends_at, f"sessions-{index}-ends_at"),
                f"sessions-{index}-title": "",
                f"sessions-{index}-place_name": "",
                f"sessions-{index}-address": "",
            }
        )
    data.update(changes)
    return data


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CHICAGO)


def test_a_change_in_the_admin_is_audited_and_noticed_by_an_edit_open_elsewhere(client, people):
    offering = OfferingFactory(title="Old title")
    session = offering.sessions.get()
    version = offering.version
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:workshops_offering_change", args=[offering.pk]),
        _change_form(offering, [(session, session.starts_at, session.ends_at)], title="New title"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    offering.refresh_from_db()
    assert offering.title == "New title"
    assert offering.version == version + 1
    entry = AuditEntry.objects.get(action="offering.update")
    assert entry.actor == people.coordinator
    assert entry.details == {"offering": offering.pk, "changed": ["title"], "in": "admin"}


def test_sessions_changed_in_the_admin_keep_the_first_and_last_dates_in_step(client, people):
    offering = OfferingFactory(sessions=[(datetime.date(2026, 11, 7), 9, 15)])
    session = offering.sessions.get()
    client.force_login(people.coordinator)
    sessions = [
        (session, _at(datetime.date(2026, 11, 21), 10), _at(datetime.date(2026, 11, 21), 12)),
        (None, _at(datetime.date(2026, 12, 5), 9), _at(datetime.date(2026, 12, 5), 13)),
    ]

    response = client.post(
        reverse("admin:workshops_offering_change", args=[offering.pk]), _change_form(offering, sessions)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    offering.refresh_from_db()
    assert offering.sessions.count() == 2
    assert offering.first_starts_at == _at(datetime.date(2026, 11, 21), 10)
    assert offering.last_ends_at == _at(datetime.date(2026, 12, 5), 13)
