"""What coordinators do in the admin beyond plain editing."""

from django.urls import reverse

from pep.models import AuditEntry, SchoolYear
from pep.tests.factories import SchoolYearFactory


def test_a_coordinator_makes_next_year_current_in_one_step(client, people):
    this_year = SchoolYearFactory(first_year=2026, is_current=True)
    next_year = SchoolYearFactory(first_year=2027)
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:pep_schoolyear_changelist"),
        {"action": "make_current", "_selected_action": [next_year.pk]},
        follow=True,
    )

    assert "2027-28 is now the current school year" in response.text
    assert SchoolYear.objects.current() == next_year
    this_year.refresh_from_db()
    assert not this_year.is_current
    assert AuditEntry.objects.filter(action="school_year.make_current", actor=people.coordinator).exists()


def test_making_two_years_current_at_once_is_refused(client, people):
    years = [SchoolYearFactory(first_year=2026, is_current=True), SchoolYearFactory(first_year=2027)]
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:pep_schoolyear_changelist"),
        {"action": "make_current", "_selected_action": [year.pk for year in years]},
        follow=True,
    )

    assert "Select exactly one school year." in response.text
    assert SchoolYear.objects.current() == years[0]


def test_a_membership_with_the_wrong_scope_is_refused_with_a_message(client, people):
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:pep_membership_add"),
        {
            "user": people.nobody.pk,
            "role": "district_leader",
            "school": people.school_a.pk,
            "created_at_0": "2026-11-22",
            "created_at_1": "10:00",
        },
    )

    assert response.status_code == 200
    assert "A district leader needs a district, and no school." in response.text


def test_a_coordinator_who_is_not_staff_reaches_the_admin_through_the_site_login(client, people, password):
    assert not people.coordinator.is_staff

    response = client.get(reverse("admin:index"), follow=True)
    login_page = response.redirect_chain[-1][0]
    assert login_page.startswith(reverse("login"))
    response = client.post(login_page, {"username": "coordinator", "password": password}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "PEP administration" in response.text


def test_granting_and_revoking_a_role_in_the_admin_is_audited(client, people):
    client.force_login(people.coordinator)

    client.post(
        reverse("admin:pep_membership_add"),
        {
            "user": people.nobody.pk,
            "role": "district_leader",
            "district": people.district_a.pk,
            "created_at_0": "2026-11-22",
            "created_at_1": "10:00",
        },
    )
    membership = people.nobody.memberships.get()
    client.post(reverse("admin:pep_membership_delete", args=[membership.pk]), {"post": "yes"})

    entries = AuditEntry.objects.filter(district=people.district_a).order_by("at")
    assert [entry.action for entry in entries] == ["membership.grant", "membership.revoke"]
    assert all(entry.actor == people.coordinator for entry in entries)
    assert not people.nobody.memberships.exists()


def test_a_coordinator_cannot_make_anyone_a_superuser(client, people):
    client.force_login(people.coordinator)

    response = client.get(reverse("admin:auth_user_change", args=[people.nobody.pk]))

    assert 'name="is_superuser"' not in response.text
    assert 'name="is_active"' in response.text


def test_a_duplicate_role_is_refused_with_a_readable_message(client, people):
    client.force_login(people.coordinator)

    response = client.post(
        reverse("admin:pep_membership_add"),
        {
            "user": people.leader_a.pk,
            "role": "district_leader",
            "district": people.district_a.pk,
            "created_at_0": "2026-11-22",
            "created_at_1": "10:00",
        },
    )

    assert "This person already leads this district." in response.text
