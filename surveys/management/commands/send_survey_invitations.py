from django.core.management.base import BaseCommand, CommandError

from pep.refusals import Refused
from surveys.management import cycle_named
from surveys.services.invitations import invitations_send


class Command(BaseCommand):
    help = (
        "Email each parent of a survey cycle who has an email address, has not answered and was not sent it "
        "yet, the invitation with their private link and paper code, in their language. Safe to run again: "
        "nobody gets the invitation twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle", help="The cycle's slug.")

    def handle(self, *args, cycle: str, **options):
        found = cycle_named(cycle)
        try:
            sent = invitations_send(cycle=found)
        except Refused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"Queued {sent} invitation{'' if sent == 1 else 's'}.")
