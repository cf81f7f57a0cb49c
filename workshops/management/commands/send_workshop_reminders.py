from django.core.management.base import BaseCommand, CommandError

from workshops.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Remind confirmed registrants of each workshop session starting within the next days, once per "
        "session however often this runs (run it hourly from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind of sessions starting within this many days (default: WORKSHOP_REMINDER_DAYS).",
        )

    def handle(self, *args, days: int | None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        queued = reminders_send(days=days)
        self.stdout.write(f"Queued {queued} session reminder{'' if queued == 1 else 's'}.")
