"""Demo workshops: an offering of every program, dated around the day the demo is seeded.

- PT3 at Lincoln Elementary, in three weeks, with interpretation and childcare;
- Parent Leadership 101 (two days, in ten days): nearly full, one seat left and a waiting list of
  families of two and three that do not fit it;
- District Leadership Institute (one day, in a month), for district leaders;
- School-Based Action Team for Partnerships (full day, six weeks ago): everyone attended, so every
  attendee has earned a certificate;
- Parent College: eight monthly Saturdays from September to April of this school year, one of them a
  campus visit day; attendance is taken for the Saturdays already past.

Offerings are made by the demo coordinator through `offering_create`, the service the coordinators'
form uses; registrations go through `registration_create`, the service the public form uses, each at
a moment inside its offering's registration window, so seats and waiting lists are real. Their messages
(dozens, each with an .ics file) are rendered and sent nowhere: during seeding tasks run at once and
mail goes to Django's in-memory outbox, whatever the site's mail and task settings say, and the
task runner's log lines about them are held back.

Idempotent: an offering is found by its title and left as it is when it exists.
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from pep.models import District, Language, School, SchoolYear
from workshops.models import (
    Attendance,
    Attendee,
    Offering,
    OfferingStatus,
    Program,
    RegistrantRole,
    Registration,
    RegistrationStatus,
    Session,
)
from workshops.services.offerings import SessionData, offering_create
from workshops.services.seats import AttendeeData, RegistrationData, registration_create

# While seeding, tasks run at once and mail goes to Django's in-memory outbox. Messages are queued by
# pep.notifications through the task backend and mail backend that settings name, and neither takes
# another backend from its caller, so the only way to keep the demo's messages from reaching a real mail
# server or queue is to change those two settings for the length of the seeding (override_settings, in
# this one management-command process). A way to hold messages back in pep.notifications would replace it.
SEEDING = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}

PT3 = "PT3 at Lincoln Elementary School"
LEADERSHIP = "Parent Leadership 101 at Prairie Valley"
INSTITUTE = "District Leadership Institute"
ACTION_TEAMS = "School-Based Action Teams: a day of planning"


def parent_college_title(year: SchoolYear) -> str:
    return f"Parent College {year.label}"


@dataclass(frozen=True)
class Family:
    """One registration: its contact (the first name) and the people who come."""

    names: tuple[str, ...]
    language: str = "en"  # of the messages
    role: str = RegistrantRole.PARENT
    school: str = ""  # school code
    interpretation: str = ""  # language code
    children: int = 0
    ages: str = ""
    accommodations: str = ""
    dietary: str = ""
    phone: str = ""  # some families give only a phone number

    @property
    def email(self) -> str:
        if self.phone:
            return ""
        first, *rest = self.names[0].lower().split()
        last = rest[-1] if rest else "family"
        return f"{first}.{last}@example.org".translate(str.maketrans("áéíóúñü", "aeiounu", "'"))


PT3_FAMILIES = [
    Family(
        ("Rosa Martínez", "Luis Martínez"), "es", school="DEMO-0101-01", interpretation="es", children=2, ages="4, 7"
    ),
    Family(("Grace Kowalski",), role=RegistrantRole.TEACHER, school="DEMO-0101-01"),
    Family(("Ana Morales",), role=RegistrantRole.TEACHER, school="DEMO-0101-01"),
    Family(("Thomas Reed",), role=RegistrantRole.ADMINISTRATOR, school="DEMO-0101-01"),
    Family(("Fatima Haddad", "Omar Haddad"), school="DEMO-0101-01", interpretation="ar", children=1, ages="5"),
    Family(("Guadalupe Torres",), "es", school="DEMO-0101-01", interpretation="es", phone="+13125550141"),
    Family(("Megan O'Brien",), school="DEMO-0101-01", dietary="Vegetarian"),
]

LEADERSHIP_FAMILIES = [  # 19 of 20 seats, then three blocks that do not fit the one seat left
    Family(
        ("María González", "José González"), "es", school="DEMO-0101-01", interpretation="es", children=2, ages="3, 6"
    ),
    Family(("Jennifer Walsh",), school="DEMO-0101-02"),
    Family(("Ahmed Yousef", "Layla Yousef"), school="DEMO-0101-02", interpretation="ar", children=1, ages="8"),
    Family(("Carmen Ruiz", "Pedro Ruiz", "Elena Ruiz"), "es", school="DEMO-0101-03", interpretation="es"),
    Family(("Patricia Nowak",), school="DEMO-0101-03", interpretation="pl"),
    Family(("Brian Carter", "Lisa Carter"), school="DEMO-0101-01", accommodations="Wheelchair access, please."),
    Family(("Verónica Flores",), "es", school="DEMO-0101-02", interpretation="es", children=3, ages="2, 5, 9"),
    Family(("Daniel Kim", "Soo-jin Kim"), school="DEMO-0101-01", dietary="No pork"),
    Family(("Miguel Sánchez", "Rocío Sánchez"), "es", school="DEMO-0101-01", interpretation="es", phone="+13125550177"),
    Family(("Hannah Schultz", "Mark Schultz"), school="DEMO-0101-02"),
    Family(("Yolanda Reyes",), "es", school="DEMO-0101-03", interpretation="es", children=1, ages="4"),
    # the waiting list
    Family(
        ("Sofía Ramírez", "Andrés Ramírez"), "es", school="DEMO-0101-01", interpretation="es", children=2, ages="5, 7"
    ),
    Family(("Karen Mitchell", "Tom Mitchell", "Ruth Mitchell"), school="DEMO-0101-02"),
    Family(("Irina Kowalczyk", "Piotr Kowalczyk"), school="DEMO-0101-03", interpretation="pl"),
]

INSTITUTE_PEOPLE = [
    Family(("Daniel Okafor",), role=RegistrantRole.DISTRICT_LEADER),
    Family(("Aisha Rahman",), role=RegistrantRole.DISTRICT_LEADER),
    Family(("Laura Jensen", "Mike Duarte"), role=RegistrantRole.ADMINISTRATOR),
    Family(("Beatriz Ortega",), "es", role=RegistrantRole.COMMUNITY_PARTNER, interpretation="es"),
]

ACTION_TEAM_PEOPLE = [  # school teams: all came, all earned a certificate
    Family(("Grace Kowalski", "Thomas Reed", "Fatima Haddad"), role=RegistrantRole.TEACHER, school="DEMO-0101-01"),
    Family(("Robert Lee", "Susan Park"), role=RegistrantRole.TEACHER, school="DEMO-0101-02"),
    Family(("Nadia Petrenko", "Oleh Petrenko"), school="DEMO-0202-03", interpretation="uk"),
    Family(("Julia Castillo",), "es", role=RegistrantRole.PARENT, school="DEMO-0202-02", interpretation="es"),
]

COLLEGE_FAMILIES = [
    Family(
        ("Lucía Hernández", "Raúl Hernández"),
        "es",
        school="DEMO-0101-01",
        interpretation="es",
        children=2,
        ages="6, 10",
    ),
    Family(("Adriana Vargas",), "es", school="DEMO-0202-01", interpretation="es", children=1, ages="3"),
    Family(("Keisha Johnson",), school="DEMO-0101-02"),
    Family(("Zainab Qureshi", "Imran Qureshi"), school="DEMO-0202-02", interpretation="ur"),
    Family(("Esperanza Díaz",), "es", school="DEMO-0303-02", interpretation="es", phone="+13125550163"),
    Family(("Paul Novak",), school="DEMO-0202-03"),
]


CAMPUS_VISIT = "Campus visit day"
CAMPUS = {"place_name": "Prairie State College", "address": "202 South Halsted Street, Chicago Heights"}
COLLEGE_TOPICS = [  # September to April
    "Welcome: how our schools work",
    "Reading and math at home",
    "Report cards and parent-teacher conferences",
    "Talking with teachers and counselors",
    "Planning for high school and beyond",
    "Paying for college",
    CAMPUS_VISIT,
    "Leading in your school",
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _saturdays(year: SchoolYear) -> list[datetime.date]:
    """The third Saturday of each month from September to April of `year`."""
    days = []
    for month in (9, 10, 11, 12, 1, 2, 3, 4):
        first = datetime.date(year.starts_on.year + (month < 7), month, 1)
        days.append(first + datetime.timedelta(days=(5 - first.weekday()) % 7 + 14))
    return days


class Seeder:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.languages = {language.code: language for language in Language.objects.all()}
        # The core demo's coordinator (pep.demo, seeded first) creates the offerings and takes attendance.
        self.coordinator = get_user_model().objects.get(username="coordinator")
        self.made: list[str] = []

    def offering(
        self,
        title: str,
        program: str,
        sessions: list[SessionData],
        *,
        seats: int,
        interpretation: tuple[str, ...] = (),
        childcare: int = 0,
        host: str = "",
        place: tuple[str, str, str] = ("", "", ""),
        opens_days_before: int = 45,
        sessions_required: int | None = None,
        language: str = "en",
    ) -> Offering | None:
        """Create an open offering with its sessions, as a coordinator would, unless one with this title exists."""
        if Offering.objects.filter(title=title).exists():
            return None
        first = min(session.starts_at for session in sessions)
        place_name, address, room = place
        data = {
            "program": Program.objects.get(code=program),
            "title": title,
            "host_district": District.objects.filter(code=host).first() if host else None,
            "language": self.languages[language],
            "place_name": place_name,
            "address": address,
            "room": room,
            "accessibility_notes": "Step-free entrance on the parking-lot side; elevator to every floor.",
            "seat_capacity": seats,
            "childcare_offered": bool(childcare),
            "childcare_ages": "2 to 12" if childcare else "",
            "childcare_capacity": childcare,
            "registration_opens_at": first - datetime.timedelta(days=opens_days_before),
            "registration_closes_at": first - datetime.timedelta(days=1),
            "sessions_required": sessions_required,
            "status": OfferingStatus.OPEN,
            "interpretation_languages": [self.languages[code] for code in interpretation],
        }
        offering = offering_create(actor=self.coordinator, data=data, sessions=sessions)
        self.made.append(title)
        return offering

    def register(self, offering: Offering, families: list[Family]) -> None:
        """Register each family in turn, an hour apart, at moments inside the registration window."""
        when = max(offering.registration_opens_at, offering.registration_closes_at - datetime.timedelta(days=30))
        when = min(when, self.now - datetime.timedelta(hours=len(families) + 1))
        when = max(when, offering.registration_opens_at + datetime.timedelta(minutes=1))
        for family in families:
            school = School.objects.filter(code=family.school).first() if family.school else None
            registration = registration_create(
                offering=offering,
                data=RegistrationData(
                    contact_name=family.names[0],
                    contact_email=family.email,
                    contact_phone=family.phone,
                    role=family.role,
                    language=family.language,
                    attendees=[AttendeeData(name=name, role=family.role) for name in family.names],
                    district=school.district if school else None,
                    school=school,
                    interpretation_language=self.languages.get(family.interpretation),
                    childcare_children=family.children,
                    childcare_ages=family.ages,
                    accommodations=family.accommodations,
                    dietary_needs=family.dietary,
                    consent_to_contact=True,
                ),
                now=when,
            )
            Registration.objects.filter(pk=registration.pk).update(created_at=when)
            when += datetime.timedelta(hours=1)

    def attendance(self, offering: Offering, absent_per_session: int = 0) -> None:
        """Mark everyone registered present at each session already over, but for a few absences."""
        attendees = list(Attendee.objects.filter(offering=offering, cancelled_at__isnull=True).order_by("pk"))
        rows = []
        for number, session in enumerate(offering.sessions.filter(ends_at__lt=self.now).order_by("starts_at")):
            absent = {(number * 3 + k) % len(attendees) for k in range(absent_per_session)} if attendees else set()
            rows += [
                Attendance(attendee=person, session=session, marked_at=session.ends_at, marked_by=self.coordinator)
                for index, person in enumerate(attendees)
                if index not in absent
            ]
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)

    def close_if_over(self, offering: Offering) -> None:
        """An offering whose registration window has passed is closed, as a coordinator would leave it."""
        if offering.registration_closes_at <= self.now:
            Offering.objects.filter(pk=offering.pk).update(status=OfferingStatus.CLOSED)

    def seed(self) -> None:
        today = self.today
        lincoln = ("Lincoln Elementary School", "100 Main Street, Prairie Valley", "Library")
        pt3_day = today + datetime.timedelta(days=21)
        pt3 = self.offering(
            PT3,
            "pt3",
            [SessionData(_at(pt3_day, 17, 30), _at(pt3_day, 19, 30))],
            seats=40,
            interpretation=("es", "ar"),
            childcare=15,
            host="DEMO-0101",
            place=lincoln,
        )
        if pt3:
            self.register(pt3, PT3_FAMILIES)

        day_one = today + datetime.timedelta(days=10)
        day_two = day_one + datetime.timedelta(days=1)
        leadership = self.offering(
            LEADERSHIP,
            "parent-leadership-101",
            [
                SessionData(_at(day_one, 9), _at(day_one, 15), "Day 1: Schools and how they work"),
                SessionData(_at(day_two, 9), _at(day_two, 15), "Day 2: Leading with other parents"),
            ],
            seats=20,
            interpretation=("es", "ar", "pl"),
            childcare=10,
            host="DEMO-0101",
            place=("Washington Middle School", "250 Oak Avenue, Prairie Valley", "Cafeteria"),
        )
        if leadership:
            self.register(leadership, LEADERSHIP_FAMILIES)

        institute_day = today + datetime.timedelta(days=30)
        institute = self.offering(
            INSTITUTE,
            "district-leadership-institute",
            [SessionData(_at(institute_day, 8, 30), _at(institute_day, 15, 30))],
            seats=60,
            interpretation=("es",),
            place=("Illinois State Board of Education", "100 North First Street, Springfield", "Conference room B"),
            opens_days_before=60,
        )
        if institute:
            self.register(institute, INSTITUTE_PEOPLE)

        team_day = today - datetime.timedelta(days=42)
        teams = self.offering(
            ACTION_TEAMS,
            "school-action-team",
            [SessionData(_at(team_day, 8, 30), _at(team_day, 15, 30))],
            seats=30,
            interpretation=("es", "uk"),
            place=("Riverbend District Office", "12 River Road, Riverbend", "Board room"),
        )
        if teams:
            self.register(teams, ACTION_TEAM_PEOPLE)
            self.attendance(teams)
            self.close_if_over(teams)

        year = SchoolYear.objects.current()
        days = _saturdays(year)
        sessions = [
            SessionData(_at(day, 9), _at(day, 12, 30), topic, **(CAMPUS if topic == CAMPUS_VISIT else {}))
            for day, topic in zip(days, COLLEGE_TOPICS, strict=True)
        ]
        college = self.offering(
            parent_college_title(year),
            "parent-college",
            sessions,
            seats=35,
            interpretation=("es", "ur"),
            childcare=12,
            place=("Prairie Valley High School", "400 College Drive, Prairie Valley", "Room 114"),
            opens_days_before=(days[0] - year.starts_on).days,  # from the school year's start
            sessions_required=6,
        )
        if college:
            self.register(college, COLLEGE_FAMILIES)
            self.attendance(college, absent_per_session=1)
            self.close_if_over(college)


@contextmanager
def _quiet_tasks():
    """The task runner logs two lines per message it runs: dozens while seeding, of no use there."""
    logger = logging.getLogger("django_tasks")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def seed(stdout) -> None:
    """Add the demo workshops; print one line about what was made. Their messages go nowhere."""
    with override_settings(**SEEDING), _quiet_tasks():
        made = _seed()
    if made:
        registrations = Registration.objects.filter(offering__title__in=made)
        waiting = registrations.filter(status=RegistrationStatus.WAITING).count()
        marked = Session.objects.filter(offering__title__in=made, attendance__isnull=False).distinct().count()
        stdout.write(
            f"Workshops: {len(made)} offerings, {registrations.count()} registrations ({waiting} waiting), "
            f"attendance taken at {marked} past sessions"
        )
    else:
        stdout.write("Workshops: the demo offerings exist already; nothing added")


@transaction.atomic
def _seed() -> list[str]:
    seeder = Seeder(timezone.now())
    seeder.seed()
    return seeder.made
