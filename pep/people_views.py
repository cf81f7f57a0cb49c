"""People pages: a district's people and invitations, inviting, changing and ending roles, accepting."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import people
from .access import districts_visible_to, is_coordinator, led_district_ids, public, require_role
from .filters import search_districts
from .models import District, Invitation, Membership, Role
from .people_forms import DistrictSearchForm, InvitationAcceptForm, InvitationForm, RoleChangeForm
from .refusals import Refused
from .view_helpers import once_token, refusal_or, save_or_conflict

MANAGERS = (Role.COORDINATOR, Role.DISTRICT_LEADER)


def _in_managed_districts(user, queryset: QuerySet) -> QuerySet:
    """Rows (memberships, invitations) of the districts this person manages people in."""
    if is_coordinator(user):
        return queryset
    led = led_district_ids(user)
    return queryset.filter(Q(district__in=led) | Q(school__district__in=led))


def _people_url(district: District | None) -> str:
    return reverse("district-people", args=[district.pk]) if district else reverse("people")


@require_role(*MANAGERS)
def people_home(request):
    """Coordinators: the coordinators, and a search for a district's people; leaders: their district's people."""
    if not is_coordinator(request.user):
        led = sorted(led_district_ids(request.user))
        if len(led) == 1:
            return redirect("district-people", pk=led[0])
        districts = District.objects.filter(pk__in=led).order_by("name")
        return render(request, "pep/people_home.html", {"districts": districts})
    typed = request.GET.get("district", "").strip()[:200]
    found = []
    if typed:
        found = list(search_districts(District.objects.all(), typed).order_by("name", "code")[:20])
        if len(found) == 1:
            return redirect("district-people", pk=found[0].pk)
        if not found:
            messages.error(request, _("No district matches “%(typed)s”.") % {"typed": typed})
    coordinators, invitations = people.coordinators_and_invitations()
    invitations = list(invitations)
    for invitation in invitations:
        invitation.may_manage = True
    return render(
        request,
        "pep/people_home.html",
        {
            "coordinators": coordinators,
            "invitations": invitations,
            "typed": typed,
            "found": found,
            "search": DistrictSearchForm(request.GET or None),
        },
    )


@require_role(*MANAGERS)
def district_people(request, pk: int):
    """A district's people with their roles, and the invitations not yet accepted."""
    district = get_object_or_404(districts_visible_to(request.user), pk=pk)
    page, rows, invitations = people.district_people(district, request.GET.get("page"))
    user = request.user
    for row in rows:
        for membership in row["roles"]:
            membership.may_manage = people.may_manage_role(
                user, role=membership.role, district=district, school=membership.school
            )
    invitations = list(invitations)
    for invitation in invitations:
        invitation.may_manage = people.may_manage_role(
            user, role=invitation.role, district=invitation.district, school=invitation.school
        )
    return render(
        request,
        "pep/district_people.html",
        {"district": district, "page": page, "rows": rows, "invitations": invitations},
    )


