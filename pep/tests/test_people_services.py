"""Invitations and roles: who may invite whom, a link that works once and expires, every change audited."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from conftest import TESTS_TODAY
from pep import people as services
from pep.models import AuditEntry, Invitation, Membership, Role
from pep.refusals import Refused
from pep.tests.factories import DistrictFactory, SchoolFactory, UserFactory

NEW_PASSWORD = "maple-river-lantern-42"


def _send(actor, django_capture_on_commit_callbacks, **kwargs):
    """Send an invitation and return it with the token read from the email's link."""
    values = {"name": "Nora Nuevo", "email": "nora@example.org", "role": Role.SCHOOL_TEAM, "language": "en"}
    values.update(kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(actor=actor, **values)
    return invitation


def _token(mail) -> str:
    return re.search(r"/accounts/invitation/([^/\s]+)/", mail.body).group(1)


def test_a_coordinator_invites_anyone_anywhere_and_the_email_carries_a_one_time_link(
    people, django_capture_on_commit_callbacks, mailoutbox, settings
):
    p = people
    settings.SITE_URL = "https://pep.example.org"

    invitation = _send(
        p.coordinator, django_capture_on_commit_callbacks, role=Role.DISTRICT_LEADER, district=p.district_b
    )

    assert [mail.to for mail in mailoutbox] == [["nora@example.org"]]
    token = _token(mailoutbox[0])
    assert mailoutbox[0].body.count(f"https://pep.example.org/accounts/invitation/{token}/") == 1
    assert len(token) >= 22  # at least 128 bits, URL-safe
    assert token not in invitation.token_hash and invitation.token_hash == services.token_hash(token)
    assert invitation.expires_at == invitation.created_at + datetime.timedelta(days=settings.INVITATION_DAYS)


@pytest.mark.parametrize(
    "language, role_label, other_label",
    [
        ("es", "como Miembro del equipo de acción en Alder Elementary.", "Action team member"),
        ("en", "as Action team member at Alder Elementary.", "Miembro del equipo de acción"),
    ],
)
def test_the_email_comes_in_the_language_chosen_for_the_invitee_only(
    people, django_capture_on_commit_callbacks, mailoutbox, language, role_label, other_label
):
    _send(people.coordinator, django_capture_on_commit_callbacks, school=people.school_a, language=language)

    mail = mailoutbox[0]
    assert role_label in mail.body
    assert other_label not in mail.body
    assert "---" not in mail.body and " / " not in mail.subject  # one language, not both


def test_a_district_leader_invites_team_members_and_parent_leaders_of_their_own_schools(
    people, django_capture_on_commit_callbacks
):
    p = people

    _send(p.leader_a, django_capture_on_commit_callbacks, school=p.school_a)
    _send(
        p.leader_a,
        django_capture_on_commit_callbacks,
        email="pia@example.org",
        role=Role.PARENT_LEADER,
        school=p.school_a,
    )

    assert Invitation.objects.filter(school=p.school_a).count() == 2


@pytest.mark.parametrize(
    "role, scope",
    [
        (Role.SCHOOL_TEAM, "school_b"),
        (Role.PARENT_LEADER, "school_b"),
        (Role.DISTRICT_LEADER, "district_a"),
        (Role.COORDINATOR, None),
    ],
)
def test_a_district_leader_cannot_invite_into_another_district_nor_to_a_leading_role(people, role, scope):
    p = people
    where = {}
    if scope:
        where = {"school" if scope.startswith("school") else "district": getattr(p, scope)}

    with pytest.raises(Refused):
        services.invitation_send(name="X", email="x@example.org", role=role, language="en", actor=p.leader_a, **where)

    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(action="invitation.send").exists()


def test_a_team_member_cannot_invite_anyone(people):
    with pytest.raises(Refused):
        services.invitation_send(
            name="X",
            email="x@example.org",
            role=Role.SCHOOL_TEAM,
            language="en",
            actor=people.team_a,
            school=people.school_a,
        )


def test_accepting_sets_the_password_gives_the_role_and_audits_each_step(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    p = people
    _send(p.leader_a, django_capture_on_commit_callbacks, school=p.school_a, language="es")
    token = _token(mailoutbox[0])

    user = services.invitation_accept(token=token, password=NEW_PASSWORD)

    assert user.username == "nora@example.org" and user.get_full_name() == "Nora Nuevo"
    assert user.check_password(NEW_PASSWORD)
    assert user.profile.language == "es"
    assert Membership.objects.filter(user=user, role=Role.SCHOOL_TEAM, school=p.school_a).count() == 1
    actions = list(AuditEntry.objects.order_by("at", "pk").values_list("action", "actor", "district"))
    assert actions == [
        ("invitation.send", p.leader_a.pk, p.district_a.pk),
        ("membership.grant", user.pk, p.district_a.pk),
        ("invitation.accept", user.pk, p.district_a.pk),
    ]


def test_the_link_works_only_once(people, django_capture_on_commit_callbacks, mailoutbox):
    p = people
    _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a)
    token = _token(mailoutbox[0])
    services.invitation_accept(token=token, password=NEW_PASSWORD)

    with pytest.raises(Refused):
        services.invitation_accept(token=token, password="another-long-passphrase-7")

    assert services.invitation_by_token(token) is None
    assert Membership.objects.filter(user__email="nora@example.org").count() == 1
    assert get_user_model().objects.get(email="nora@example.org").check_password(NEW_PASSWORD)


def test_the_link_expires_after_the_configured_days(
    people, django_capture_on_commit_callbacks, mailoutbox, time_machine, settings
):
    settings.INVITATION_DAYS = 3
    _send(people.coordinator, django_capture_on_commit_callbacks, school=people.school_a)
    token = _token(mailoutbox[0])

    time_machine.move_to(TESTS_TODAY + datetime.timedelta(days=3, minutes=-1), tick=False)
    assert services.invitation_by_token(token) is not None
    time_machine.move_to(TESTS_TODAY + datetime.timedelta(days=3, minutes=1), tick=False)
    assert services.invitation_by_token(token) is None
    with pytest.raises(Refused):
        services.invitation_accept(token=token, password=NEW_PASSWORD)

    assert not get_user_model().objects.filter(email="nora@example.org").exists()


def test_a_weak_password_is_refused_by_the_password_rules_and_the_link_still_works(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    _send(people.coordinator, django_capture_on_commit_callbacks, school=people.school_a)
    token = _token(mailoutbox[0])

    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, password="12345678")

    assert services.invitation_by_token(token) is not None
    assert not get_user_model().objects.filter(email="nora@example.org").exists()


def test_an_existing_account_with_the_email_gets_the_role_and_keeps_its_password(
    people, django_capture_on_commit_callbacks, mailoutbox, password
):
    p = people
    _send(p.coordinator, django_capture_on_commit_callbacks, email=p.team_b.email.upper(), school=p.school_a)
    token = _token(mailoutbox[0])

    with pytest.raises(Refused):  # a password is never asked of nor set for an existing account
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    user = services.invitation_accept(token=token)

    assert user == p.team_b
    user.refresh_from_db()
    assert user.check_password(password) and not user.check_password(NEW_PASSWORD)
    assert set(Membership.objects.filter(user=user).values_list("school", flat=True)) == {p.school_a.pk, p.school_b.pk}
    assert AuditEntry.objects.filter(action="membership.grant", actor=user, district=p.district_a).count() == 1
    assert services.invitation_by_token(token) is None


@pytest.mark.parametrize("who", ["team_b", "coordinator"])
def test_a_switched_off_account_is_not_brought_back_by_an_invitation(
    people, django_capture_on_commit_callbacks, mailoutbox, password, who
):
    p = people
    account = getattr(p, who)
    account.is_active = False
    account.save()
    roles = set(Membership.objects.filter(user=account).values_list("role", "district", "school"))
    _send(p.leader_a, django_capture_on_commit_callbacks, email=account.email.upper(), school=p.school_a)
    token = _token(mailoutbox[0])

    for attempt in ({}, {"password": NEW_PASSWORD}):
        with pytest.raises(services.AccountRefused, match="switched off; ask a PEP coordinator"):
            services.invitation_accept(token=token, **attempt)

    account.refresh_from_db()
    assert not account.is_active and account.check_password(password)
    assert set(Membership.objects.filter(user=account).values_list("role", "district", "school")) == roles
    assert services.invitation_by_token(token) is not None  # still pending
    assert not AuditEntry.objects.filter(action="invitation.accept").exists()


def test_several_active_accounts_with_the_email_are_refused_rather_than_guessed(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    p = people
    UserFactory(username="team_b_again", email=p.team_b.email.upper())
    _send(p.coordinator, django_capture_on_commit_callbacks, email=p.team_b.email, school=p.school_a)
    token = _token(mailoutbox[0])

    with pytest.raises(services.AccountRefused, match="Several accounts"):
        services.invitation_accept(token=token)

    assert not Membership.objects.filter(school=p.school_a, user__email__iexact=p.team_b.email).exists()
    assert services.invitation_by_token(token) is not None


def test_the_email_tells_existing_account_holders_they_just_accept(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    _send(people.coordinator, django_capture_on_commit_callbacks, school=people.school_a)

    assert "if you already have an account, you just accept the role" in mailoutbox[0].body
    assert "open this link and choose a password" not in mailoutbox[0].body


def test_inviting_again_to_the_same_role_and_place_sends_the_pending_invitation_again(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    p = people
    first = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a)

    again = _send(
        p.leader_a,
        django_capture_on_commit_callbacks,
        school=p.school_a,
        email="NORA@example.org ",
        name="Nora Nuevo Ruiz",
        language="es",
    )

    assert again.pk == first.pk and again.sent_again
    assert list(Invitation.objects.values_list("name", "language", "invited_by")) == [
        ("Nora Nuevo Ruiz", "es", p.leader_a.pk)
    ]
    old, new = _token(mailoutbox[0]), _token(mailoutbox[1])
    assert services.invitation_by_token(old) is None and services.invitation_by_token(new) is not None
    assert [mail.to for mail in mailoutbox] == [["nora@example.org"], ["nora@example.org"]]
    assert "Miembro del equipo de acción" in mailoutbox[1].body
    assert AuditEntry.objects.filter(action="invitation.resend", actor=p.leader_a).count() == 1


def test_another_role_or_place_for_the_same_email_is_a_separate_invitation(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    p = people
    _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a)
    other_role = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a, role=Role.PARENT_LEADER)
    other_school = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_b)

    assert not getattr(other_role, "sent_again", False) and not getattr(other_school, "sent_again", False)
    assert Invitation.objects.filter(email="nora@example.org", accepted_at__isnull=True).count() == 3
    assert all(services.invitation_by_token(_token(mail)) is not None for mail in mailoutbox)


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    p = people
    invitation = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, actor=p.leader_a)

    old, new = _token(mailoutbox[0]), _token(mailoutbox[1])
    assert old != new
    assert services.invitation_by_token(old) is None and services.invitation_by_token(new) is not None
    assert AuditEntry.objects.filter(action="invitation.resend", actor=p.leader_a).count() == 1


