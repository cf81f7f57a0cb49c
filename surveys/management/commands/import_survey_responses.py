from pathlib import Path

from django.core.management.base import BaseCommand

from pep.management.file_import import file_import
from surveys.management import cycle_named
from surveys.models import SurveyJob
from surveys.services.imports import progress_total, responses_import, result_summary


class Command(BaseCommand):
    help = (
        "Store returned forms (paper_code,channel,language,q1,…,qN) of an Indicator 8 cycle, matched to "
        "invitations by paper code; a code already answered is refused, never overwritten (all rows or none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")
        parser.add_argument("path", type=Path, help="CSV with paper_code,channel,language,q1,…,qN")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args, cycle: str, path: Path, dry_run: bool, **options):
        found = cycle_named(cycle)
        result = file_import(
            self, path, lambda **kwargs: responses_import(cycle=found, dry_run=dry_run, **kwargs), progress_total
        )
        self.stdout.write(self.style.SUCCESS(result_summary(result, SurveyJob.Kind.RESPONSES)))
