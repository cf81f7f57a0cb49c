"""Workshop feedback: the public form a registration answers once, and the coordinators' summaries."""

from django.http import Http404

from pep.access import public, require_role
from pep.models import Role


@public
def registration_feedback(request, token: str):
    raise Http404


@require_role(Role.COORDINATOR)
def offering_feedback(request, pk: int):
    raise Http404


@require_role(Role.COORDINATOR)
def program_feedback(request, pk: int):
    raise Http404
