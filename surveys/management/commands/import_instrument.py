from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.services.instruments import InstrumentRefused, instrument_load


class Command(BaseCommand):
    help = (
        "Load a survey instrument (statements, answer scale, scoring rule) from a JSON file; the file is refused "
        "whole, with every problem listed, if it breaks any rule. The same slug and version again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The instrument file (JSON, UTF-8), as the README describes.")

    def handle(self, *args, path: Path, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            instrument, created = instrument_load(data=data)
        except InstrumentRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(refusal.problems)} problem(s) in {path}; nothing was loaded.") from None
        if not created:
            self.stdout.write(f"{instrument} is already loaded, nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {instrument}: {instrument.name_en} ({instrument.get_kind_display()}), "
                f"{instrument.items.count()} items, scoring rule {instrument.rule}, "
                f"at least {instrument.min_answered} answered to score."
            )
        )
