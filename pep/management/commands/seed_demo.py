import importlib

from django.core.management.base import BaseCommand

# Each part of the program adds its own demo data, in dependency order.
DEMO_MODULES = ["pep.demo", "surveys.demo", "workshops.demo", "partnerships.demo"]


class Command(BaseCommand):
    help = "Create demo districts, schools, people and program data; running it again changes nothing."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.seed(self.stdout)
