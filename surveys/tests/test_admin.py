"""Surveys in the admin: instruments read-only (and kept once used), cycles saved through the service, and
invitations and responses that never show a name beside an answer."""

import pytest
from django.urls import reverse

from pep.models import AuditEntry
from surveys.models import ChildCount, Instrument, SurveyCycle
from surveys.tests.factories import CycleFactory, InvitationFactory, answer, make_instrument


@pytest.fixture
def coordinator(client, people):
    client.force_login(people.coordinator)
    return client


def _url(name: str, *args) -> str:
    return reverse(f"admin:surveys_{name}", args=args)


def test_an_instrument_a_cycle_uses_can_be_read_but_not_changed_or_deleted(coordinator):
    cycle = CycleFactory()
    instrument = cycle.instrument

    page = coordinator.get(_url("instrument_change", instrument.pk))
    changed = coordinator.post(_url("instrument_change", instrument.pk), {"name_en": "Renamed"})
    delete_page = coordinator.get(_url("instrument_delete", instrument.pk))
    deleted = coordinator.post(_url("instrument_delete", instrument.pk), {"post": "yes"})

    assert page.status_code == 200
    assert "Statement 1." in page.text  # the items, shown with it
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert (changed.status_code, delete_page.status_code, deleted.status_code) == (403, 403, 403)
    instrument.refresh_from_db()
    assert instrument.name_en.startswith("Test survey")
    assert instrument.items.count() == 4


def test_an_instrument_no_cycle_uses_may_be_deleted(coordinator):
    instrument = make_instrument()

    page = coordinator.get(_url("instrument_change", instrument.pk))
    coordinator.post(_url("instrument_delete", instrument.pk), {"post": "yes"})

    assert page.context["has_delete_permission"]
    assert not page.context["has_change_permission"]  # a correction is a corrected file, loaded again
    assert not Instrument.objects.filter(pk=instrument.pk).exists()
    assert AuditEntry.objects.filter(action="survey.instrument.delete").exists()


def test_instruments_are_not_added_in_the_admin(coordinator):
    assert coordinator.get(_url("instrument_add")).status_code == 403


def test_instruments_are_not_deleted_in_bulk(coordinator):
    make_instrument()

    response = coordinator.get(_url("instrument_changelist"))

    assert "delete_selected" not in response.text


def _cycle_form(cycle_or_instrument, year, **changes) -> dict:
    instrument = getattr(cycle_or_instrument, "instrument", cycle_or_instrument)
    return {
        "instrument": instrument.pk,
        "school_year": year.pk,
        "slug": "admin-cycle",
        "opens_on": "2027-02-01",
        "closes_on": "2027-04-30",
        "target": "73.0",
        "min_cell": "10",
        "representativeness_pp": "3.0",
        "reminder_days": "7",
        **changes,
    }


def test_a_cycle_added_in_the_admin_goes_through_the_service(coordinator, people):
    year = CycleFactory().school_year
    instrument = make_instrument()

    response = coordinator.post(_url("surveycycle_add"), _cycle_form(instrument, year), follow=True)

    cycle = SurveyCycle.objects.get(slug="admin-cycle")
    assert response.status_code == 200
    assert cycle.instrument == instrument
    assert AuditEntry.objects.filter(action="survey.cycle.create", actor=people.coordinator).exists()


def test_the_admin_refuses_what_the_cycle_pages_refuse(coordinator):
    year = CycleFactory().school_year

    response = coordinator.post(_url("surveycycle_add"), _cycle_form(make_instrument(), year, slug="new"))

    assert response.status_code == 200
    assert "“new” names a page; choose another slug." in response.text
    assert not SurveyCycle.objects.filter(slug="new").exists()


