import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.management import cycle_named
from surveys.selectors.reports import REPORT_COLUMNS, indicator8_report, report_csv_lines


def write_csv(path: str, header: list[str], lines: list[str]) -> None:
    """Write the header and the lines (written already, as the coordinators' download writes them) to `path`
    ("-" for standard output)."""
    if path == "-":
        csv.writer(sys.stdout).writerow(header)
        sys.stdout.writelines(lines)
        return
    try:
        with Path(path).open("w", newline="", encoding="utf-8") as output:
            csv.writer(output).writerow(header)
            output.writelines(lines)
    except OSError as problem:
        raise CommandError(f"Cannot write {path}: {problem.strerror}") from problem


class Command(BaseCommand):
    help = (
        "Write a cycle's Indicator 8 figures as CSV: a row per group (all, preschool, school_age) for the state "
        "and each district in the cycle; percents, 95% Wilson interval and response rate with one decimal; "
        "suppressed 1 where there are fewer respondents than the cycle's minimum (the numbers are still "
        "written: this file is for the state's team, never for districts or the public)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")
        parser.add_argument("output", help="Where to write the CSV file (- for standard output).")

    def handle(self, *args, cycle: str, output: str, **options):
        found = cycle_named(cycle, indicator8=True)
        report = indicator8_report(found)
        write_csv(output, REPORT_COLUMNS, report_csv_lines(report))
        if output != "-":
            self.stdout.write(f"Wrote the state and {len(report.districts)} districts of {found.slug} to {output}.")
