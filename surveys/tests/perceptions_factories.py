"""Test scenes for the perceptions survey: instruments in the import format, cycles, links and answers.

Cycles are open on the pinned test day (15 Oct 2026), from 1 Oct to 30 Nov 2026, as CycleFactory's are.
"""

import json
from pathlib import Path

from django.conf import settings

from pep.models import District
from surveys.models import Channel, PerceptionsLink, SurveyCycle
from surveys.services.instruments import instrument_load
from surveys.services.perceptions import perceptions_response_store
from surveys.services.responses import Scorer, build_response
from surveys.tests.factories import CycleFactory, instrument_data

DEMO_FILE = Path(settings.BASE_DIR) / "surveys" / "instruments" / "perceptions-demo.json"
TWO_TYPES = ["communicating", "volunteering"]


def small_perceptions_instrument(*, min_answered: int = 2):
    """Four statements, two per type: 1 and 3 communicating, 2 and 4 volunteering; mean rule, 4.0."""
    data = instrument_data(items=4, kind="perceptions", tags=TWO_TYPES)
    data["scoring"] = {"rule": "mean", "threshold": 4.0, "min_answered": min_answered}
    instrument, _created = instrument_load(data=json.dumps(data))
    return instrument


def demo_instrument():
    """The shipped demo instrument: 18 statements, three per type of involvement."""
    instrument, _created = instrument_load(data=DEMO_FILE.read_bytes())
    return instrument


def perceptions_cycle(*, instrument=None, **fields) -> SurveyCycle:
    """An open perceptions cycle (the small four-statement instrument unless given one)."""
    return CycleFactory(instrument=instrument or small_perceptions_instrument(), target=None, **fields)


def link_for(cycle: SurveyCycle, district: District) -> PerceptionsLink:
    return PerceptionsLink.objects.create(cycle=cycle, district=district)


def answer_at(link: PerceptionsLink, role: str, answers: list, language: str = "en"):
    """One person's answers at the link, through the service the public form uses."""
    return perceptions_response_store(link=link, respondent_role=role, answers=answers, language=language)


def many_answers(cycle: SurveyCycle, district_id: int, role: str, answers: list, count: int) -> list:
    """`count` unsaved responses with the same answers (save them with bulk_create) for larger scenes."""
    scorer = Scorer.of(cycle.instrument)
    return [
        build_response(
            cycle=cycle,
            district_id=district_id,
            answers=answers,
            channel=Channel.WEB,
            language="en",
            scorer=scorer,
            respondent_role=role,
        )
        for _ in range(count)
    ]