def test_a_cycle_with_invitations_keeps_its_instrument_and_is_never_deleted(coordinator, people):
    cycle = CycleFactory()
    InvitationFactory(cycle=cycle, district=people.district_a)
    other = make_instrument()

    page = coordinator.get(_url("surveycycle_change", cycle.pk))
    coordinator.post(
        _url("surveycycle_change", cycle.pk),
        _cycle_form(other, cycle.school_year, slug=cycle.slug, opens_on="2026-10-01", closes_on="2026-12-15"),
    )
    deleted = coordinator.post(_url("surveycycle_delete", cycle.pk), {"post": "yes"})

    assert "instrument" not in page.context["adminform"].form.fields
    cycle.refresh_from_db()
    assert cycle.instrument != other
    assert str(cycle.closes_on) == "2026-12-15"
    assert deleted.status_code == 403
    assert AuditEntry.objects.filter(action="survey.cycle.update").exists()


def test_the_invitation_page_shows_who_was_asked_but_never_what_they_answered(coordinator, people):
    invitation = InvitationFactory(cycle=CycleFactory(), district=people.district_a, parent_name="Rosa Quintero")
    answer(invitation, [6, 5, 1, 2])

    page = coordinator.get(_url("invitation_change", invitation.pk))

    assert "Rosa Quintero" in page.text
    assert invitation.paper_code in page.text
    assert invitation.code not in page.text  # the web code would let anyone answer in the parent's place
    assert "answers" not in page.context["adminform"].form.fields
    assert "[6, 5, 1, 2]" not in page.text
    assert "counts as yes" not in page.text.lower()


def test_a_coordinator_corrects_an_invitations_contact_details_only(coordinator, people):
    invitation = InvitationFactory(cycle=CycleFactory(), district=people.district_a, parent_email="old@example.org")

    coordinator.post(
        _url("invitation_change", invitation.pk),
        {
            "parent_name": "Rosa Quintero",
            "parent_email": "rosa@example.org",
            "parent_phone": "",
            "mailing_address": "",
            "language": "es",
            "student_ref": "CHANGED",
        },
    )

    invitation.refresh_from_db()
    assert (invitation.parent_email, invitation.language) == ("rosa@example.org", "es")
    assert invitation.student_ref != "CHANGED"
    assert AuditEntry.objects.filter(action="survey.invitation.update").exists()


def test_invitations_are_neither_added_nor_deleted_in_the_admin(coordinator, people):
    invitation = InvitationFactory(cycle=CycleFactory(), district=people.district_a)

    assert coordinator.get(_url("invitation_add")).status_code == 403
    assert coordinator.get(_url("invitation_delete", invitation.pk)).status_code == 403


def test_the_response_page_shows_answers_and_nothing_that_leads_to_who_answered(coordinator, people):
    invitation = InvitationFactory(
        cycle=CycleFactory(), district=people.district_a, parent_name="Rosa Quintero", student_ref="STU-777"
    )
    response = answer(invitation, [6, 5, 1, 2])

    page = coordinator.get(_url("response_change", response.pk))
    changelist = coordinator.get(_url("response_changelist"))

    assert "[6, 5, 1, 2]" in page.text
    for text in (page.text, changelist.text):
        assert "Rosa Quintero" not in text
        assert "STU-777" not in text
        assert invitation.paper_code not in text
        assert invitation.parent_email not in text
        assert _url("invitation_change", invitation.pk) not in text
    assert not page.context["has_change_permission"]


def test_responses_are_neither_added_changed_nor_deleted_in_the_admin(coordinator, people):
    response = answer(InvitationFactory(cycle=CycleFactory(), district=people.district_a), [6, 5, 1, 2])

    changed = coordinator.post(_url("response_change", response.pk), {"answers": "[1, 1, 1, 1]"})

    assert coordinator.get(_url("response_add")).status_code == 403
    assert coordinator.get(_url("response_delete", response.pk)).status_code == 403
    assert changed.status_code == 403
    response.refresh_from_db()
    assert response.answers == [6, 5, 1, 2]


def test_child_counts_are_read_in_the_admin(coordinator, people):
    year = CycleFactory().school_year
    count = ChildCount.objects.create(
        school_year=year, district=people.district_a, dimension="gender", category="F", count=40
    )

    listing = coordinator.get(_url("childcount_changelist"))
    changed = coordinator.post(_url("childcount_change", count.pk), {"count": "41"})

    assert "Alder District" in listing.text
    assert changed.status_code == 403
    assert coordinator.get(_url("childcount_add")).status_code == 403
    count.refresh_from_db()
    assert count.count == 40
