"""A cycle's report figures changed: its report version moves, so figures cached under the old one are not used.

Every write that changes what the Indicator 8 reports count calls `report_figures_changed` inside its own
transaction, as its last statement (the cycle's row stays locked only until the commit): storing a response
(web, paper keying), importing a roster or responses, importing a child count (every cycle of that school
year). The version is a fresh random value each time, never a counter, so a database restored or rebuilt
beside a long-lived cache (Redis) cannot meet figures cached for another database's cycle of the same key.
"""

import uuid
from collections.abc import Iterable

from django.db.models import Q

from surveys.models import SurveyCycle


def report_figures_changed(*, cycle_ids: Iterable[int] = (), school_year_id: int | None = None) -> None:
    """Give these cycles (and every cycle of `school_year_id`, whose child count changed) a new report version."""
    condition = Q(pk__in=list(cycle_ids))
    if school_year_id is not None:
        condition |= Q(school_year_id=school_year_id)
    SurveyCycle.objects.filter(condition).update(report_version=uuid.uuid4())