@require_role(*MANAGERS)
def invitation_new(request):
    """Invite a person: coordinators to any role anywhere, district leaders to their own district's schools."""
    user = request.user
    coordinator = is_coordinator(user)
    districts = districts_visible_to(user)
    district = None
    if request.GET.get("district", "").isascii() and request.GET.get("district", "").isdecimal():
        district = get_object_or_404(districts, pk=request.GET["district"])
    elif not coordinator:
        district = districts.order_by("name").first()
    form = InvitationForm(
        request.POST or None,
        roles=people.roles_invitable_by(user),
        district=district,
        districts=districts,
        fixed_district=not coordinator,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_conflict(
            form,
            lambda: _remember_sent_again(
                form,
                people.invitation_send(
                    name=data["name"],
                    email=data["email"],
                    role=data["role"],
                    language=data["language"],
                    actor=user,
                    once=form.once_token(),
                    **form.scope(),
                ),
            ),
        ):
            sent = (
                _(
                    "Invitation sent again to %(email)s, who already had one waiting for this role. "
                    "The new link works for %(days)d days; the earlier link no longer works."
                )
                if getattr(form, "sent_again", False)
                else _("Invitation sent to %(email)s. The link works for %(days)d days.")
            )
            messages.success(request, sent % {"email": data["email"], "days": settings.INVITATION_DAYS})
            return redirect(_people_url(form.chosen_district if data["role"] != Role.COORDINATOR else None))
    return render(
        request,
        "pep/invitation_form.html",
        {"form": form, "district": form.chosen_district, "fixed_district": not coordinator},
    )


def _remember_sent_again(form, invitation: Invitation) -> None:
    form.sent_again = getattr(invitation, "sent_again", False)


def _invitation(request, pk: int) -> Invitation:
    queryset = Invitation.objects.select_related("district", "school__district")
    return get_object_or_404(_in_managed_districts(request.user, queryset), pk=pk, accepted_at__isnull=True)


@require_role(*MANAGERS)
@require_POST
def invitation_resend(request, pk: int):
    """Send the invitation again with a new link (the old one stops working) and a new expiry."""
    invitation = _invitation(request, pk)
    return refusal_or(
        request,
        _people_url(invitation.scope_district),
        lambda: people.invitation_resend(invitation=invitation, actor=request.user, once=once_token(request)),
        success=_("Invitation sent again to %(email)s.") % {"email": invitation.email},
    )


@require_role(*MANAGERS)
def invitation_cancel(request, pk: int):
    """Withdraw an invitation, after a confirmation."""
    invitation = _invitation(request, pk)
    back = _people_url(invitation.scope_district)
    if request.method == "POST":
        return refusal_or(
            request,
            back,
            lambda: people.invitation_cancel(invitation=invitation, actor=request.user),
            success=_("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        )
    return render(request, "pep/invitation_cancel.html", {"invitation": invitation, "back": back})


def _membership(request, pk: int) -> Membership:
    """A role in a district the person manages people in, which they may change or end (404/403 otherwise)."""
    queryset = Membership.objects.exclude(role=Role.COORDINATOR).select_related("user", "district", "school__district")
    membership = get_object_or_404(_in_managed_districts(request.user, queryset), pk=pk)
    if not people.may_manage_role(
        request.user, role=membership.role, district=membership.district, school=membership.school
    ):
        raise PermissionDenied
    return membership


def _district_of(membership: Membership) -> District:
    return membership.district or membership.school.district


@require_role(*MANAGERS)
def role_change(request, pk: int):
    """Change a person's role within the district: another role, or another school."""
    membership = _membership(request, pk)
    district = _district_of(membership)
    initial = {"role": membership.role, "school": membership.school_id}
    form = RoleChangeForm(
        request.POST or None, initial=initial, roles=people.roles_invitable_by(request.user), district=district
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_conflict(
            form,
            lambda: people.role_change(
                membership=membership, role=data["role"], school=data.get("school"), actor=request.user
            ),
        ):
            messages.success(request, _("The role was changed."))
            return redirect("district-people", pk=district.pk)
    return render(request, "pep/role_change.html", {"form": form, "membership": membership, "district": district})


@require_role(*MANAGERS)
def role_end(request, pk: int):
    """End a person's role, after a confirmation."""
    membership = _membership(request, pk)
    district = _district_of(membership)
    back = reverse("district-people", args=[district.pk])
    if request.method == "POST":
        return refusal_or(
            request,
            back,
            lambda: people.role_end(membership=membership, actor=request.user),
            success=_("%(person)s is no longer %(role)s.")
            % {"person": membership.user.get_full_name() or membership.user, "role": membership.get_role_display()},
        )
    return render(request, "pep/role_end.html", {"membership": membership, "district": district, "back": back})


SET_PASSWORD = "set-password"  # the page's own address once the token is kept in the session
INVITATION_SESSION_KEY = "_pep_invitation_token"


@public
@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    """The link in the invitation email: a new person chooses a password, someone with an account just accepts.

    As with Django's password reset, the token moves from the address into the session and the browser
    is sent on to an address without it, so the token stays out of Referer headers (the address with it
    answers with `Referrer-Policy: no-referrer`), the browser's history and the language switch. A dead
    link answers 200 with a clear page: a 4xx would write the address, and so the token, to the log.
    Nobody is signed in or out here: whoever is signed in stays so.
    """
    if token != SET_PASSWORD:
        invitation = people.invitation_by_token(token)
        if invitation is None:
            return _no_referrer(render(request, "pep/invitation_accept.html", {"invitation": None}))
        request.session[INVITATION_SESSION_KEY] = token
        return _no_referrer(redirect("invitation-accept", token=SET_PASSWORD))
    token = request.session.get(INVITATION_SESSION_KEY, "")
    invitation = people.invitation_by_token(token) if token else None
    if invitation is None:
        return render(request, "pep/invitation_accept.html", {"invitation": None})
    try:
        account = people.invitee_account(invitation)
    except people.AccountRefused as refusal:
        return render(request, "pep/invitation_accept.html", {"invitation": invitation, "refusal": str(refusal)})
    form = InvitationAcceptForm(request.POST or None) if account is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = people.invitation_accept(
                token=token, password=form.cleaned_data["password1"] if form is not None else None
            )
        except ValidationError as error:
            form.add_error("password1", error)
        except Refused as refusal:
            # Used or withdrawn meanwhile (a dead link), or the account changed meanwhile (the page again).
            if people.invitation_by_token(token) is None:
                return render(request, "pep/invitation_accept.html", {"invitation": None})
            messages.error(request, str(refusal))
            return redirect("invitation-accept", token=SET_PASSWORD)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            return _accepted(request, user, new=form is not None)
    # No token in this address: the site's usual same-origin policy lets the form's POST carry its Origin.
    return render(request, "pep/invitation_accept.html", {"invitation": invitation, "form": form, "account": account})


def _accepted(request, user, *, new: bool):
    if new:
        messages.success(
            request,
            _("Welcome to PEP. Log in with your user name, %(username)s, and your new password.")
            % {"username": user.get_username()},
        )
        return redirect("login")
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("The role was added to your account."))
        return redirect("home")
    messages.success(
        request,
        _("The role was added to your account. Log in with your user name, %(username)s, and your usual password.")
        % {"username": user.get_username()},
    )
    return redirect("login")


def _no_referrer(response):
    response["Referrer-Policy"] = "no-referrer"
    return response
