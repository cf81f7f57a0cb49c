"""Who the coordinators' offering pages are for: coordinators only."""

from pep.tests.url_rules import Rule
from workshops.models import Feedback, LanguageSupport, Offering, Pt3Priority, Registration, Usefulness
from workshops.tests.factories import OfferingFactory, register

TITLE = "Offering of the access scene"


def _offering(people):
    return {"pk": Offering.objects.get(title=TITLE).pk}


def _registration(people):
    registration = Registration.objects.filter(offering__title=TITLE).order_by("pk").first()
    return {"pk": registration.offering_id, "registration_pk": registration.pk}


COORDINATORS = {"coordinator"}

RULES: dict[str, Rule] = {
    "workshops:offering-list": Rule(COORDINATORS),
    "workshops:offering-new": Rule(COORDINATORS),
    "workshops:offering-dashboard": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-edit": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-copy": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-cancel": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-registrations-csv": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-attendees-csv": Rule(COORDINATORS, kwargs=_offering),
    "workshops:offering-registration-confirm": Rule(COORDINATORS, kwargs=_registration, method="post"),
    "workshops:offering-registration-move": Rule(COORDINATORS, kwargs=_registration, method="post"),
    "workshops:offering-registration-cancel": Rule(COORDINATORS, kwargs=_registration, method="post"),
}

# Seats are taken and freed only through the seat engine, and feedback is the families' own words.
ADMIN_NEVER: set[str] = {
    "admin:workshops_registration_add",
    "admin:workshops_registration_delete",
    "admin:workshops_attendee_add",
    "admin:workshops_attendee_delete",
    "admin:workshops_feedback_add",
}


def scene(people) -> None:
    """An offering with a registration, a PT3 priority and feedback: one row of each model the admin shows."""
    offering = OfferingFactory(title=TITLE, host_district=people.district_a)
    registration = register(offering, "Rosa Rules", "Ramón Rules")
    Pt3Priority.objects.create(offering=offering, school=people.school_a, rank=1, text="Homework help at night")
    Feedback.objects.create(
        registration=registration,
        offering=offering,
        usefulness=Usefulness.VERY,
        language_support=LanguageSupport.ENOUGH,
        language="en",
    )
