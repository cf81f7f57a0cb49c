"""What the surveys app's commands share: finding the cycle a command names."""

from django.core.management.base import CommandError

from surveys.models import InstrumentKind, SurveyCycle


def cycle_named(slug: str, *, indicator8: bool = False) -> SurveyCycle:
    """The survey cycle with this slug (an Indicator 8 one when `indicator8`), or a CommandError saying
    what is wrong."""
    cycle = SurveyCycle.objects.select_related("instrument", "school_year").filter(slug=slug).first()
    if cycle is None:
        raise CommandError(f"No survey cycle has the slug {slug!r}.")
    if indicator8 and cycle.instrument.kind != InstrumentKind.INDICATOR8:
        raise CommandError(f"{slug} is not an Indicator 8 cycle (its instrument is a {cycle.instrument.kind} survey).")
    return cycle
