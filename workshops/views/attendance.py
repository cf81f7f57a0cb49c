"""Check-in, sign-in sheets and certificates."""

from django.http import Http404

from pep.access import public, require_role
from pep.models import Role


@require_role(Role.COORDINATOR)
def session_checkin(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def session_signin_print(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def session_signin_sheet(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def attendee_certificate(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def offering_certificates_print(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def offering_certificates(request, pk: int):
    raise Http404


@public
def registration_certificate(request, token: str, attendee_pk: int):
    raise Http404
