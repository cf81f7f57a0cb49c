from django.core.management.base import BaseCommand

from workshops.services.feedback import ASK_WITHIN, feedback_requests_send


class Command(BaseCommand):
    help = (
        f"Ask each confirmed registration of a workshop that ended within the last {ASK_WITHIN.days} days "
        "for feedback, by email, once; safe to run as often as you like."
    )

    def handle(self, *args, **options):
        asked = feedback_requests_send()
        self.stdout.write(f"Feedback requests queued: {asked}")
