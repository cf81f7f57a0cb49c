"""Demo data for the core: school years, three districts with schools, one login per role.

Idempotent: objects are found by their natural keys and created only when missing, so a
second run changes nothing. Generated passwords are kept in var/ so they can be printed again.
"""

import datetime
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import District, Language, Membership, Role, School, SchoolYear

DEMO_LOGINS_FILE = settings.VAR_DIR / "demo-logins.json"

DISTRICTS = [
    # code, name, region, schools: (code, name, grade band, home languages)
    (
        "DEMO-0101",
        "Prairie Valley CUSD 7",
        "Central",
        [
            ("DEMO-0101-01", "Lincoln Elementary School", "PK-5", ["en", "es"]),
            ("DEMO-0101-02", "Washington Middle School", "6-8", ["en", "es", "ar"]),
            ("DEMO-0101-03", "Prairie Valley High School", "9-12", ["en", "es", "pl"]),
        ],
    ),
    (
        "DEMO-0202",
        "Riverbend School District 112",
        "North",
        [
            ("DEMO-0202-01", "Riverside Early Learning Center", "PK-K", ["en", "es"]),
            ("DEMO-0202-02", "Oak Street Elementary School", "1-5", ["en", "es", "ur"]),
            ("DEMO-0202-03", "Riverbend Junior High", "6-8", ["en", "pl", "uk"]),
        ],
    ),
    (
        "DEMO-0303",
        "Cedar Grove District 45",
        "South",
        [
            ("DEMO-0303-01", "Cedar Grove Elementary", "K-6", ["en"]),
            ("DEMO-0303-02", "Cedar Grove Community High School", "7-12", ["en", "es"]),
        ],
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    scope_code: str = ""  # district code for leaders, school code for school roles
    login: bool = True  # people without a login fill rosters only


PEOPLE = [
    DemoPerson("coordinator", "Marisol", "Vega", Role.COORDINATOR),
    DemoPerson("district.leader", "Daniel", "Okafor", Role.DISTRICT_LEADER, "DEMO-0101"),
    DemoPerson("team.member", "Grace", "Kowalski", Role.SCHOOL_TEAM, "DEMO-0101-01"),
    DemoPerson("parent.leader", "Lucía", "Hernández", Role.PARENT_LEADER, "DEMO-0101-01"),
    DemoPerson(
        "riverbend.leader",
        "Aisha",
        "Rahman",
        Role.DISTRICT_LEADER,
        "DEMO-0202",
        login=False,
    ),
    DemoPerson(
        "lincoln.principal",
        "Thomas",
        "Reed",
        Role.SCHOOL_TEAM,
        "DEMO-0101-01",
        login=False,
    ),
    DemoPerson(
        "lincoln.teacher2",
        "Ana",
        "Morales",
        Role.SCHOOL_TEAM,
        "DEMO-0101-01",
        login=False,
    ),
    DemoPerson(
        "lincoln.teacher4",
        "Kevin",
        "Brooks",
        Role.SCHOOL_TEAM,
        "DEMO-0101-01",
        login=False,
    ),
    DemoPerson(
        "lincoln.parent",
        "Fatima",
        "Haddad",
        Role.SCHOOL_TEAM,
        "DEMO-0101-01",
        login=False,
    ),
    DemoPerson(
        "washington.chair",
        "Robert",
        "Lee",
        Role.SCHOOL_TEAM,
        "DEMO-0101-02",
        login=False,
    ),
]


def school_years_for(today: datetime.date) -> list[SchoolYear]:
    """The previous, current (July to June, around `today`) and next school years."""
    first = today.year if today.month >= 7 else today.year - 1
    years = []
    for offset in (-1, 0, 1):
        start = first + offset
        year, _ = SchoolYear.objects.get_or_create(
            label=SchoolYear.label_for(start),
            defaults={
                "starts_on": datetime.date(start, 7, 1),
                "ends_on": datetime.date(start + 1, 6, 30),
                "planning_opens_on": datetime.date(start, 3, 1),
            },
        )
        years.append(year)
    if not SchoolYear.objects.filter(is_current=True).exists():
        SchoolYear.objects.filter(pk=years[1].pk).update(is_current=True)
    return years


def _districts() -> None:
    languages = {language.code: language for language in Language.objects.all()}
    for code, name, region, schools in DISTRICTS:
        district, _ = District.objects.get_or_create(
            code=code, defaults={"name": name, "region": region, "receives_title_i": code != "DEMO-0303"}
        )
        for school_code, school_name, grade_band, language_codes in schools:
            school, created = School.objects.get_or_create(
                code=school_code,
                defaults={
                    "district": district,
                    "name": school_name,
                    "grade_band": grade_band,
                },
            )
            if created:
                school.home_languages.set([languages[c] for c in language_codes if c in languages])


def _passwords() -> dict[str, str]:
    if DEMO_LOGINS_FILE.exists():
        return json.loads(DEMO_LOGINS_FILE.read_text())
    return {}


def _save_passwords(passwords: dict[str, str]) -> None:
    DEMO_LOGINS_FILE.parent.mkdir(exist_ok=True)
    DEMO_LOGINS_FILE.write_text(json.dumps(passwords, indent=2))
    DEMO_LOGINS_FILE.chmod(0o600)


def _people() -> list[tuple[DemoPerson, str]]:
    """Create the demo people; return (person, password) for each login, as far as it is known."""
    User = get_user_model()
    passwords = _passwords()
    logins = []
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username}@demo.pep.invalid",
            )
            if person.login:
                passwords[person.username] = settings.DEMO_PASSWORD or secrets.token_urlsafe(9)
                user.set_password(passwords[person.username])
            else:
                user.set_unusable_password()
            user.save()
        _membership(user, person)
        if person.login:
            logins.append((person, passwords.get(person.username, "")))
    _save_passwords(passwords)
    return logins


def _membership(user, person: DemoPerson) -> None:
    scope = {}
    if person.role == Role.DISTRICT_LEADER:
        scope["district"] = District.objects.get(code=person.scope_code)
    elif person.scope_code:
        scope["school"] = School.objects.get(code=person.scope_code)
    Membership.objects.get_or_create(user=user, role=person.role, **scope)


@transaction.atomic
def seed(stdout) -> None:
    """Create the core demo data, and print who can log in."""
    years = school_years_for(timezone.localdate())
    _districts()
    logins = _people()
    stdout.write(f"School years: {', '.join(year.label for year in years)}")
    stdout.write("Demo logins (username / password / role):")
    for person, password in logins:
        shown = password or "(set before; reset it with: python manage.py changepassword " + person.username + ")"
        stdout.write(f"  {person.username:<16} {shown:<16} {Role(person.role).label}")
