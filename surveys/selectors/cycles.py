"""Reads for the cycle and instrument pages: lists counted in the database, a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from pep.selectors import count_of
from surveys.arithmetic import response_rate
from surveys.models import Instrument, Invitation, Item, Response, SurveyCycle


def cycles_with_counts() -> QuerySet[SurveyCycle]:
    """Every cycle, latest first, with its instrument, year, and numbers invited, returned and scored."""
    return (
        SurveyCycle.objects.select_related("instrument", "school_year")
        .annotate(
            invited=count_of(Invitation.objects.all(), "cycle"),
            returned=count_of(Response.objects.all(), "cycle"),
            respondents=count_of(Response.objects.filter(scored=True), "cycle"),
        )
        .order_by("-opens_on", "slug", "pk")
    )


@dataclass(frozen=True)
class CycleSummary:
    """What the top of a cycle's page says: how many were invited, answered and counted."""

    invited: int
    returned: int
    respondents: int

    @property
    def response_rate(self) -> Decimal | None:
        return response_rate(self.returned, self.invited)


def cycle_summary(cycle: SurveyCycle) -> CycleSummary:
    """The cycle's counts, in two queries however large it is."""
    invited = Invitation.objects.filter(cycle=cycle).count()
    responses = Response.objects.filter(cycle=cycle).aggregate(
        returned=Count("pk"), respondents=Count("pk", filter=Q(scored=True))
    )
    return CycleSummary(invited=invited, returned=responses["returned"], respondents=responses["respondents"])


def instruments_with_counts() -> QuerySet[Instrument]:
    """Every instrument loaded, by slug and newest version first, with its numbers of items and cycles."""
    return Instrument.objects.annotate(
        item_count=count_of(Item.objects.all(), "instrument"),
        cycle_count=count_of(SurveyCycle.objects.all(), "instrument"),
    ).order_by("slug", "-imported_at", "-pk")


def instrument_detail(pk: int) -> Instrument:
    """One instrument with its items and the cycles that use it, loaded in three queries (404 otherwise)."""
    return get_object_or_404(
        Instrument.objects.prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("number")),
            Prefetch("cycles", queryset=SurveyCycle.objects.select_related("school_year").order_by("-opens_on", "pk")),
        ),
        pk=pk,
    )
