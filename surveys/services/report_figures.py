"""A cycle's report figures changed: its districts' tallies are counted again and its report version moves,
so figures cached under the old one are not used.

Every write that changes what the Indicator 8 reports count calls `report_figures_changed` inside its own
transaction, as its last statement: storing a response (web, paper keying) for its district, importing a
roster or responses for the whole cycle, importing a child count (every cycle of that school year: the
child count is not in the tallies, only the version moves). Tallies of one cycle are written one writer at
a time (a lock held until the commit), each counting what every earlier writer committed, so the last
writer's count is complete. The version is a fresh random value each time, never a counter, so a database
restored or rebuilt beside a long-lived cache (Redis) cannot meet figures cached for another database's
cycle of the same key.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from pep.bulk import advisory_lock
from surveys.models import DistrictTally, SurveyCycle
from surveys.selectors.tallies import count_districts

TALLY_LOCK = 7_309_004  # PostgreSQL advisory lock key, with the cycle's key: one tally writer per cycle


def report_figures_changed(
    *, cycle_ids: Iterable[int] = (), school_year_id: int | None = None, district_ids: Iterable[int] | None = None
) -> None:
    """Count again the tallies of these cycles (only of `district_ids`, when given), and give them (and every
    cycle of `school_year_id`, whose child count changed) a new report version."""
    cycle_ids = sorted(set(cycle_ids))
    district_ids = None if district_ids is None else sorted(set(district_ids))
    for cycle_id in cycle_ids:
        tallies_count(cycle_id, district_ids)
    condition = Q(pk__in=cycle_ids)
    if school_year_id is not None:
        condition |= Q(school_year_id=school_year_id)
    SurveyCycle.objects.filter(condition).update(report_version=uuid.uuid4())


@transaction.atomic
def tallies_count(cycle_id: int, district_ids: Iterable[int] | None = None) -> None:
    """Replace the cycle's tallies (of `district_ids` only, when given) with a fresh count; a cycle with no
    tallies kept yet (one from before they were kept) is counted whole."""
    advisory_lock(TALLY_LOCK, cycle_id)
    kept = DistrictTally.objects.filter(cycle_id=cycle_id).exists()
    chosen = None if district_ids is None or not kept else sorted(set(district_ids))
    counted = count_districts(cycle_id, chosen)
    stale = DistrictTally.objects.filter(cycle_id=cycle_id)
    if chosen is not None:
        stale = stale.filter(district_id__in=chosen)
    stale.delete()
    DistrictTally.objects.bulk_create(
        DistrictTally(cycle_id=cycle_id, district_id=district_id, counts=list(counts))
        for district_id, counts in counted.items()
    )
