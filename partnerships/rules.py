"""The rules of plans, each decided in one place: which years can be planned, when a plan can start
next year's, which dates an activity may have, which categories a plan covers.

Forms, views, selectors and services all ask these functions; none restates them.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pep.models import SchoolYear

from .models import YEAR_END_STATUSES, Activity, Plan, PlanStatus


def plannable_refusal(year: SchoolYear, today: datetime.date) -> str:
    """Why plans for `year` cannot be started on `today`; empty when they can.

    The current year can be planned until it ends; a later year from its spring planning day.
    """
    if year.ends_on < today:
        return _("The school year %(year)s has ended; plans for it can no longer be started.") % {"year": year}
    if not (year.is_current or year.planning_is_open(today)):
        return _("Plans for %(year)s cannot be started yet; planning opens on %(date)s.") % {
            "year": year,
            "date": date_format(year.planning_opens_on, "DATE_FORMAT"),
        }
    return ""


def plannable_years(today: datetime.date) -> list[SchoolYear]:
    """The school years plans can be started for on `today`."""
    return [year for year in SchoolYear.objects.filter(ends_on__gte=today) if not plannable_refusal(year, today)]


def carry_forward_refusal(plan: Plan, today: datetime.date) -> str:
    """Why next year's plan cannot start from this one on `today`; empty when it can."""
    if plan.status not in YEAR_END_STATUSES:
        return _("Only an approved or evaluated plan can be carried forward.")
    next_year = SchoolYear.objects.following(plan.school_year)
    if next_year is None or not next_year.planning_is_open(today):
        return _("Planning for next school year has not opened yet.")
    if _next_years_plan(plan, next_year).exists():
        return _("There is already a %(kind)s for %(owner)s in %(year)s.") % {
            "kind": plan.get_kind_display().lower(),
            "owner": plan.owner,
            "year": next_year,
        }
    return ""


def carry_forward_year(plan: Plan) -> SchoolYear | None:
    """The year whose plan could start from this one, whether or not its planning has opened yet."""
    if plan.status not in YEAR_END_STATUSES:
        return None
    next_year = SchoolYear.objects.following(plan.school_year)
    if next_year is None or _next_years_plan(plan, next_year).exists():
        return None
    return next_year


def evaluation_opens_on(year: SchoolYear) -> datetime.date:
    """The first day a plan of `year` can be marked evaluated: some months before the year ends."""
    months = settings.EVALUATION_OPENS_MONTHS_BEFORE_END
    end = year.ends_on
    month_index = end.year * 12 + end.month - 1 - months
    first_of_month = datetime.date(month_index // 12, month_index % 12 + 1, 1)
    following = (first_of_month + datetime.timedelta(days=32)).replace(day=1)
    last_day = (following - datetime.timedelta(days=1)).day
    return first_of_month.replace(day=min(end.day, last_day)) + datetime.timedelta(days=1)


def evaluation_refusal(plan: Plan) -> str:
    """Why the plan's activities and reflection cannot be evaluated now; empty when they can."""
    if plan.status == PlanStatus.EVALUATED:
        return _(
            "This plan was marked evaluated, so its evaluation can no longer change. "
            "A PEP coordinator can reopen it if something must be corrected."
        )
    if plan.status != PlanStatus.APPROVED:
        return _("Activities are evaluated once the plan is approved; this plan is “%(status)s”.") % {
            "status": plan.get_status_display()
        }
    return ""


def mark_evaluated_refusal(plan: Plan, today: datetime.date) -> str:
    """Why the plan cannot be marked evaluated on `today` (its status apart); empty when it can.

    The year's evaluation closes the year, so it opens in the last months of the school year.
    """
    opens_on = evaluation_opens_on(plan.school_year)
    if today < opens_on:
        return _("The plan can be marked evaluated from %(date)s, near the end of the school year %(year)s.") % {
            "date": date_format(opens_on, "DATE_FORMAT"),
            "year": plan.school_year,
        }
    return ""


def _next_years_plan(plan: Plan, next_year: SchoolYear):
    return Plan.objects.filter(kind=plan.kind, district=plan.district, school=plan.school, school_year=next_year)


def activity_date_problems(year: SchoolYear, starts_on, ends_on) -> dict[str, str]:
    """What is wrong with an activity's dates: each within the school year, the end not before the start."""
    problems = {}
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day and not (year.starts_on <= day <= year.ends_on):
            problems[name] = _("Choose a date within the school year %(year)s (%(start)s to %(end)s).") % {
                "year": year,
                "start": date_format(year.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(year.ends_on, "SHORT_DATE_FORMAT"),
            }
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in problems:
        problems["ends_on"] = _("The activity cannot end before it starts.")
    return problems


def covered_categories(plan_ids: list[int]) -> dict[int, set[int]]:
    """For each plan, the categories of its own framework that its activities are tagged with."""
    links = (
        Activity.categories.through.objects.filter(
            activity__plan_id__in=plan_ids, category__framework=F("activity__plan__framework")
        )
        .values_list("activity__plan_id", "category_id")
        .distinct()
    )
    covered: dict[int, set[int]] = defaultdict(set)
    for plan_id, category_id in links:
        covered[plan_id].add(category_id)
    return covered
