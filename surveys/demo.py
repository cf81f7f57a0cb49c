"""Demo surveys, dated around the day the demo is seeded:

- the two demo instruments (`surveys/instruments/*.json`), loaded as any instrument file is;
- this school year's Indicator 8 cycle, open since four weeks ago for another four, with a roster across
  the demo districts, web and paper responses (Cedar Grove stays under the minimum cell of 10, so its
  figures are hidden from district-facing views), two paper forms keyed once and one keyed twice with
  a mismatch waiting for reconciliation, and child counts for representativeness;
- last school year's Indicator 8 cycle, closed, for the trend and the change in response rate;
- a perceptions cycle with a link per district and answers from families and staff.

Answers are drawn from a seeded random generator, so every demo shows the same figures. Responses are
built and scored by the services the imports use. Idempotent: a cycle is found by its slug and left
as it is when it exists.
"""

import random
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from pep.models import District, School, SchoolYear
from surveys.models import (
    DIMENSION_CATEGORIES,
    Channel,
    ChildCount,
    Dimension,
    DisabilityCategory,
    Gender,
    Instrument,
    Invitation,
    PaperEntry,
    PerceptionsLink,
    RaceEthnicity,
    RespondentRole,
    Response,
    SurveyCycle,
)
from surveys.services.instruments import instrument_load
from surveys.services.report_figures import report_figures_changed
from surveys.services.responses import Scorer, build_response, response_for_invitation

INSTRUMENTS = Path(__file__).parent / "instruments"
# district code: (parents invited this year, share who answer, how agreeable their answers run)
ROSTER = {"DEMO-0101": (140, 0.42, 0.72), "DEMO-0202": (90, 0.38, 0.64), "DEMO-0303": (30, 0.25, 0.6)}
LAST_YEAR_SHARE = 0.3
FIRST_NAMES = ["María", "José", "Ana", "Luis", "Aisha", "Tom", "Olena", "Kwame", "Mei", "Sara", "Omar", "Grace"]
LAST_NAMES = ["García", "Smith", "Nguyen", "Kowalski", "Johnson", "Hernández", "Ali", "Brown", "Lee", "Martínez"]
GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
RACES = list(RaceEthnicity.values)
RACE_WEIGHTS = [1, 4, 18, 30, 1, 42, 4]
CATEGORIES = list(DisabilityCategory.values)
CATEGORY_WEIGHTS = [12, 1, 8, 1, 6, 2, 6, 3, 14, 1, 32, 18, 1, 1]


def seed(stdout) -> None:
    """Add the demo surveys; print one line about what was made."""
    with transaction.atomic():
        made = _seed()
    if made:
        stdout.write(
            f"Surveys: cycles {', '.join(made)}; "
            f"{Invitation.objects.filter(cycle__slug__in=made).count()} invitations, "
            f"{Response.objects.filter(cycle__slug__in=made).count()} responses"
        )
    else:
        stdout.write("Surveys: the demo cycles exist already; nothing added")


def _instrument(name: str) -> Instrument:
    instrument, _created = instrument_load(data=(INSTRUMENTS / f"{name}.json").read_bytes())
    return instrument


def _seed() -> list[str]:
    today = timezone.localdate()
    this_year = SchoolYear.objects.current()
    last_year = SchoolYear.objects.filter(starts_on__lt=this_year.starts_on).order_by("-starts_on").first()
    indicator8, perceptions = _instrument("indicator8-demo"), _instrument("perceptions-demo")
    districts = list(District.objects.filter(code__in=ROSTER).order_by("code"))
    made = []
    generator = random.Random(2026)
    last_slug = f"indicator8-{last_year.label}" if last_year else ""
    if last_year and not SurveyCycle.objects.filter(slug=last_slug).exists():
        cycle = _cycle(indicator8, last_year, last_slug, today - timedelta(days=365 + 28), 72.5)
        _indicator8(cycle, districts, generator, share_factor=LAST_YEAR_SHARE / 0.4)
        _child_counts(last_year, districts, generator)
        made.append(cycle.slug)
    slug = f"indicator8-{this_year.label}"
    if not SurveyCycle.objects.filter(slug=slug).exists():
        cycle = _cycle(indicator8, this_year, slug, today - timedelta(days=28), 73.0)
        _indicator8(cycle, districts, generator)
        _paper_keyings(cycle, generator)
        _child_counts(this_year, districts, generator)
        made.append(cycle.slug)
    slug = f"perceptions-{this_year.label}"
    if not SurveyCycle.objects.filter(slug=slug).exists():
        cycle = _cycle(perceptions, this_year, slug, today - timedelta(days=21), None)
        _perceptions(cycle, districts, generator)
        made.append(cycle.slug)
    return made


def _cycle(instrument, school_year, slug: str, opens_on, target) -> SurveyCycle:
    return SurveyCycle.objects.create(
        instrument=instrument,
        school_year=school_year,
        slug=slug,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=56),
        target=target,
    )


def _answers(generator: random.Random, items: int, agreeable: float) -> list[int | None]:
    """One parent's answers: mostly agreeing or mostly not, a few skipped, now and then too few to score."""
    leaning = generator.random() < agreeable
    skip = 0.6 if generator.random() < 0.05 else 0.06
    answers = []
    for _ in range(items):
        if generator.random() < skip:
            answers.append(None)
        elif leaning:
            answers.append(generator.choices([2, 3, 4, 5, 6], [1, 2, 5, 6, 4])[0])
        else:
            answers.append(generator.choices([1, 2, 3, 4, 5], [3, 5, 6, 3, 1])[0])
    return answers


