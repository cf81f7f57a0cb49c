"""People pages: a district's people, inviting, ending a role, and the public page behind the email's link."""

import datetime
import logging
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import TESTS_TODAY
from pep import people as services
from pep.models import AuditEntry, Invitation, Membership, Role
from pep.tests.factories import SchoolFactory, school_member

NEW_PASSWORD = "maple-river-lantern-42"


def _invite(client, data, mailoutbox, query=""):
    values = {"name": "Nora Nuevo", "email": "nora@example.org", "role": Role.SCHOOL_TEAM, "language": "en"}
    values.update(data)
    return client.post(reverse("invitation-new") + query, values)


def _token(mail) -> str:
    return re.search(r"/accounts/invitation/([^/\s]+)/", mail.body).group(1)


def test_a_coordinator_invites_a_team_member_from_the_district_page(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.coordinator)
    form = client.get(reverse("invitation-new") + f"?district={people.district_a.pk}")
    assert people.school_a.name in form.text and people.school_b.name not in form.text
    assert 'value="Alder District (A-1)"' in form.text  # the type-ahead field, filled in

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, {"district": "Alder District (A-1)", "school": people.school_a.pk}, mailoutbox)

    assert response.status_code == 302 and response["Location"] == reverse(
        "district-people", args=[people.district_a.pk]
    )
    assert len(mailoutbox) == 1
    page = client.get(response["Location"])
    assert "Nora Nuevo" in page.text and "nora@example.org" in page.text


def test_the_school_list_holds_only_the_typed_districts_schools(client, people, mailoutbox):
    client.force_login(people.coordinator)

    response = _invite(client, {"district": "Birch District (B-2)", "school": people.school_a.pk}, mailoutbox)

    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert people.school_b.name in response.text and people.school_a.name not in response.text


def test_a_leader_cannot_invite_into_another_districts_school(client, people, mailoutbox):
    client.force_login(people.leader_a)

    response = _invite(client, {"school": people.school_b.pk}, mailoutbox)
    other = client.get(reverse("invitation-new") + f"?district={people.district_b.pk}")

    assert response.status_code == 200 and not Invitation.objects.exists()
    assert other.status_code == 404
    assert people.school_b.name not in client.get(reverse("invitation-new")).text


def test_a_leader_is_not_offered_the_leading_roles(client, people, mailoutbox):
    client.force_login(people.leader_a)

    page = client.get(reverse("invitation-new"))
    response = _invite(client, {"role": Role.DISTRICT_LEADER}, mailoutbox)

    assert 'value="district_leader"' not in page.text and 'value="coordinator"' not in page.text
    assert response.status_code == 200 and not Invitation.objects.exists()


def test_another_districts_people_page_is_not_found_for_a_leader(client, people):
    client.force_login(people.leader_a)

    assert client.get(reverse("district-people", args=[people.district_b.pk])).status_code == 404
    assert client.get(reverse("district-people", args=[people.district_a.pk])).status_code == 200


def test_the_people_page_shows_roles_with_actions_only_where_the_reader_may_act(client, people):
    client.force_login(people.leader_a)

    page = client.get(reverse("district-people", args=[people.district_a.pk])).text

    team = Membership.objects.get(user=people.team_a)
    own = Membership.objects.get(user=people.leader_a)
    assert reverse("role-end", args=[team.pk]) in page
    assert reverse("role-end", args=[own.pk]) not in page  # a leader does not end a leader's role


def _district_with_people(people, count):
    for _ in range(count):
        school = SchoolFactory(district=people.district_a)
        school_member(school)
        Invitation.objects.create(
            name="Someone",
            email=f"someone{school.pk}@example.org",
            role=Role.PARENT_LEADER,
            school=school,
            language="es",
            invited_by=people.coordinator,
            expires_at=TESTS_TODAY + datetime.timedelta(days=7),
            token_hash=f"{school.pk:064d}",
        )


@pytest.mark.parametrize("reader", ["coordinator", "leader_a"])
def test_the_people_page_runs_as_many_queries_for_50_people_as_for_5(client, people, django_assert_num_queries, reader):
    client.force_login(getattr(people, reader))
    url = reverse("district-people", args=[people.district_a.pk])
    _district_with_people(people, 5)
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _district_with_people(people, 45)
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    assert page.text.count("someone") >= 50


