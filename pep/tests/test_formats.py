"""Numbers and money read the U.S. way in both languages: $1,650.00, never 1 650,00."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from partnerships.tests.factories import ActivityFactory, PlanFactory


def render(text: str, **context) -> str:
    return Template("{% load pep %}" + text).render(Context(context))


@pytest.mark.parametrize("language", ["en", "es"])
def test_money_is_written_in_dollars_with_a_comma_and_a_point_in_both_languages(language):
    with translation.override(language):
        assert render(
            "{{ a|money }} {{ b|money }} {{ c|money }}", a=Decimal("1650"), b=12.5, c=Decimal("1234567.891")
        ) == ("$1,650.00 $12.50 $1,234,567.89")
        assert render("{{ a|money }} {{ b|money }}", a=Decimal("-20"), b=None) == "-$20.00 —"


@pytest.mark.parametrize("language", ["en", "es"])
def test_counts_have_thousands_separated_by_commas_in_both_languages(language):
    with translation.override(language):
        assert render("{{ a|number }} {{ b|number }} {{ c|number }}", a=12500, b=7, c=1234567) == "12,500 7 1,234,567"
        assert render('{{ a|floatformat:"2g" }}', a=Decimal("1650.5")) == "1,650.50"


def test_spanish_dates_keep_the_spanish_order():
    with translation.override("es"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=datetime.date(2027, 3, 1)) == "01/03/2027"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plan_shows_its_costs_in_dollars_in_both_languages(client, people, language):
    plan = PlanFactory(district=people.district_a)
    ActivityFactory(plan=plan, title="Family math night", estimated_cost=Decimal("1650"))
    ActivityFactory(plan=plan, title="Book swap", estimated_cost=Decimal("250.50"))
    client.force_login(people.leader_a)
    client.cookies["django_language"] = language

    page = client.get(reverse("partnerships:plan-detail", args=[plan.pk])).text
    listing = client.get(reverse("partnerships:plan-list")).text

    assert "$1,650.00" in page and "$250.50" in page
    assert "$1,900.50" in page  # the budget's total for the funding source
    assert "$1,900.50" in listing
    assert "1 650" not in page and "1.650,00" not in page
