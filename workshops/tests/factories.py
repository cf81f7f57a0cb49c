"""Test scenes for workshops. Offerings are built with their sessions; registrations go through
`registration_create`, the service the public form uses, so seats and waiting lists are real.

The clock is pinned (conftest.TESTS_TODAY, 15 Oct 2026): offerings default to registration open
from a month before until the first session, in November 2026.
"""

import datetime
import itertools

import factory
from django.utils import timezone

from pep.models import Language
from workshops.models import Offering, OfferingStatus, Program, RegistrantRole, Session
from workshops.services.offerings import keep_dates_in_step
from workshops.services.seats import AttendeeData, RegistrationData, registration_create


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    """`hour` o'clock on `day`, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class OfferingFactory(factory.django.DjangoModelFactory):
    """An open offering; `sessions=[(date, start hour, end hour), ...]` (default one, 7 Nov 2026 9 to 15)."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    class Params:
        program_code = "parent-leadership-101"

    program = factory.LazyAttribute(lambda o: Program.objects.get(code=o.program_code))
    title = factory.Sequence(lambda n: f"Parent Leadership 101, group {n}")
    language = factory.LazyFunction(lambda: Language.objects.get(code="en"))
    place_name = "Lincoln Elementary School"
    address = "100 Main Street, Springfield"
    seat_capacity = 20
    registration_opens_at = factory.LazyFunction(lambda: _at(datetime.date(2026, 9, 15), 8))
    registration_closes_at = factory.LazyFunction(lambda: _at(datetime.date(2026, 11, 6), 17))
    status = OfferingStatus.OPEN

    @factory.post_generation
    def sessions(offering, create, extracted, **kwargs):
        sessions = Session.objects.bulk_create(
            Session(offering=offering, starts_at=_at(day, start), ends_at=_at(day, end))
            for day, start, end in extracted or [(datetime.date(2026, 11, 7), 9, 15)]
        )
        keep_dates_in_step(offering, sessions)  # the first and last dates, as the offering services keep them
        offering.save(update_fields=["first_starts_at", "last_ends_at"])


_contacts = itertools.count(1)


def register(offering: Offering, *names: str, **fields):
    """Register a block of people (default one) through the service; `fields` set RegistrationData."""
    names = names or ("Ana Pérez",)
    data = {
        "contact_name": names[0],
        "contact_email": f"family{next(_contacts)}@example.org",
        "role": RegistrantRole.PARENT,
        "language": "en",
        "attendees": [AttendeeData(name=name, role=RegistrantRole.PARENT) for name in names],
    }
    data.update(fields)
    return registration_create(offering=offering, data=RegistrationData(**data))
