"""Reading workshop feedback: who may still give it, and the summaries coordinators read."""

from django.db.models import Q
from django.utils import timezone

from workshops.models import Feedback, Registration, RegistrationStatus


def feedback_open(registration: Registration) -> bool:
    """Whether this registration may give feedback now: the workshop is over, it held a place, none given yet."""
    last_ends_at = registration.offering.last_ends_at
    if last_ends_at is None or last_ends_at > timezone.now():
        return False
    if registration.status != RegistrationStatus.CONFIRMED:
        return False
    # Someone of the family was marked present, or (where attendance was not taken) still held a seat.
    came_or_held = registration.attendees.filter(Q(attendance__isnull=False) | Q(cancelled_at__isnull=True))
    if not came_or_held.exists():
        return False
    return not Feedback.objects.filter(registration=registration).exists()
