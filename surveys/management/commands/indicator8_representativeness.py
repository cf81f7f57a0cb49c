from django.core.management.base import BaseCommand

from surveys.management import cycle_named
from surveys.management.commands.indicator8_report import write_csv
from surveys.selectors.reports import (
    REPRESENTATIVENESS_COLUMNS,
    representativeness_csv_lines,
    representativeness_report,
)


class Command(BaseCommand):
    help = (
        "Write a cycle's representativeness as CSV: for the state and each district in the cycle, each "
        "category of race and ethnicity, disability category, grade band and gender, with its share of "
        "respondents against its share of the child count of the cycle's school year (one decimal), the gap "
        "in percentage points and a flag (under, over or ok against the cycle's threshold). The state's "
        "population is the child count of the districts in the cycle."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")
        parser.add_argument("output", help="Where to write the CSV file (- for standard output).")

    def handle(self, *args, cycle: str, output: str, **options):
        found = cycle_named(cycle, indicator8=True)
        report = representativeness_report(found)
        write_csv(output, REPRESENTATIVENESS_COLUMNS, representativeness_csv_lines(report))
        if output != "-":
            self.stdout.write(f"Wrote the state and {len(report.districts)} districts of {found.slug} to {output}.")
        if not report.has_child_count:
            self.stderr.write(f"No child count of {found.school_year} covers this cycle's districts: shares only.")
