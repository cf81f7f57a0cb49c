"""What takes an offering's places: the one definition the seat engine and every page count with."""

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from pep.selectors import count_of, sum_of
from workshops.models import Attendee, Childcare, Offering, Registration, RegistrationStatus


def seat_holders() -> QuerySet[Attendee]:
    """Attendees who hold a seat: in a confirmed registration, not cancelled, not walk-ins."""
    return Attendee.objects.filter(
        registration__status=RegistrationStatus.CONFIRMED, cancelled_at__isnull=True, is_walk_in=False
    )


def childcare_holders() -> QuerySet[Registration]:
    """Registrations holding childcare places (as many as their childcare_children)."""
    return Registration.objects.filter(status=RegistrationStatus.CONFIRMED, childcare=Childcare.CONFIRMED)


def with_places(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """`offerings` annotated with confirmed_seats, seats_left and childcare_left, counted as the seat engine
    counts them (workshops.services.seats.places_left)."""
    return offerings.annotate(
        confirmed_seats=count_of(seat_holders(), "offering"),
        children_in_care=sum_of(childcare_holders(), "offering", "childcare_children"),
    ).annotate(
        seats_left=F("seat_capacity") - F("confirmed_seats"),
        childcare_left=Case(
            When(childcare_offered=True, then=F("childcare_capacity") - F("children_in_care")),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
