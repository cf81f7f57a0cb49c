"""Who the PT3 priorities pages are for: coordinators, who run the PT3 conversations."""

import datetime

from pep.tests.url_rules import Rule
from workshops.models import Offering
from workshops.tests.factories import OfferingFactory

TITLE = "Priorities scene: PT3 at Alder"


def _offering(people):
    return {"pk": Offering.objects.get(title=TITLE).pk}


RULES: dict[str, Rule] = {
    "workshops:offering-priorities": Rule({"coordinator"}, kwargs=_offering),
}

ADMIN_NEVER: set[str] = set()


def scene(people) -> None:
    """A PT3 offering held at district A."""
    OfferingFactory(
        title=TITLE,
        program_code="pt3",
        host_district=people.district_a,
        sessions=[(datetime.date(2026, 10, 8), 17, 19)],
    )
