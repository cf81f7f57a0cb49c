"""Request-level protections: unreadable forms, caching of pages, idle sessions, and quieter 403 logs.

Nothing here imports models: the log filter is loaded while logging is configured, before the apps are.
"""

import codecs
import ipaddress
import logging
import time

from django.conf import settings
from django.shortcuts import render

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def client_address(request) -> str:
    """The visitor's IP address, for rate limits and sign-in lockouts.

    REMOTE_ADDR, unless BEHIND_TLS_PROXY says a load balancer sits in front: it appends the address it
    received the request from to X-Forwarded-For, so only the right-most entry can be trusted; anything to
    its left may have been written by the visitor to dodge a limit.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote


def _declared_charset(request) -> str | None:
    """The charset a request with a body names in its Content-Type, or None."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    params = request.content_params or {}
    return params.get("charset")


class RejectUnreadableForms:
    """Answer 400 to a body in a charset we cannot read, before anything touches request.POST.

    Browsers send our forms in UTF-8. Django refuses form bodies in any other charset by raising
    BadRequest from request.POST, and when the CSRF check is the first to read it, rendering the error
    page reads it again and the visitor gets a 500. An unknown charset is silently read as UTF-8 by
    Django; it is refused here too, since no browser sends one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = _declared_charset(request)
        if charset is not None and not self._readable(request.content_type, charset):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _readable(content_type: str, charset: str) -> bool:
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            return False
        return content_type not in FORM_CONTENT_TYPES or codec.name == "utf-8"


class PrivatePages:
    """Every page, PDF and CSV made here is about someone: no shared cache or disk may keep a copy.

    A view that set its own Cache-Control keeps it. Static files never get here: WhiteNoise answers them
    further out in the middleware list, with its own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


SESSION_SEEN_KEY = "pep_seen_at"
SESSION_REFRESH_SECONDS = 60


def note_activity(session) -> None:
    """Record that the person is active; saving the session pushes its expiry forward."""
    session[SESSION_SEEN_KEY] = int(time.time())


class SessionIdleTimeout:
    """Sign people out after SESSION_IDLE_MINUTES without a request.

    The session's expiry (SESSION_COOKIE_AGE, the idle time) is pushed forward whenever the session is
    saved. Sign-in notes the time (pep.sign_in); after that the note is renewed at most once a minute,
    so a busy person stays signed in without a write of the session on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        since_noted = time.time() - request.session.get(SESSION_SEEN_KEY, 0)
        if since_noted >= SESSION_REFRESH_SECONDS and request.user.is_authenticated:
            note_activity(request.session)
        return self.get_response(request)


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused page (403) is routine: log its one line, not the traceback of PermissionDenied."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
