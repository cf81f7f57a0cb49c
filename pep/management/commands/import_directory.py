from pathlib import Path

from django.core.management.base import BaseCommand

from pep.management.file_import import file_import
from pep.services import directory_import


class Command(BaseCommand):
    help = "Load districts and schools from the state directory CSV (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="CSV with district_code,district_name,region,school_code,school_name,grade_band",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report; save nothing.",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        result = file_import(self, path, lambda **kwargs: directory_import(dry_run=dry_run, **kwargs))
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.rows} rows: districts {result.districts_created} new, "
                f"{result.districts_updated} changed, {result.districts_unchanged} unchanged; "
                f"schools {result.schools_created} new, {result.schools_updated} changed, "
                f"{result.schools_unchanged} unchanged."
            )
        )
