"""Test scenes for surveys: a small instrument built from the import format, cycles and rosters.

The clock is pinned (conftest.TESTS_TODAY, 15 Oct 2026): cycles default to open from 1 Oct to 30 Nov 2026
in the 2026-27 school year.
"""

import datetime
import itertools
import json

import factory

from pep.tests.factories import SchoolYearFactory
from surveys.models import Invitation, SurveyCycle
from surveys.services.instruments import instrument_load
from surveys.services.report_figures import report_figures_changed
from surveys.services.responses import response_store

_slugs = itertools.count(1)
SCALE = [
    {"value": 1, "en": "Very strongly disagree", "es": "Muy en desacuerdo"},
    {"value": 2, "en": "Strongly disagree", "es": "Bastante en desacuerdo"},
    {"value": 3, "en": "Disagree", "es": "En desacuerdo"},
    {"value": 4, "en": "Agree", "es": "De acuerdo"},
    {"value": 5, "en": "Strongly agree", "es": "Bastante de acuerdo"},
    {"value": 6, "en": "Very strongly agree", "es": "Muy de acuerdo"},
]


def instrument_data(*, items: int = 4, kind: str = "indicator8", tags: list[str] | None = None, **scoring) -> dict:
    """An instrument file's content: `items` statements; scoring defaults to share_agree, more than half,
    at least 2 answered. Pass scoring keys to change it (rule, threshold, steps…)."""
    number = next(_slugs)
    rule = scoring.get("rule", "share_agree")
    defaults = {
        "share_agree": {"threshold": 0.5, "inclusive": False},
        "mean": {"threshold": 4.0},
        "measure": {
            "steps": [-1.9, -0.8, 0.1, 0.9, 1.7],
            "slope": 100.0,
            "intercept": 600.0,
            "cut": 600.0,
            "extreme": 0.3,
        },
    }[rule]
    scoring = {"rule": rule, "min_answered": 2, **defaults, **scoring}
    return {
        "slug": f"test-instrument-{number}",
        "kind": kind,
        "version": "1",
        "name": {"en": f"Test survey {number}", "es": f"Encuesta de prueba {number}"},
        "scale": SCALE,
        "agree_from": 4,
        "items": [
            {
                "number": n,
                "en": f"Statement {n}.",
                "es": f"Afirmación {n}.",
                "tag": (tags or ["communicating"])[(n - 1) % len(tags or ["communicating"])],
                **({"difficulty": 0.0} if scoring["rule"] == "measure" else {}),
            }
            for n in range(1, items + 1)
        ],
        "scoring": scoring,
    }


def make_instrument(**options):
    """An instrument loaded through the import service (see `instrument_data` for the options)."""
    instrument, _created = instrument_load(data=json.dumps(instrument_data(**options)))
    return instrument


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle open on the pinned test day, with a 4-item share-agree instrument unless given one."""

    class Meta:
        model = SurveyCycle

    instrument = factory.LazyFunction(make_instrument)
    school_year = factory.SubFactory(SchoolYearFactory)
    slug = factory.Sequence(lambda n: f"cycle-{n}")
    opens_on = datetime.date(2026, 10, 1)
    closes_on = datetime.date(2026, 11, 30)
    target = 73


class InvitationFactory(factory.django.DjangoModelFactory):
    """A parent on a cycle's roster; pass `district` (and `cycle`)."""

    class Meta:
        model = Invitation

    cycle = factory.SubFactory(CycleFactory)
    student_ref = factory.Sequence(lambda n: f"S{n:06d}")
    parent_name = factory.Sequence(lambda n: f"Parent {n}")
    parent_email = factory.Sequence(lambda n: f"parent{n}@example.org")
    language = "en"
    grade = "3"
    age = 8
    disability_category = "SLD"
    race_ethnicity = "HI"
    gender = "F"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved, with its district's tallies counted again, as the roster import does."""
        invitation = super()._create(model_class, *args, **kwargs)
        report_figures_changed(cycle_ids=[invitation.cycle_id], district_ids=[invitation.district_id])
        return invitation


def answer(invitation: Invitation, answers: list, channel: str = "web", language: str = "en"):
    """Store a response to the invitation through the service every channel uses."""
    return response_store(
        invitation_id=invitation.pk, answers=answers, channel=channel, language=language, staff_keyed=channel != "web"
    )
