import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pep.models import SchoolYear
from surveys.models import Instrument
from surveys.services.cycles import cycle_create, instrument_latest


def _date(text: str, option: str, problems: list[str]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{option} {text!r} is not a date written like 2027-03-01")
        return None


class Command(BaseCommand):
    help = "Add a survey cycle: an instrument given in a school year, open from one day to another."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the instrument's version here, in place of Django's own --version (its release).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, help="The instrument's slug, such as indicator8-demo.")
        parser.add_argument("--version", dest="instrument_version", help="Its version (default: the latest loaded).")
        parser.add_argument("--year", required=True, help="The school year, written like 2026-27.")
        parser.add_argument("--slug", required=True, help="The cycle's own slug, such as indicator8-2026-27.")
        parser.add_argument("--opens", required=True, help="The first day parents can answer (YYYY-MM-DD).")
        parser.add_argument("--closes", required=True, help="The last day parents can answer (YYYY-MM-DD).")
        parser.add_argument("--target", help="The target percent for the year, from 0 to 100, such as 73.0.")
        parser.add_argument("--min-cell", type=int, default=10, help="Figures about fewer people are hidden (10).")
        parser.add_argument(
            "--threshold", default="3.0", help="Representativeness gap flagged, in percentage points (3.0)."
        )

    def handle(self, *args, **options):
        problems: list[str] = []
        instrument = self._instrument(options["instrument"], options["instrument_version"], problems)
        school_year = SchoolYear.objects.filter(label=options["year"]).first()
        if school_year is None:
            problems.append(f"no school year {options['year']!r}; add it in the admin first")
        opens_on = _date(options["opens"], "--opens", problems)
        closes_on = _date(options["closes"], "--closes", problems)
        target = self._decimal(options["target"], "--target", problems) if options["target"] else None
        threshold = self._decimal(options["threshold"], "--threshold", problems)
        if problems:
            self._refuse(problems)
        data = {
            "instrument": instrument,
            "school_year": school_year,
            "slug": options["slug"],
            "opens_on": opens_on,
            "closes_on": closes_on,
            "target": target,
            "min_cell": options["min_cell"],
            "representativeness_pp": threshold,
        }
        try:
            cycle = cycle_create(data=data)
        except ValidationError as error:
            self._refuse(
                [
                    f"{OPTIONS.get(name, name)}: {message}" if name != "__all__" else message
                    for name, messages in error.message_dict.items()
                    for message in messages
                ]
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created cycle {cycle.slug}: {instrument} in {school_year}, open {opens_on} to {closes_on}"
                + (f", target {cycle.target}%." if cycle.target is not None else ", no target.")
            )
        )

    def _instrument(self, slug: str, version: str | None, problems: list[str]) -> Instrument | None:
        if version is None:
            instrument = instrument_latest(slug)
            if instrument is None:
                problems.append(f"no instrument {slug!r}; load it with import_instrument first")
            return instrument
        instrument = Instrument.objects.filter(slug=slug, version=version).first()
        if instrument is None:
            versions = list(Instrument.objects.filter(slug=slug).values_list("version", flat=True))
            known = f" (loaded versions: {', '.join(versions)})" if versions else ""
            problems.append(f"no instrument {slug!r} version {version!r}{known}")
        return instrument

    def _decimal(self, text: str, option: str, problems: list[str]) -> Decimal | None:
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            problems.append(f"{option} {text!r} is not a number")
            return None
        return value

    def _refuse(self, problems: list[str]):
        for problem in problems:
            self.stderr.write(problem)
        raise CommandError(f"{len(problems)} problem(s); no cycle was created.")


# The command's options, named in messages about the cycle's fields.
OPTIONS = {
    "instrument": "--instrument",
    "school_year": "--year",
    "slug": "--slug",
    "opens_on": "--opens",
    "closes_on": "--closes",
    "target": "--target",
    "min_cell": "--min-cell",
    "representativeness_pp": "--threshold",
}
