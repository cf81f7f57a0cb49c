"""Reading registrations: through a private link's token, and their places in the waiting list."""

from django.db.models import Prefetch
from django.http import Http404

from workshops.models import Attendee, Registration, Session

# The services' token_urlsafe(32) gives 43 characters; anything else is not a token we issued.
TOKEN_LENGTH = 43


def registration_by_token(token: str) -> Registration:
    """The registration a private link opens, with its offering and program; 404 for any other token."""
    if len(token) != TOKEN_LENGTH:
        raise Http404
    try:
        return Registration.objects.select_related("offering__program", "offering__language").get(token=token)
    except Registration.DoesNotExist:
        raise Http404 from None


def registration_for_page(token: str) -> Registration:
    """The registration a private link opens, with what its page shows loaded; 404 for any other token."""
    if len(token) != TOKEN_LENGTH:
        raise Http404
    registration = (
        Registration.objects.select_related("offering__program", "offering__language", "interpretation_language")
        .prefetch_related(
            Prefetch("offering__sessions", queryset=Session.objects.order_by("starts_at", "pk")),
            Prefetch("attendees", queryset=Attendee.objects.order_by("pk")),
        )
        .filter(token=token)
        .first()
    )
    if registration is None:
        raise Http404
    return registration
