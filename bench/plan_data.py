"""Believable plan content for the bench: districts, goals and activities as people write them.

Everything is drawn from a seeded random generator, so each run loads the same data.
Import only after Django is set up.
"""

import datetime
import random
from decimal import Decimal

from partnerships.models import FundingSource, GoalKind
from pep.models import GRADES, SchoolYear

TOWNS = [
    "Alton", "Aurora", "Belleville", "Bloomington", "Cairo", "Carbondale", "Champaign", "Danville",
    "Decatur", "DeKalb", "Dixon", "Effingham", "Elgin", "Evanston", "Freeport", "Galesburg", "Harvey",
    "Jacksonville", "Joliet", "Kankakee", "Lincoln", "Macomb", "Marion", "Mattoon", "Moline", "Naperville",
    "Normal", "Ottawa", "Pekin", "Peoria", "Quincy", "Rantoul", "Rockford", "Rock Island", "Skokie",
    "Springfield", "Sterling", "Streator", "Urbana", "Vandalia", "Waukegan", "Wheaton", "Woodstock",
]  # fmt: skip
DISTRICT_KINDS = ["SD", "CUSD", "CCSD", "ESD", "CHSD", "Unit District"]
SCHOOL_KINDS = [("Elementary", "K-5"), ("Primary", "PK-2"), ("Middle", "6-8"), ("High", "9-12"), ("Academy", "K-8")]
SCHOOL_NAMES = [
    "Lincoln", "Washington", "Jefferson", "Roosevelt", "King", "Douglass", "Addams", "Garfield", "Prairie",
    "Riverside", "Oak Grove", "Cedar", "Hillcrest", "Meadowview", "Lakeview", "Sunset Ridge", "Parkside",
]  # fmt: skip

GOALS = [
    (GoalKind.ACADEMIC, "More students read at grade level by spring.", "Spring reading assessment", "48%", "56%"),
    (GoalKind.ACADEMIC, "Fewer students fail a core class in grade 9.", "Semester grade reports", "14%", "10%"),
    (GoalKind.ACADEMIC, "More students meet the math standard.", "State math assessment", "41%", "47%"),
    (GoalKind.BEHAVIOURAL, "Fewer students are chronically absent.", "Attendance records", "18%", "12%"),
    (GoalKind.WELCOMING_CLIMATE, "Families feel welcome at school.", "Family perceptions survey", "71%", "80%"),
    (GoalKind.OTHER, "More families take part in decisions.", "Sign-in sheets of team meetings", "6", "12"),
]
ACTIVITIES = [
    "Family reading night", "Math game night", "Back-to-school picnic", "Report card workshop",
    "College and financial aid night", "Volunteer orientation", "Family science fair", "Coffee with the principal",
    "Kindergarten transition visit", "Attendance awareness month", "Community resource fair",
    "Parent College Saturday", "Home visits by teachers", "Welcome walk for new families",
    "Take-home book bags", "Student-led conferences", "Health and wellness fair", "Grade 8 to 9 transition night",
]  # fmt: skip
PEOPLE = ["Ms. Ortiz", "Mr. Nguyen", "Dr. Patel", "Mrs. Johnson", "Coach Rivera", "Ms. Kowalski", "Mr. Haddad"]
HOW_JUDGED = [
    "Sign-in sheets and a short family survey",
    "Number of families attending compared with last year",
    "Exit cards from families and staff",
    "Reading logs returned each month",
]
EVALUATION_NOTES = [
    "Families came back for the second night.",
    "Childcare and dinner made the difference.",
    "Start earlier in the year and send reminders by text.",
    "Hold it on a Saturday morning next time.",
]


def school_year(first_year: int, *, is_current: bool) -> SchoolYear:
    return SchoolYear.objects.create(
        label=SchoolYear.label_for(first_year),
        starts_on=datetime.date(first_year, 7, 1),
        ends_on=datetime.date(first_year + 1, 6, 30),
        planning_opens_on=datetime.date(first_year, 3, 1),
        is_current=is_current,
    )