def test_a_withdrawn_invitation_no_longer_opens(people, django_capture_on_commit_callbacks, mailoutbox):
    p = people
    invitation = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_a)

    services.invitation_cancel(invitation=invitation, actor=p.coordinator)

    assert services.invitation_by_token(_token(mailoutbox[0])) is None
    assert AuditEntry.objects.filter(action="invitation.cancel", district=p.district_a).count() == 1


def test_a_leader_cannot_withdraw_or_resend_another_districts_invitation(people, django_capture_on_commit_callbacks):
    p = people
    invitation = _send(p.coordinator, django_capture_on_commit_callbacks, school=p.school_b)

    with pytest.raises(Refused):
        services.invitation_cancel(invitation=invitation, actor=p.leader_a)
    with pytest.raises(Refused):
        services.invitation_resend(invitation=invitation, actor=p.leader_a)

    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_changing_and_ending_a_role_are_audited(people):
    p = people
    other_school = SchoolFactory(district=p.district_a, name="Alder High")
    membership = Membership.objects.get(user=p.team_a)

    services.role_change(membership=membership, role=Role.PARENT_LEADER, school=other_school, actor=p.leader_a)
    membership.refresh_from_db()
    assert (membership.role, membership.school) == (Role.PARENT_LEADER, other_school)

    services.role_end(membership=membership, actor=p.leader_a)
    assert not Membership.objects.filter(user=p.team_a).exists()
    actions = list(AuditEntry.objects.order_by("at", "pk").values_list("action", "actor", "district"))
    assert actions == [
        ("membership.change", p.leader_a.pk, p.district_a.pk),
        ("membership.revoke", p.leader_a.pk, p.district_a.pk),
    ]


