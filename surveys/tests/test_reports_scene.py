"""A small Indicator 8 scene whose every figure can be checked by hand, and quick ways to fill a cycle.

No tests here: the report tests build on these. Rosters and responses are written in bulk through the
same scoring as `response_store` (`response_for_invitation`), so hundreds of districts stay quick.

The scene (cycle "alder-birch", 4 items, "yes" when more than half of the answered items agree, at least
2 answered, minimum cell 10, target 73.0, threshold 3.0 points):

- Alder (A-1): 20 school-age parents invited (grade 3, HI, SLD, F) and 5 preschool (PK, WH, DD, M);
  school-age: 9 yes, 3 no, 1 returned but unscored; preschool: 2 yes, 1 no.
  all: invited 25, returned 16, respondents 15, yes 11 → 73.3%; response rate 64.0%.
  Its previous cycle (2025-26): 20 invited, 10 returned → 50.0%, so +14.0 points.
- Birch (B-2): 8 school-age parents invited, 6 answer yes → 100.0% but suppressed (6 < 10).
- Cedar (C-3): not in the cycle; it has a child count, which the state's population must leave out.
"""

import datetime
import itertools
from dataclasses import dataclass

from pep.models import District
from pep.tests.factories import DistrictFactory, SchoolYearFactory
from surveys.models import ChildCount, Invitation, Response, SurveyCycle
from surveys.services.report_figures import report_figures_changed
from surveys.services.responses import Scorer, response_for_invitation
from surveys.tests.factories import CycleFactory, make_instrument

YES = [4, 4, 4, 1]  # 3 of 4 agree: more than half
NO = [1, 1, 4, 4]  # exactly half: not more than half
UNSCORED = [4, None, None, None]  # 1 answered, under the minimum of 2

_refs = itertools.count(1)

SCHOOL_AGE = {"grade": "3", "age": 8, "race_ethnicity": "HI", "disability_category": "SLD", "gender": "F"}
PRESCHOOL = {"grade": "PK", "age": 4, "race_ethnicity": "WH", "disability_category": "DD", "gender": "M"}


def add_roster(cycle: SurveyCycle, district: District, count: int, **fields) -> list[Invitation]:
    """`count` invitations of `district` in `cycle` (school-age unless `fields` say otherwise)."""
    fields = {**SCHOOL_AGE, **fields}
    invitations = []
    for _ in range(count):
        number = next(_refs)
        invitations.append(
            Invitation(
                cycle=cycle,
                district=district,
                student_ref=f"STU{number:07d}",
                parent_name=f"Parent Roster{number}",
                parent_email=f"roster{number}@example.org",
                parent_phone="+13125550100",
                mailing_address=f"{number} Main Street",
                language="en",
                **fields,
            )
        )
    made = Invitation.objects.bulk_create(invitations)
    report_figures_changed(cycle_ids=[cycle.pk], district_ids=[district.pk])  # as the roster import does
    return made


def add_answers(invitations: list[Invitation], answers: list[list], channel: str = "paper") -> None:
    """Store one response per answer list, for the first invitations, and mark them answered."""
    if not invitations:
        return
    scorer = Scorer.of(invitations[0].cycle.instrument)
    used = invitations[: len(answers)]
    Response.objects.bulk_create(
        response_for_invitation(invitation, answers=given, channel=channel, language="en", scorer=scorer)
        for invitation, given in zip(used, answers, strict=True)
    )
    Invitation.objects.filter(pk__in=[invitation.pk for invitation in used]).update(responded=True)
    report_figures_changed(  # as the response import does
        cycle_ids={invitation.cycle_id for invitation in used},
        district_ids={invitation.district_id for invitation in used},
    )


def add_child_count(school_year, district: District, counts: dict[str, dict[str, int]]) -> None:
    """{dimension: {category: children}} for the district in the school year."""
    ChildCount.objects.bulk_create(
        ChildCount(school_year=school_year, district=district, dimension=dimension, category=category, count=count)
        for dimension, categories in counts.items()
        for category, count in categories.items()
    )