def current_first_year(today: datetime.date) -> int:
    """The first calendar year of the school year `today` falls in (school years start in July)."""
    return today.year if today.month >= 7 else today.year - 1


def directory_csv(rng: random.Random, districts: int, schools: int) -> bytes:
    """A state directory of `districts` districts and `schools` schools; district sizes vary, as they do."""
    per_district = [1] * districts
    weights = [rng.paretovariate(1.2) for _ in range(districts)]
    for index in rng.choices(range(districts), weights=weights, k=schools - districts):
        per_district[index] += 1
    rows = ["district_code,district_name,region,school_code,school_name,grade_band"]
    for d, count in enumerate(per_district):
        district = f"{rng.choice(TOWNS)} {rng.choice(DISTRICT_KINDS)} {d + 1}"
        for s in range(count):
            kind, band = SCHOOL_KINDS[s % len(SCHOOL_KINDS)]
            name = f"{SCHOOL_NAMES[(d + s) % len(SCHOOL_NAMES)]} {kind}"
            rows.append(f"B{d:05d},{district},Region {d % 6 + 1},B{d:05d}-{s:03d},{name},{band}")
    return ("\n".join(rows) + "\n").encode()


def goal_data(number: int) -> dict:
    kind, statement, measured, baseline, target = GOALS[number % len(GOALS)]
    return {
        "kind": kind,
        "statement": statement,
        "desired_result": "Families and staff work on it together all year.",
        "how_measured": measured,
        "baseline": baseline,
        "target": target,
    }


def activity_data(
    rng: random.Random, year: SchoolYear, focus: list, languages: list, complete: bool, at_least: int = 3
) -> dict:
    """One activity: 3 to 6 categories of the plan's focus (`at_least` if more), dates or months on most,
    languages on some. `complete` gives it what submitting a plan asks for (person, timing, how judged).
    """
    timing = rng.random() if not complete else rng.random() * 0.8
    starts_on = ends_on = None
    months = []
    if timing < 0.45:
        starts_on = year.starts_on + datetime.timedelta(days=rng.randint(40, 320))
        if rng.random() < 0.4:
            ends_on = starts_on + datetime.timedelta(days=rng.randint(0, 30))
    elif timing < 0.8:
        months = rng.sample([9, 10, 11, 12, 1, 2, 3, 4, 5], rng.randint(1, 4))
    first_grade = rng.randrange(len(GRADES))
    offered = rng.sample(languages, rng.randint(1, 2)) if languages and rng.random() < 0.3 else []
    return {
        "title": rng.choice(ACTIVITIES),
        "description": "Families and staff plan it together; invitations go home in the families' languages.",
        "grade_levels": GRADES[first_grade : first_grade + rng.randint(0, 5)] if rng.random() < 0.7 else [],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "months": months,
        "preparation": "Book the room, order food, send invitations two weeks ahead." if rng.random() < 0.6 else "",
        "person_in_charge": rng.choice(PEOPLE) if complete or rng.random() < 0.85 else "",
        "helpers": "Two teachers and the parent liaison" if rng.random() < 0.5 else "",
        "estimated_cost": Decimal(rng.randrange(0, 4000, 25)),
        "funding_source": rng.choice(FundingSource.values),
        "how_judged": rng.choice(HOW_JUDGED) if complete or rng.random() < 0.8 else "",
        "interpretation": "Spanish interpretation at every table" if offered else "",
        "categories": rng.sample(focus, min(len(focus), rng.randint(max(3, at_least), max(6, at_least)))),
        "languages": offered,
    }


def plan_focus(rng: random.Random, categories: list, at_least: int = 3) -> list:
    """The categories a plan's activities draw on: at least three of its framework's (or `at_least`), often all."""
    return rng.sample(categories, rng.randint(min(max(3, at_least), len(categories)), len(categories)))
