"""The Indicator 8 rotation: which districts were surveyed in which school year, and which are due.

A district was surveyed in a year when its parents were invited to an Indicator 8 cycle of that year. It is
due in a year when it was not surveyed in that year or the INDICATOR8_ROTATION_YEARS - 1 before it
(Illinois: every district once in six years).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DateField, Max, OuterRef, Q, QuerySet, Subquery

from pep.filters import search_districts
from pep.models import District, SchoolYear
from surveys.models import InstrumentKind, Invitation

DEFAULT_ROTATION_YEARS = 6


class Status:
    DUE = "due"
    NEVER = "never"
    NOT_DUE = "not_due"


def rotation_years() -> int:
    """How many years a district waits between Indicator 8 surveys (INDICATOR8_ROTATION_YEARS)."""
    return getattr(settings, "INDICATOR8_ROTATION_YEARS", DEFAULT_ROTATION_YEARS)


def _indicator8_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(cycle__instrument__kind=InstrumentKind.INDICATOR8)


@dataclass(frozen=True)
class Rotation:
    """The rotation as seen from one school year."""

    as_of: SchoolYear
    years: int

    @property
    def due_before(self) -> datetime.date:
        """A district last surveyed in a year starting before this day is due (never surveyed ones too)."""
        return datetime.date(self.as_of.starts_on.year - self.years + 1, 1, 1)

    def districts(self) -> QuerySet[District]:
        """Every district with `last_surveyed_on`: the first day of the latest school year, up to this one, in
        which it was surveyed (None if never), computed by the database for all districts at once."""
        latest = (
            _indicator8_invitations()
            .filter(district=OuterRef("pk"), cycle__school_year__starts_on__lte=self.as_of.starts_on)
            .order_by()
            .values("district")
            .annotate(last=Max("cycle__school_year__starts_on"))
            .values("last")
        )
        return District.objects.annotate(last_surveyed_on=Subquery(latest, output_field=DateField()))

    def due(self) -> Q:
        return Q(last_surveyed_on__isnull=True) | Q(last_surveyed_on__lt=self.due_before)

    def filtered(self, *, status: str = "", name: str = "") -> QuerySet[District]:
        """The districts by name, narrowed to a status (due, never, not_due) and a name or code."""
        districts = self.districts()
        if status == Status.DUE:
            districts = districts.filter(self.due())
        elif status == Status.NEVER:
            districts = districts.filter(last_surveyed_on__isnull=True)
        elif status == Status.NOT_DUE:
            districts = districts.exclude(self.due())
        if name.strip():
            districts = search_districts(districts, name)
        return districts.order_by("name", "code", "pk")

    def counts(self) -> dict[str, int]:
        """How many districts in all, due (never surveyed included) and never surveyed: one query."""
        return self.districts().aggregate(
            total=Count("pk"),
            due=Count("pk", filter=self.due()),
            never=Count("pk", filter=Q(last_surveyed_on__isnull=True)),
        )

    def next_due(self, district: District) -> str | None:
        """The school year in which the district is next due, once it is not due now."""
        if district.last_surveyed_on is None or district.last_surveyed_on < self.due_before:
            return None
        return SchoolYear.label_for(district.last_surveyed_on.year + self.years)


def surveyed_years(districts: list[District]) -> dict[int, list[str]]:
    """For each district's pk, the school years in which it was surveyed, oldest first (one query)."""
    pairs = (
        _indicator8_invitations()
        .filter(district__in=[district.pk for district in districts])
        .order_by()
        .values_list("district", "cycle__school_year__label", "cycle__school_year__starts_on")
        .distinct()
    )
    years: dict[int, list[tuple]] = defaultdict(list)
    for district_pk, label, starts_on in pairs:
        years[district_pk].append((starts_on, label))
    return {pk: [label for _starts, label in sorted(found)] for pk, found in years.items()}
