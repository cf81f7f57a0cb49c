"""People and their roles without the admin: invitations by email, changing and ending roles.

A coordinator may invite anyone to any role; a district leader may invite action team members and
parent leaders to the schools of their own district, and change or end those roles only.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import is_coordinator, led_district_ids
from .edit_checks import claim_submission
from .lists import ROWS_PER_PAGE
from .models import SCHOOL_ROLES, District, Invitation, Membership, Role, School
from .notifications import Recipient, notify
from .refusals import Refused
from .services import audit_record, membership_revoke, membership_save, profile_set_language

TOKEN_BYTES = 32  # 256 bits from `secrets`


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def roles_invitable_by(actor) -> list[str]:
    """The roles this person may invite to, change to, or end."""
    if is_coordinator(actor):
        return list(Role)
    if led_district_ids(actor):
        return list(SCHOOL_ROLES)
    return []


def may_manage_role(actor, *, role: str, district: District | None = None, school: School | None = None) -> bool:
    """True when `actor` may give, change or end `role` in this district or school."""
    if is_coordinator(actor):
        return True
    return role in SCHOOL_ROLES and school is not None and school.district_id in led_district_ids(actor)


def _check_may_manage(actor, *, role: str, district=None, school=None) -> None:
    if may_manage_role(actor, role=role, district=district, school=school):
        return
    if role not in SCHOOL_ROLES:
        raise Refused(_("Only a PEP coordinator may give the role “%(role)s”.") % {"role": Role(role).label})
    raise Refused(_("You may only manage people in the schools of your own district."))


def _scope_for(role: str, district: District | None, school: School | None) -> tuple[District | None, School | None]:
    """The district or school a role needs, and nothing else; refused when the needed one is missing."""
    if role == Role.COORDINATOR:
        return None, None
    if role == Role.DISTRICT_LEADER:
        if district is None:
            raise Refused(_("Choose the district this person will lead."))
        return district, None
    if school is None:
        raise Refused(_("Choose the school for this role."))
    return None, school


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _expires_at(sent_at: datetime.datetime) -> datetime.datetime:
    return sent_at + datetime.timedelta(days=settings.INVITATION_DAYS)


def _send_email(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL + reverse("invitation-accept", args=[token])
    notify(
        recipients=[Recipient(invitation.email, invitation.language)],
        template="emails/pep/invitation",
        context={
            "invitation": invitation,
            "role": invitation.get_role_display,
            "scope": invitation.scope,
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "link": link,
            "days": settings.INVITATION_DAYS,
        },
    )


def _audit_summary(invitation: Invitation) -> dict:
    return {
        "person": f"{invitation.name} <{invitation.email}>",
        "role": invitation.get_role_display(),
        "scope": invitation.scope or _("all"),
    }


@transaction.atomic
def invitation_send(
    *,
    name: str,
    email: str,
    role: str,
    language: str,
    actor,
    district: District | None = None,
    school: School | None = None,
    once: uuid.UUID | None = None,
) -> Invitation:
    """Invite a person by email to a role in a district or school; the link works once, for INVITATION_DAYS.

    When the same email already has a pending invitation to this role and place, that invitation is sent
    again with a new link instead (its old link stops working) and comes back with `sent_again` set.
    """
    district, school = _scope_for(role, district, school)
    _check_may_manage(actor, role=role, district=district, school=school)
    claim_submission(once)
    email = email.strip()
    already = Membership.objects.filter(user__email__iexact=email, role=role, district=district, school=school)
    if already.exists():
        raise Refused(_("%(email)s already has this role here.") % {"email": email})
    pending = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("district", "school__district")
        .filter(email__iexact=email, role=role, district=district, school=school, accepted_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if pending is not None:
        # The same person, role and place: one live invitation, sent again with the name and language just typed.
        pending.name, pending.language = name.strip(), language
        pending.full_clean()
        _send_again(pending, actor=actor, also=["name", "language"])
        pending.sent_again = True
        return pending
    token = _new_token()
    now = timezone.now()
    invitation = Invitation(
        name=name.strip(),
        email=email,
        role=role,
        district=district,
        school=school,
        language=language,
        invited_by=actor,
        created_at=now,
        expires_at=_expires_at(now),
        token_hash=token_hash(token),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.send",
        summary=_("Invitation sent to %(person)s: %(role)s, %(scope)s") % _audit_summary(invitation),
        district=invitation.scope_district,
        details={"invitation": invitation.pk},
    )
    _send_email(invitation, token)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor, once: uuid.UUID | None = None) -> Invitation:
    """Send a pending invitation again with a new link; the old link stops working."""
    claim_submission(once)
    invitation = _locked_pending(invitation.pk)
    _check_may_manage(actor, role=invitation.role, district=invitation.district, school=invitation.school)
    _send_again(invitation, actor=actor)
    return invitation


def _send_again(invitation: Invitation, *, actor, also: tuple[str, ...] | list[str] = ()) -> None:
    """Give a pending (locked) invitation a new link and expiry, audit it and email it; the old link stops working."""
    token = _new_token()
    invitation.token_hash = token_hash(token)
    invitation.expires_at = _expires_at(timezone.now())
    invitation.invited_by = actor
    invitation.save(update_fields=["token_hash", "expires_at", "invited_by", *also])
    audit_record(
        actor=actor,
        action="invitation.resend",
        summary=_("Invitation sent again to %(person)s: %(role)s, %(scope)s") % _audit_summary(invitation),
        district=invitation.scope_district,
        details={"invitation": invitation.pk},
    )
    _send_email(invitation, token)


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor) -> None:
    """Withdraw a pending invitation; its link stops working."""
    invitation = _locked_pending(invitation.pk)
    _check_may_manage(actor, role=invitation.role, district=invitation.district, school=invitation.school)
    audit_record(
        actor=actor,
        action="invitation.cancel",
        summary=_("Invitation to %(person)s withdrawn: %(role)s, %(scope)s") % _audit_summary(invitation),
        district=invitation.scope_district,
        details={"invitation": invitation.pk},
    )
    invitation.delete()


def _locked_pending(pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("district", "school__district")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        raise Refused(_("This invitation was accepted or withdrawn meanwhile."))
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The pending, unexpired invitation this link's token opens, or None."""
    invitation = (
        Invitation.objects.select_related("district", "school__district", "invited_by")
        .filter(token_hash=token_hash(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.is_expired():
        return None
    return invitation


class AccountRefused(Refused):
    """The invitation's email belongs to an account PEP cannot simply give the role to; a coordinator decides."""


def invitee_account(invitation: Invitation):
    """The active account with the invitation's email (case-insensitive), or None when the person is new.

    Refused when an account with this email was switched off (accepting must not bring it back with its old
    roles) or when several active accounts share it (PEP does not guess which one).
    """
    accounts = list(get_user_model().objects.filter(email__iexact=invitation.email).order_by("pk"))
    if any(not account.is_active for account in accounts):
        raise AccountRefused(_("An account with this email was switched off; ask a PEP coordinator."))
    if len(accounts) > 1:
        raise AccountRefused(
            _(
                "Several accounts on PEP have this email, so PEP cannot tell which one should take the role; "
                "ask a PEP coordinator."
            )
        )
    return accounts[0] if accounts else None


def _new_account(invitation: Invitation, password: str):
    """A new account for the invitation's email (user name = email), with the password chosen."""
    User = get_user_model()
    first, _space, last = invitation.name.partition(" ")
    username = invitation.email.lower()
    taken = set(User.objects.filter(username__istartswith=username).values_list("username", flat=True))
    suffix = 2
    while username in taken:  # an older account already uses this email as its user name
        username, suffix = f"{invitation.email.lower()}-{suffix}", suffix + 1
    user = User(username=username, email=invitation.email, first_name=first[:150])
    user.last_name = last[:150]
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str | None = None):
    """Accept an invitation and take the role; the link works once, even when sent twice at once.

    A new person chooses a `password` and gets an account. A person who already has an (active) account
    gets the role on it, and gives no password: theirs does not change.
    """
    found = Invitation.objects.filter(token_hash=token_hash(token)).values_list("pk", flat=True).first()
    # The row is locked before anything is checked: a second request waits here, then sees it accepted.
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("district", "school").filter(pk=found).first()
        if found
        else None
    )
    if invitation is None or not invitation.is_pending or invitation.is_expired():
        raise Refused(_("This invitation link has expired or was already used."))
    user = invitee_account(invitation)
    if user is None:
        if password is None:
            raise Refused(_("Choose a password to finish."))
        user = _new_account(invitation, password)
    elif password is not None:
        raise Refused(_("You already have an account on PEP: accept the role; your password stays as it is."))
    existing = Membership.objects.filter(
        user=user, role=invitation.role, district=invitation.district, school=invitation.school
    ).first()
    if existing is None:
        membership_save(
            membership=Membership(
                user=user, role=invitation.role, district=invitation.district, school=invitation.school
            ),
            actor=user,
        )
    if not getattr(getattr(user, "profile", None), "language", ""):
        profile_set_language(user=user, language=invitation.language)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        summary=_("%(person)s accepted the invitation: %(role)s, %(scope)s") % _audit_summary(invitation),
        district=invitation.scope_district,
        details={"invitation": invitation.pk},
    )
    return user


