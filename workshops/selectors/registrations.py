"""Reading registrations: through a private link's token, and their places in the waiting list."""

from django.http import Http404

from workshops.models import Registration

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
