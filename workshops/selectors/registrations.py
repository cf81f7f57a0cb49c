"""Reading registrations: through a private link's token, and their places in the waiting list."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from workshops.models import Attendee, Registration, Session

# The services' token_urlsafe(32) gives 43 characters; anything else is not a token we issued.
TOKEN_LENGTH = 43


def registration_or_none(token: str, registrations: QuerySet[Registration] | None = None) -> Registration | None:
    """The registration a private link opens (with its offering and program), or None for any other token."""
    if len(token) != TOKEN_LENGTH:
        return None
    if registrations is None:
        registrations = Registration.objects.select_related("offering__program", "offering__language")
    return registrations.filter(token=token).first()


def registration_by_token(token: str) -> Registration:
    """The registration a private link opens, with its offering and program; 404 for any other token."""
    registration = registration_or_none(token)
    if registration is None:
        raise Http404
    return registration


def registration_for_page(token: str, *, sessions: bool = True) -> Registration | None:
    """The registration a private link opens, with its people (and, unless told not to, its sessions)
    loaded for its pages; None for any other token."""
    prefetches = [Prefetch("attendees", queryset=Attendee.objects.order_by("pk"))]
    if sessions:
        prefetches.append(Prefetch("offering__sessions", queryset=Session.objects.order_by("starts_at", "pk")))
    registrations = Registration.objects.select_related(
        "offering__program", "offering__language", "interpretation_language"
    ).prefetch_related(*prefetches)
    return registration_or_none(token, registrations)