def test_ending_a_role_asks_for_confirmation_first(client, people):
    client.force_login(people.leader_a)
    team = Membership.objects.get(user=people.team_a)
    url = reverse("role-end", args=[team.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200 and Membership.objects.filter(pk=team.pk).exists()
    assert '<form method="post"' in confirm.text

    client.post(url)
    assert not Membership.objects.filter(pk=team.pk).exists()
    assert AuditEntry.objects.filter(action="membership.revoke", actor=people.leader_a).count() == 1


def test_a_leader_cannot_open_the_end_page_of_another_leaders_role(client, people):
    client.force_login(people.leader_a)
    own = Membership.objects.get(user=people.leader_a)
    elsewhere = Membership.objects.get(user=people.team_b)

    assert client.post(reverse("role-end", args=[own.pk])).status_code == 403
    assert client.post(reverse("role-end", args=[elsewhere.pk])).status_code == 404
    assert Membership.objects.filter(pk__in=[own.pk, elsewhere.pk]).count() == 2


def test_changing_a_role_to_another_school_of_the_district(client, people):
    client.force_login(people.coordinator)
    other = SchoolFactory(district=people.district_a, name="Alder High")
    team = Membership.objects.get(user=people.team_a)

    response = client.post(reverse("role-change", args=[team.pk]), {"role": Role.PARENT_LEADER, "school": other.pk})

    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.role, team.school) == (Role.PARENT_LEADER, other)


@pytest.fixture
def invitation_link(client, people, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, {"district": "Alder District (A-1)", "school": people.school_a.pk}, mailoutbox)
    client.logout()
    return reverse("invitation-accept", args=[_token(mailoutbox[-1])])


SET_PASSWORD = reverse("invitation-accept", args=["set-password"])


def test_the_link_moves_the_token_out_of_the_address_then_sets_the_password(client, invitation_link):
    opened = client.get(invitation_link)
    assert opened.status_code == 302 and opened["Location"] == SET_PASSWORD
    assert opened["Referrer-Policy"] == "no-referrer"
    page = client.get(SET_PASSWORD)
    assert page.status_code == 200 and 'name="password1"' in page.text
    assert invitation_link not in page.text

    response = client.post(SET_PASSWORD, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    login = client.post(reverse("login"), {"username": "nora@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_the_set_password_page_without_a_link_opened_first_says_the_link_does_not_work(client, people):
    page = client.get(SET_PASSWORD)
    posted = client.post(SET_PASSWORD, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    for response in (page, posted):
        assert response.status_code == 200 and "does not work any more" in response.text
    assert not Membership.objects.filter(user__email="nora@example.org").exists()


def test_a_used_link_gives_a_clear_page(client, invitation_link):
    client.get(invitation_link)
    client.post(SET_PASSWORD, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(invitation_link, follow=True)
    posted = client.post(SET_PASSWORD, {"password1": "x-other-pass-99", "password2": "x-other-pass-99"})

    for response in (again, posted):
        assert response.status_code == 200
        assert "does not work any more" in response.text and 'name="password1"' not in response.text
    assert again["Referrer-Policy"] == "no-referrer"
    assert Membership.objects.filter(user__email="nora@example.org").count() == 1


def test_a_link_used_in_another_browser_meanwhile_gives_a_clear_page(client, invitation_link, people):
    client.get(invitation_link)
    token = invitation_link.rstrip("/").rsplit("/", 1)[1]
    services.invitation_accept(token=token, password=NEW_PASSWORD)

    posted = client.post(SET_PASSWORD, {"password1": "x-other-pass-99", "password2": "x-other-pass-99"})

    assert posted.status_code == 200 and "does not work any more" in posted.text


def test_an_expired_or_made_up_link_gives_a_clear_page_and_the_token_is_not_logged(
    client, invitation_link, time_machine, caplog
):
    time_machine.move_to(TESTS_TODAY + datetime.timedelta(days=8))
    caplog.set_level(logging.DEBUG)
    token = invitation_link.rstrip("/").rsplit("/", 1)[1]

    expired = client.get(invitation_link)
    made_up = client.get(reverse("invitation-accept", args=["not-a-token"]))

    for response in (expired, made_up):
        assert response.status_code == 200
        assert "does not work any more" in response.text
    assert token not in caplog.text


def test_a_weak_password_is_explained_and_the_link_still_works(client, invitation_link):
    client.get(invitation_link)

    response = client.post(SET_PASSWORD, {"password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert "too common" in response.text or "entirely numeric" in response.text
    assert 'name="password1"' in client.get(invitation_link, follow=True).text


def test_the_menu_offers_people_to_coordinators_and_district_leaders_only(client, people):
    link = f'href="{reverse("people")}"'
    for user, shown in [(people.coordinator, True), (people.leader_a, True), (people.team_a, False)]:
        client.force_login(user)
        page = client.get(reverse("school-detail", args=[people.school_a.pk])).text
        assert (link in page) is shown, user


@pytest.fixture
def invite_account(client, people, mailoutbox, django_capture_on_commit_callbacks):
    """Invite the owner of an existing account (by their email, in other capitals) to Alder Elementary."""

    def invite(user):
        client.force_login(people.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            _invite(
                client,
                {"email": user.email.upper(), "district": "Alder District (A-1)", "school": people.school_a.pk},
                mailoutbox,
            )
        client.logout()
        return reverse("invitation-accept", args=[_token(mailoutbox[-1])])

    return invite


def test_someone_with_an_account_accepts_the_role_without_a_password_and_logs_in_as_usual(
    client, people, invite_account, password
):
    link = invite_account(people.team_b)

    page = client.get(link, follow=True)
    assert "You already have an account on PEP, with the user name team_b." in page.text
    assert 'name="password1"' not in page.text and "Accept the role" in page.text

    response = client.post(SET_PASSWORD, follow=True)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Log in with your user name, team_b, and your usual password." in response.text
    assert Membership.objects.filter(user=people.team_b, school=people.school_a, role=Role.SCHOOL_TEAM).exists()
    login = client.post(reverse("login"), {"username": "team_b", "password": password})
    assert login.status_code == 302 and client.session["_auth_user_id"] == str(people.team_b.pk)
    assert "does not work any more" in client.get(link, follow=True).text


def test_signed_in_as_that_account_accepting_goes_back_home(client, people, invite_account):
    link = invite_account(people.team_b)
    client.force_login(people.team_b)
    client.get(link)

    response = client.post(SET_PASSWORD, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "The role was added to your account." in response.text
    assert Membership.objects.filter(user=people.team_b, school=people.school_a).exists()


def test_signed_in_as_another_account_accepting_does_not_switch_sessions(client, people, invite_account):
    link = invite_account(people.team_b)
    client.force_login(people.parent_a)
    client.get(link)

    response = client.post(SET_PASSWORD)

    assert response["Location"] == reverse("login")
    assert client.session["_auth_user_id"] == str(people.parent_a.pk)
    assert Membership.objects.filter(user=people.team_b, school=people.school_a).exists()
    assert not Membership.objects.filter(user=people.parent_a, role=Role.SCHOOL_TEAM).exists()


def test_a_switched_off_account_is_refused_with_a_clear_page_and_nothing_changes(
    client, people, invite_account, password
):
    link = invite_account(people.team_b)
    people.team_b.is_active = False
    people.team_b.save()

    page = client.get(link, follow=True)
    posted = client.post(SET_PASSWORD, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    for response in (page, posted):
        assert response.status_code == 200
        assert "An account with this email was switched off; ask a PEP coordinator." in response.text
        assert 'name="password1"' not in response.text and "Accept the role" not in response.text
    people.team_b.refresh_from_db()
    assert not people.team_b.is_active and people.team_b.check_password(password)
    assert not Membership.objects.filter(school=people.school_a, user=people.team_b).exists()
    assert Invitation.objects.get(email__iexact=people.team_b.email).is_pending


def test_several_accounts_with_the_email_are_refused_with_a_clear_page(client, people, invite_account):
    link = invite_account(people.team_b)
    another = type(people.team_b).objects.create_user("team_b_2", email=people.team_b.email)

    page = client.get(link, follow=True)
    posted = client.post(SET_PASSWORD)

    for response in (page, posted):
        assert response.status_code == 200 and "ask a PEP coordinator" in response.text
        assert "Several accounts on PEP have this email" in response.text
    assert not Membership.objects.filter(school=people.school_a, user__in=[people.team_b, another]).exists()


def test_inviting_again_while_an_invitation_waits_sends_it_again(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people.coordinator)
    data = {"district": "Alder District (A-1)", "school": people.school_a.pk}
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, data, mailoutbox)
        response = _invite(client, data, mailoutbox)

    page = client.get(response["Location"])
    assert "Invitation sent again to nora@example.org" in page.text
    assert "the earlier link no longer works" in page.text
    assert Invitation.objects.filter(email="nora@example.org").count() == 1
    assert len(mailoutbox) == 2
    assert services.invitation_by_token(_token(mailoutbox[0])) is None


def test_a_large_districts_people_come_fifty_to_a_page_each_once(client, people):
    _district_with_people(people, 60)
    client.force_login(people.coordinator)
    url = reverse("district-people", args=[people.district_a.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    shown = [row["user"].pk for page in (first, second) for row in page.context["rows"]]
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == len(shown) == len(set(shown))
    assert "Page 1 of 2" in first.text