def _locked_membership(pk: int) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "district", "school__district")
        .filter(pk=pk)
    ).first()
    if membership is None:
        raise Refused(_("This role was ended meanwhile."))
    return membership


@transaction.atomic
def role_change(*, membership: Membership, role: str, actor, school: School | None = None) -> Membership:
    """Change a person's role within the same district (say, team member to parent leader, or another school)."""
    membership = _locked_membership(membership.pk)
    district = membership.scope_district
    if role == Role.COORDINATOR or district is None:
        raise Refused(_("A coordinator's role is changed in the administration."))
    _check_may_manage(actor, role=membership.role, district=membership.district, school=membership.school)
    new_district, new_school = _scope_for(role, district, school)
    if new_school is not None and new_school.district_id != district.pk:
        raise Refused(_("Choose a school of %(district)s.") % {"district": district})
    _check_may_manage(actor, role=role, district=new_district, school=new_school)
    membership.role, membership.district, membership.school = role, new_district, new_school
    return membership_save(membership=membership, actor=actor)


@transaction.atomic
def role_end(*, membership: Membership, actor) -> None:
    """End a person's role; their account stays, with any other roles they hold."""
    membership = _locked_membership(membership.pk)
    _check_may_manage(actor, role=membership.role, district=membership.district, school=membership.school)
    membership_revoke(membership=membership, actor=actor)


def district_people(district: District, page_number) -> tuple[Page, list[dict], QuerySet[Invitation]]:
    """One page of the district's people by name, each with their roles in it; and its pending invitations."""
    in_district = Q(district=district) | Q(school__district=district)
    users = (
        get_user_model()
        .objects.filter(pk__in=Membership.objects.filter(in_district).values("user_id"))
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(users, ROWS_PER_PAGE).get_page(page_number)
    people = {user.pk: {"user": user, "roles": []} for user in page.object_list}
    memberships = (
        Membership.objects.filter(in_district, user_id__in=list(people))
        .select_related("school")
        .order_by("role", "school__name", "pk")
    )
    for membership in memberships:
        people[membership.user_id]["roles"].append(membership)
    invitations = (
        Invitation.objects.filter(in_district, accepted_at__isnull=True)
        .select_related("school", "invited_by")
        .order_by("name", "pk")
    )
    return page, list(people.values()), invitations


def coordinators_and_invitations() -> tuple[QuerySet[Membership], QuerySet[Invitation]]:
    """The program's coordinators, and pending invitations to become one."""
    return (
        Membership.objects.filter(role=Role.COORDINATOR)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk"),
        Invitation.objects.filter(role=Role.COORDINATOR, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("name", "pk"),
    )
