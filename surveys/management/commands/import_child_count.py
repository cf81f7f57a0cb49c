from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pep.management.file_import import file_import
from pep.models import SchoolYear
from surveys.models import SurveyJob
from surveys.services.imports import CHILD_COUNT_COLUMNS, child_count_import, progress_total, result_summary


class Command(BaseCommand):
    help = (
        "Load a school year's child count by district and category; each district in the file has its "
        "counts for the year replaced (all rows or none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", help="The school year, written like 2026-27.")
        parser.add_argument("path", type=Path, help="CSV with " + ",".join(CHILD_COUNT_COLUMNS))
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args, year: str, path: Path, dry_run: bool, **options):
        school_year = SchoolYear.objects.filter(label=year).first()
        if school_year is None:
            raise CommandError(f"No school year {year!r}; add it in the admin first.")
        result = file_import(
            self,
            path,
            lambda **kwargs: child_count_import(school_year=school_year, dry_run=dry_run, **kwargs),
            progress_total,
        )
        self.stdout.write(self.style.SUCCESS(result_summary(result, SurveyJob.Kind.CHILD_COUNT)))
