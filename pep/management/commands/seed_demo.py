from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pep.plugins import app_modules


class Command(BaseCommand):
    help = "Create demo districts, schools, people and program data; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo logins even though DEBUG is off (never on a real site).",
        )

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like a real site. Demo logins are created only with --force.")
        for demo in app_modules("demo"):  # each app adds its own demo data, in dependency order
            demo.seed(self.stdout)
