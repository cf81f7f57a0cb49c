"""PT3 priorities: what the parents and teachers of each school named at a PT3 conversation."""

from django.http import Http404

from pep.access import require_role
from pep.models import Role


@require_role(Role.COORDINATOR)
def offering_priorities(request, pk: int):
    raise Http404
