"""Coordinators' pages for workshop offerings."""

from django.http import Http404

from pep.access import require_role
from pep.models import Role


@require_role(Role.COORDINATOR)
def offering_list(request):
    raise Http404
