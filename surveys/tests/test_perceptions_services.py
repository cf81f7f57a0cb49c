"""Perceptions writes: giving districts their shared links, and storing what people answer there."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from pep.models import AuditEntry, District
from pep.refusals import Refused
from pep.tests.factories import DistrictFactory, coordinator, district_leader
from surveys.models import Channel, PerceptionsLink, RespondentRole, Response
from surveys.services.perceptions import (
    perceptions_link_add,
    perceptions_links_add_all,
    perceptions_response_store,
)
from surveys.services.responses import CycleNotOpen
from surveys.tests.factories import CycleFactory
from surveys.tests.perceptions_factories import answer_at, demo_instrument, link_for, perceptions_cycle

pytestmark = pytest.mark.django_db


def test_a_coordinator_gives_a_district_its_link_once():
    cycle, district, carla = perceptions_cycle(), DistrictFactory(), coordinator()
    link = perceptions_link_add(cycle=cycle, district=district, actor=carla)
    again = perceptions_link_add(cycle=cycle, district=district, actor=carla)
    assert again == link
    assert len(link.token) >= 43  # 256 random bits
    assert AuditEntry.objects.filter(action="survey.perceptions.link", district=district).count() == 1


def test_every_district_gets_a_link_in_bulk_and_existing_links_stay():
    cycle, carla = perceptions_cycle(), coordinator()
    DistrictFactory.create_batch(7)
    first = perceptions_link_add(cycle=cycle, district=District.objects.first(), actor=carla)
    assert perceptions_links_add_all(cycle=cycle, actor=carla) == 6
    assert perceptions_links_add_all(cycle=cycle, actor=carla) == 0
    links = PerceptionsLink.objects.filter(cycle=cycle)
    assert links.count() == 7
    assert PerceptionsLink.objects.get(pk=first.pk).token == first.token
    assert len(set(links.values_list("token", flat=True))) == 7


def test_only_coordinators_give_links():
    cycle, district = perceptions_cycle(), DistrictFactory()
    leader = district_leader(district)
    with pytest.raises(PermissionDenied):
        perceptions_link_add(cycle=cycle, district=district, actor=leader)
    with pytest.raises(PermissionDenied):
        perceptions_links_add_all(cycle=cycle, actor=leader)
    assert not PerceptionsLink.objects.exists()


def test_an_indicator8_cycle_gets_no_shared_links():
    cycle, carla = CycleFactory(), coordinator()  # an Indicator 8 instrument: invitations, not links
    with pytest.raises(Refused):
        perceptions_link_add(cycle=cycle, district=DistrictFactory(), actor=carla)
    with pytest.raises(Refused):
        perceptions_links_add_all(cycle=cycle, actor=carla)
    assert not PerceptionsLink.objects.exists()


def test_an_answer_is_stored_scored_for_the_links_district_with_the_role_and_nothing_else():
    cycle = perceptions_cycle(instrument=demo_instrument())
    link = link_for(cycle, DistrictFactory())
    answers = [5] * 9 + [None] * 9
    response = answer_at(link, RespondentRole.STAFF, answers, language="es")
    response = Response.objects.get(pk=response.pk)
    assert (response.district_id, response.cycle_id, response.respondent_role) == (
        link.district_id,
        cycle.pk,
        RespondentRole.STAFF,
    )
    assert (response.channel, response.language, response.answers) == (Channel.WEB, "es", answers)
    # the mean rule: 9 answered (the minimum), mean 5 at least 4.0
    assert (response.answered, response.scored, response.counts_yes, response.score) == (9, True, True, 5.0)
    assert (response.grade_band, response.race_ethnicity, response.gender) == ("", "", "")


def test_fewer_answers_than_the_minimum_are_kept_but_not_scored():
    cycle = perceptions_cycle(instrument=demo_instrument())
    link = link_for(cycle, DistrictFactory())
    response = answer_at(link, RespondentRole.FAMILY, [6] * 8 + [None] * 10)
    assert (response.answered, response.scored, response.counts_yes) == (8, False, None)


@pytest.mark.parametrize(
    ("role", "answers", "language"),
    [
        ("", [4, 4, 4, 4], "en"),
        ("student", [4, 4, 4, 4], "en"),
        ("family", [4, 4, 4], "en"),
        ("family", [4, 4, 4, 7], "en"),
        ("family", [4, 4, 4, "4"], "en"),
        ("family", [4, 4, 4, 4], "fr"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_kept(role, answers, language):
    link = link_for(perceptions_cycle(), DistrictFactory())
    with pytest.raises(Refused):
        perceptions_response_store(link=link, respondent_role=role, answers=answers, language=language)
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "says"),
    [
        (datetime.date(2026, 9, 1), datetime.date(2026, 10, 14), "closed"),
        (datetime.date(2026, 10, 16), datetime.date(2026, 11, 30), "opens"),
    ],
)
def test_a_cycle_that_is_not_open_takes_no_answers(opens_on, closes_on, says):
    link = link_for(perceptions_cycle(opens_on=opens_on, closes_on=closes_on), DistrictFactory())
    with pytest.raises(CycleNotOpen, match=says):
        answer_at(link, RespondentRole.FAMILY, [4, 4, 4, 4])
    assert not Response.objects.exists()


def test_the_last_day_of_the_cycle_still_takes_answers():
    link = link_for(perceptions_cycle(closes_on=datetime.date(2026, 10, 15)), DistrictFactory())
    answer_at(link, RespondentRole.FAMILY, [4, 4, 4, 4])
    assert Response.objects.count() == 1