def test_a_leader_cannot_change_or_end_roles_beyond_their_schools(people):
    p = people
    elsewhere = Membership.objects.get(user=p.team_b)
    fellow_leader = Membership.objects.get(user=p.leader_a)
    own = Membership.objects.get(user=p.team_a)

    with pytest.raises(Refused):
        services.role_end(membership=elsewhere, actor=p.leader_a)
    with pytest.raises(Refused):
        services.role_end(membership=fellow_leader, actor=p.leader_a)
    with pytest.raises(Refused):
        services.role_change(membership=own, role=Role.DISTRICT_LEADER, actor=p.leader_a)
    with pytest.raises(Refused):
        services.role_change(membership=own, role=Role.SCHOOL_TEAM, school=p.school_b, actor=p.leader_a)

    assert Membership.objects.filter(pk__in=[elsewhere.pk, fellow_leader.pk, own.pk], role__in=list(Role)).count() == 3
    assert not AuditEntry.objects.exists()


def test_a_coordinator_makes_a_team_member_the_district_leader(people):
    p = people
    membership = Membership.objects.get(user=p.team_a)

    services.role_change(membership=membership, role=Role.DISTRICT_LEADER, actor=p.coordinator)

    membership.refresh_from_db()
    assert (membership.role, membership.district, membership.school) == (Role.DISTRICT_LEADER, p.district_a, None)


def test_a_role_cannot_move_to_a_school_of_another_district(people):
    p = people
    membership = Membership.objects.get(user=p.team_a)

    with pytest.raises(Refused):
        services.role_change(
            membership=membership,
            role=Role.SCHOOL_TEAM,
            school=SchoolFactory(district=DistrictFactory()),
            actor=p.coordinator,
        )
