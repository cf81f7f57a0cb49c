from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.management import cycle_named
from surveys.services.imports import INVITATION_EXPORT_COLUMNS, invitation_export_record, write_invitations_csv


class Command(BaseCommand):
    help = (
        "Write an Indicator 8 cycle's invitations for a mail house: " + ",".join(INVITATION_EXPORT_COLUMNS) + ". "
        "The codes let anyone answer: keep the file safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")
        parser.add_argument("path", type=Path, help="Where to write the CSV.")

    def handle(self, *args, cycle: str, path: Path, **options):
        found = cycle_named(cycle, indicator8=True)
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                written = write_invitations_csv(found, out)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        invitation_export_record(cycle=found, actor=None)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} invitations to {path}."))
