from pathlib import Path

from django.core.management.base import BaseCommand

from pep.management.file_import import file_import
from surveys.management import cycle_named
from surveys.models import SurveyJob
from surveys.services.imports import ROSTER_COLUMNS, progress_total, result_summary, roster_import


class Command(BaseCommand):
    help = (
        "Invite the parents of a roster CSV to an Indicator 8 cycle, each with a web and a paper code "
        "(all rows or none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")
        parser.add_argument("path", type=Path, help="CSV with " + ",".join(ROSTER_COLUMNS))
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args, cycle: str, path: Path, dry_run: bool, **options):
        found = cycle_named(cycle)
        result = file_import(
            self, path, lambda **kwargs: roster_import(cycle=found, dry_run=dry_run, **kwargs), progress_total
        )
        self.stdout.write(self.style.SUCCESS(result_summary(result, SurveyJob.Kind.ROSTER)))
