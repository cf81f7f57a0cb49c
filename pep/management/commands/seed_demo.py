import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each part of the program adds its own demo data, in dependency order.
DEMO_MODULES = ["pep.demo", "surveys.demo", "workshops.demo", "partnerships.demo"]


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
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.seed(self.stdout)
