"""Who the pages of the workshop programs are for."""

from pep.tests.url_rules import Rule
from workshops.models import Program


def _program(people):
    return {"pk": Program.objects.get(code="parent-college").pk}


RULES: dict[str, Rule] = {
    "workshops:program-list": Rule({"coordinator"}),
    "workshops:program-new": Rule({"coordinator"}),
    "workshops:program-edit": Rule({"coordinator"}, kwargs=_program),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """The catalog's programs come from its data migration; nothing more is needed."""
