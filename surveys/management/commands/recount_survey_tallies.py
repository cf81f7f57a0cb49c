from django.core.management.base import BaseCommand

from surveys.management import cycle_named
from surveys.models import InstrumentKind, SurveyCycle
from surveys.services.report_figures import report_figures_changed


class Command(BaseCommand):
    help = (
        "Count again the district tallies the Indicator 8 reports read, for the cycles named (every Indicator 8 "
        "cycle when none is). Every write keeps them; run this after changing responses or invitations outside "
        "PEP (in SQL or a shell)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycles", nargs="*", help="Cycle slugs.")

    def handle(self, *args, cycles: list[str], **options):
        chosen = (
            [cycle_named(slug, indicator8=True) for slug in cycles]
            if cycles
            else list(SurveyCycle.objects.filter(instrument__kind=InstrumentKind.INDICATOR8).order_by("pk"))
        )
        for cycle in chosen:
            report_figures_changed(cycle_ids=[cycle.pk])
        self.stdout.write(f"Counted the tallies of {len(chosen)} cycle{'' if len(chosen) == 1 else 's'}.")