def _indicator8(cycle: SurveyCycle, districts: list[District], generator: random.Random, share_factor=1.0) -> None:
    schools = {district.pk: list(School.objects.filter(district=district)) for district in districts}
    invitations = []
    for district in districts:
        invited, _share, _agreeable = ROSTER[district.code]
        for number in range(invited):
            grade = generator.choice(GRADES)
            invitations.append(
                Invitation(
                    cycle=cycle,
                    district=district,
                    school=generator.choice(schools[district.pk]) if schools[district.pk] else None,
                    student_ref=f"{district.code}-{cycle.school_year.label}-{number:04d}",
                    parent_name=f"{generator.choice(FIRST_NAMES)} {generator.choice(LAST_NAMES)}",
                    parent_email=f"parent{number:04d}.{district.code.lower()}@example.org"
                    if generator.random() < 0.7
                    else "",
                    mailing_address=f"{100 + number} Main Street\nSpringfield, IL 62701",
                    language="es" if generator.random() < 0.3 else "en",
                    grade=grade,
                    age=4 if grade == "PK" else 5 + GRADES.index(grade) - 1,
                    disability_category=generator.choices(CATEGORIES, CATEGORY_WEIGHTS)[0],
                    race_ethnicity=generator.choices(RACES, RACE_WEIGHTS)[0],
                    gender=generator.choices(Gender.values, [36, 62, 2])[0],
                )
            )
    Invitation.objects.bulk_create(invitations)
    scorer = Scorer.of(cycle.instrument)
    codes = {district.pk: district.code for district in districts}
    answered, responses = [], []
    for invitation in Invitation.objects.filter(cycle=cycle).select_related("cycle").order_by("pk"):
        _invited, share, agreeable = ROSTER[codes[invitation.district_id]]
        if generator.random() < share * share_factor:
            channel = Channel.PAPER if generator.random() < 0.35 else Channel.WEB
            answers = _answers(generator, scorer.item_count, agreeable)
            responses.append(
                response_for_invitation(
                    invitation, answers=answers, channel=channel, language=invitation.language, scorer=scorer
                )
            )
            answered.append(invitation.pk)
    generator.shuffle(responses)  # as imports do: no order that lines responses up with invitations
    Response.objects.bulk_create(responses)
    Invitation.objects.filter(pk__in=answered).update(responded=True)
    report_figures_changed(cycle_ids=[cycle.pk])  # as the roster and response imports do


def _paper_keyings(cycle: SurveyCycle, generator: random.Random) -> None:
    """Two forms keyed once, and one keyed twice with item 3 read differently, for the data-entry pages."""
    waiting = list(Invitation.objects.filter(cycle=cycle, responded=False).order_by("pk")[:3])
    items = cycle.instrument.items.count()
    for number, invitation in enumerate(waiting):
        answers = _answers(generator, items, 0.7)
        PaperEntry.objects.create(invitation=invitation, pass_number=1, answers=answers)
        if number == 2:
            second = list(answers)
            second[2] = 6 if answers[2] != 6 else 1
            PaperEntry.objects.create(invitation=invitation, pass_number=2, answers=second)


def _child_counts(school_year: SchoolYear, districts: list[District], generator: random.Random) -> None:
    """Children served per category, close to (not exactly) the roster's make-up, so some gaps are flagged."""
    counts = []
    for district in districts:
        served = ROSTER[district.code][0] * 3
        for dimension, categories in DIMENSION_CATEGORIES.items():
            weights = _weights(dimension, len(categories.values), generator)
            total = sum(weights)
            counts += [
                ChildCount(
                    school_year=school_year,
                    district=district,
                    dimension=dimension,
                    category=category,
                    count=round(served * weight / total),
                )
                for category, weight in zip(categories.values, weights, strict=True)
            ]
    ChildCount.objects.bulk_create(counts, ignore_conflicts=True)


def _weights(dimension: str, size: int, generator: random.Random) -> list[float]:
    base = {
        Dimension.RACE_ETHNICITY: RACE_WEIGHTS,
        Dimension.DISABILITY_CATEGORY: CATEGORY_WEIGHTS,
        Dimension.GRADE_BAND: [7, 43, 21, 29],
        Dimension.GENDER: [34, 64, 2],
    }[dimension]
    return [weight * generator.uniform(0.8, 1.25) for weight in base[:size]]


def _perceptions(cycle: SurveyCycle, districts: list[District], generator: random.Random) -> None:
    scorer = Scorer.of(cycle.instrument)
    responses = []
    for district in districts:
        PerceptionsLink.objects.create(cycle=cycle, district=district)
        families, staff = (24, 14) if district.code != "DEMO-0303" else (8, 5)
        for role, count, agreeable in ((RespondentRole.FAMILY, families, 0.62), (RespondentRole.STAFF, staff, 0.78)):
            for _ in range(count):
                responses.append(
                    build_response(
                        cycle=cycle,
                        district_id=district.pk,
                        answers=_answers(generator, scorer.item_count, agreeable),
                        channel=Channel.WEB,
                        language="es" if generator.random() < 0.25 else "en",
                        scorer=scorer,
                        respondent_role=role,
                    )
                )
    Response.objects.bulk_create(responses)
