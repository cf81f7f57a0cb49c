"""Counting what the Indicator 8 reports need of each district in a cycle, from the roster and the responses.

A district's counts are 40 whole numbers: invited, returned, respondents and "yes" for all parents, then
for preschool, then for school-age (12), then respondents in each category of the four dimensions (28, in
the order of CATEGORIES). `count_districts` counts them in five queries however many districts; the
writes that change them keep them in `DistrictTally` (surveys.services.report_figures), and the reports
read them from there (surveys.selectors.reports).
"""

from collections.abc import Iterable

from django.db import connections
from django.db.models import Count, Q

from surveys.models import DIMENSION_CATEGORIES, AgeGroup, Grade, Invitation, Response

# Every (dimension, category), in the order of a district's counts by category.
CATEGORIES = [
    (dimension.value, category) for dimension, choices in DIMENSION_CATEGORIES.items() for category in choices.values
]
GROUP_COUNTS = 12  # invited, returned, respondents, yes; for all, preschool, school-age
TALLY_LENGTH = GROUP_COUNTS + len(CATEGORIES)
_AGE_GROUP_OFFSETS = {AgeGroup.PRESCHOOL.value: 4, AgeGroup.SCHOOL_AGE.value: 8}


def count_districts(cycle_id: int, district_ids: Iterable[int] | None = None) -> dict[int, tuple[int, ...]]:
    """{district_id: its 40 counts} for the cycle's districts with anyone invited or any response (only
    `district_ids`, when given)."""
    invitations = Invitation.objects.filter(cycle_id=cycle_id).order_by()
    responses = Response.objects.filter(cycle_id=cycle_id).order_by()
    if district_ids is not None:
        chosen = sorted(set(district_ids))
        invitations, responses = invitations.filter(district_id__in=chosen), responses.filter(district_id__in=chosen)
    tallies: dict[int, list[int]] = {}

    def of(district_id: int) -> list[int]:
        counts = tallies.get(district_id)
        if counts is None:
            counts = tallies[district_id] = [0] * TALLY_LENGTH
        return counts

    # COUNT(*) of indexed columns only (cycle, district; the preschool index is partial): PostgreSQL counts
    # the roster from its indexes, without reading the invitations themselves.
    for district_id, invited in raw_rows(invitations.values_list("district_id").annotate(n=Count("*"))):
        of(district_id)[0] = invited
    for district_id, invited in raw_rows(
        invitations.filter(grade=Grade.PK).values_list("district_id").annotate(n=Count("*"))
    ):
        of(district_id)[4] = invited
    # Responses by age group, counted like the roster from indexes only: all those returned from the response
    # index (cycle, district, age group), the scored ones and their verdicts from the index of scored
    # responses. "all" is the sum of the age groups (a blank age group counts there only).
    for district_id, age_group, returned in raw_rows(
        responses.values_list("district_id", "age_group").annotate(n=Count("*"))
    ):
        counts = of(district_id)
        counts[1] += returned
        offset = _AGE_GROUP_OFFSETS.get(age_group)
        if offset is not None:
            counts[offset + 1] += returned
    scored = responses.filter(scored=True)
    for district_id, age_group, respondents, yes in raw_rows(
        scored.values_list("district_id", "age_group").annotate(
            n=Count("*"), yes=Count("district_id", filter=Q(counts_yes=True))
        )
    ):
        counts = of(district_id)
        counts[2] += respondents
        counts[3] += yes
        offset = _AGE_GROUP_OFFSETS.get(age_group)
        if offset is not None:
            counts[offset + 2] += respondents
            counts[offset + 3] += yes
    # Respondents in every category of every dimension: conditional counts in one pass over the index of
    # scored responses (COUNT of a column of it: Django puts no condition on COUNT(*)).
    by_category = {
        f"category_{index}": Count("district_id", filter=Q(**{dimension: category}))
        for index, (dimension, category) in enumerate(CATEGORIES)
    }
    for district_id, *respondents in raw_rows(scored.values_list("district_id").annotate(**by_category)):
        of(district_id)[GROUP_COUNTS:] = respondents
    for counts in tallies.values():
        counts[8] = counts[0] - counts[4]  # school-age parents invited: all but preschool
    return {district_id: tuple(counts) for district_id, counts in tallies.items()}


def raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the database gives them: counts need none of Django's conversions,
    which would otherwise run on each of tens of thousands of cells."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
