"""The access rules: who may see or change which district, school or object.

Every view is wrapped by `public` or `require_role`, and every object a view shows is
fetched through a scoped queryset from here (`districts_visible_to`, `schools_visible_to`),
so a person from another district gets a 404 rather than someone else's data.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import SCHOOL_ROLES, District, Membership, Role, School

ANY_ROLE = tuple(Role)


def memberships_of(user) -> list[Membership]:
    """The user's memberships, loaded once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_pep_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("district", "school__district"))
        user._pep_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    roles = {membership.role for membership in memberships_of(user)}
    if user.is_authenticated and user.is_superuser:
        roles.add(Role.COORDINATOR)
    return roles


def has_a_role(user) -> bool:
    return bool(roles_of(user))


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.is_active and Role.COORDINATOR in roles_of(user)


def coordinator_only(actor) -> None:
    """For services only coordinators may call: refuse anyone else with PermissionDenied."""
    if not is_coordinator(actor):
        raise PermissionDenied


def led_district_ids(user) -> set[int]:
    return {m.district_id for m in memberships_of(user) if m.role == Role.DISTRICT_LEADER}


def member_school_ids(user) -> set[int]:
    return {m.school_id for m in memberships_of(user) if m.role in SCHOOL_ROLES}


def districts_visible_to(user) -> QuerySet[District]:
    """Districts whose pages the user may open: all for coordinators, led ones for leaders."""
    if is_coordinator(user):
        return District.objects.all()
    return District.objects.filter(pk__in=led_district_ids(user))


def schools_visible_to(user) -> QuerySet[School]:
    """Schools the user may open: all, those of led districts, or their own school."""
    if is_coordinator(user):
        return School.objects.all()
    return School.objects.filter(Q(district_id__in=led_district_ids(user)) | Q(pk__in=member_school_ids(user)))


def in_scope_of(user, *, district_field: str = "district", school_field: str = "school") -> Q:
    """A filter for any object owned by a district or school: what this user may see of them.

    Coordinators see all; district leaders see what belongs to their districts (including
    their schools' objects, whose `district_field` is set too); school members see their schools'.
    """
    if is_coordinator(user):
        return Q()
    return Q(**{f"{district_field}__in": led_district_ids(user)}) | Q(
        **{f"{school_field}__in": member_school_ids(user)}
    )


def holds_role(user, role: str, *, district: District | None = None, school: School | None = None) -> bool:
    """True when the user holds `role` in exactly this district or school."""
    return any(
        m.role == role
        and (district is None or m.district_id == district.pk)
        and (school is None or m.school_id == school.pk)
        for m in memberships_of(user)
    )


def may_see_district(user, district: District) -> bool:
    """The same rule as `districts_visible_to`, for one district already loaded."""
    return is_coordinator(user) or district.pk in led_district_ids(user)


def may_change_district(user, district: District) -> bool:
    return is_coordinator(user) or district.pk in led_district_ids(user)


def may_change_school(user, school: School) -> bool:
    return may_change_district(user, school.district) or school.pk in member_school_ids(user)


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone, signed in or not."""
    view.pep_access = "public"
    return view


def signed_in(view: Callable) -> Callable:
    """Let in anyone signed in, whatever their role (their own password, say)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.pep_access = "signed_in"
    return wrapped


def require_role(*roles: str) -> Callable[[Callable], Callable]:
    """Let in signed-in people holding one of `roles`; send others to log in, or refuse with 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.pep_access = tuple(roles)
        return wrapped

    return decorator


class CoordinatorPermissionsBackend(BaseBackend):
    """Coordinators run the program, so in the admin they hold every permission."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return is_coordinator(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return is_coordinator(user_obj)