# Alder's child count: chosen so that each kind of flag appears, and one gap is exactly at the threshold.
ALDER_CHILDREN = {
    "race_ethnicity": {"HI": 60, "WH": 40},  # respondents 80% / 20%: +20.0 over, -20.0 under
    "disability_category": {"SLD": 76, "DD": 24},  # 80 / 20: +4.0 over, -4.0 under
    "grade_band": {"PK": 20, "K-5": 50, "6-8": 30},  # 20 / 80 / 0: 0.0 ok, +30.0 over, -30.0 under
    "gender": {"F": 77, "M": 23},  # 80 / 20: +3.0 and -3.0, exactly at the threshold: ok
}
BIRCH_CHILDREN = {"race_ethnicity": {"HI": 100}, "gender": {"F": 100}}
CEDAR_CHILDREN = {"race_ethnicity": {"AS": 1000}}


@dataclass
class Scene:
    cycle: SurveyCycle
    previous: SurveyCycle
    alder: District
    birch: District
    cedar: District


def small_scene(*, alder: District | None = None, birch: District | None = None) -> Scene:
    """The scene described above (pass districts to use existing ones, such as the `people` fixture's)."""
    instrument = make_instrument()
    year = SchoolYearFactory(first_year=2026)
    cycle = CycleFactory(instrument=instrument, school_year=year, slug="alder-birch", target=73)
    previous = CycleFactory(
        instrument=instrument,
        school_year=SchoolYearFactory(first_year=2025),
        slug="alder-last-year",
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
        target=72,
    )
    alder = alder or DistrictFactory(name="Alder District", code="A-1")
    birch = birch or DistrictFactory(name="Birch District", code="B-2")
    cedar = DistrictFactory(name="Cedar District", code="C-3")

    school_age = add_roster(cycle, alder, 20)
    add_answers(school_age, [YES] * 9 + [NO] * 3 + [UNSCORED])
    preschool = add_roster(cycle, alder, 5, **PRESCHOOL)
    add_answers(preschool, [YES, YES, NO])
    add_answers(add_roster(cycle, birch, 8), [YES] * 6)
    add_answers(add_roster(previous, alder, 20), [YES] * 5 + [NO] * 5)

    add_child_count(year, alder, ALDER_CHILDREN)
    add_child_count(year, birch, BIRCH_CHILDREN)
    add_child_count(year, cedar, CEDAR_CHILDREN)
    cycle.refresh_from_db()
    return Scene(cycle=cycle, previous=previous, alder=alder, birch=birch, cedar=cedar)


def many_districts(count: int, *, slug: str = "many") -> SurveyCycle:
    """A cycle with `count` districts of 12 parents each, 10 of whom answer (a mix of yes and no), and child
    counts, plus a previous cycle for the trend: for query counts that must not grow with districts."""
    instrument = make_instrument()
    year = SchoolYearFactory(first_year=2026)
    cycle = CycleFactory(instrument=instrument, school_year=year, slug=slug)
    previous = CycleFactory(
        instrument=instrument,
        school_year=SchoolYearFactory(first_year=2025),
        slug=f"{slug}-before",
        opens_on=datetime.date(2025, 10, 1),
        closes_on=datetime.date(2025, 11, 30),
    )
    districts = District.objects.bulk_create(
        District(name=f"{slug.title()} District {number:04d}", code=f"{slug.upper()}{number:04d}")
        for number in range(count)
    )
    for district in districts:
        add_answers(add_roster(cycle, district, 10), [YES] * 7 + [NO] * 3)
        add_answers(add_roster(cycle, district, 2, **PRESCHOOL), [YES])
        add_answers(add_roster(previous, district, 4), [YES, NO])
    ChildCount.objects.bulk_create(
        ChildCount(school_year=year, district=district, dimension=dimension, category=category, count=count)
        for district in districts
        for dimension, categories in ALDER_CHILDREN.items()
        for category, count in categories.items()
    )
    cycle.refresh_from_db()
    return cycle
