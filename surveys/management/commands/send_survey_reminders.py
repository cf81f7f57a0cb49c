from django.core.management.base import BaseCommand

from surveys.management import cycle_named
from surveys.services.reminders import reminders_send
from surveys.services.responses import CycleNotOpen


class Command(BaseCommand):
    help = (
        "Remind each parent of a survey cycle who was sent the invitation by email and has not answered, at "
        "most once per the cycle's days between reminders, and only while the survey is open. Run it daily "
        "from cron: outside the survey's dates it sends nothing and says why."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")

    def handle(self, *args, cycle: str, **options):
        found = cycle_named(cycle)
        try:
            sent = reminders_send(cycle=found)
        except CycleNotOpen as refusal:
            # Not an error: a daily job keeps running before the survey opens and after it closes.
            self.stdout.write(f"Queued 0 reminders: {refusal}")
            return
        self.stdout.write(f"Queued {sent} reminder{'' if sent == 1 else 's'}.")
