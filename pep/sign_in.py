"""Sign-in throttling with django-axes: failed passwords pause an account, and, far later, an address.

Axes counts failures per (username, address, browser) row in the database and compares one limit with
the largest count among its lockout parameters. One limit does not fit both: a school office signs in
from one shared address, so pausing an address after a handful of typos would lock out every colleague,
while an account needs a low limit against password guessing. So the parameters are the account and the
address (AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]) and this handler gives each its own limit:
AXES_FAILURE_LIMIT failures pause the account wherever they come from; LOGIN_ADDRESS_FAILURE_LIMIT
failures, across any accounts, pause the address (someone trying many accounts from one place).
A pause lasts AXES_COOLOFF_TIME after the last counted failure; a coordinator can lift it in the admin.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from .middleware import note_activity


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler with one limit per account and a higher one per address."""

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # The idle clock starts at sign-in, which saves the session anyway (pep.middleware.SessionIdleTimeout).
        note_activity(request.session)

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # One query set per AXES_LOCKOUT_PARAMETERS entry, in its order: account, then address.
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def locked_out(request, original_response=None, credentials=None):
    """The page shown once sign-in is paused: when to come back, and who can unlock sooner."""
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
