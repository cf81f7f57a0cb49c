import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pep.services import directory_import

PROGRESS_FROM_ROWS = 500  # smaller files finish before a bar would be worth drawing


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
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        rows = data.count(b"\n")
        with tqdm(
            total=rows,
            unit="rows",
            file=sys.stderr,
            disable=rows < PROGRESS_FROM_ROWS,
            leave=False,
        ) as bar:
            result = directory_import(data=data, dry_run=dry_run, progress=bar.update)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"line {error.line}: {error.message}")
            raise CommandError(f"{len(result.errors)} bad row(s) in {path}; nothing was imported.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.rows} rows: districts {result.districts_created} new, "
                f"{result.districts_updated} changed, {result.districts_unchanged} unchanged; "
                f"schools {result.schools_created} new, {result.schools_updated} changed, "
                f"{result.schools_unchanged} unchanged."
            )
        )
