"""What plans add to pep's pages: the home panels that say what to do next for each role, the plans of
a district's or a school's page, and the plan columns of a district leader's table of schools."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from pep.access import has_a_role, is_coordinator, led_district_ids, member_school_ids, memberships_of
from pep.models import Role, SchoolYear
from pep.plugins import Cell, Panel, SchoolColumn

from . import selectors
from .access import OWNER_ROLE, plans_visible_to
from .forms import PlanCreateForm
from .models import Plan, PlanKind, PlanStatus
from .rules import plannable_refusal


def plans_panel(request) -> list[Panel]:
    """Counts of this school year's plans by status, each a link to those plans in the list."""
    user = request.user
    year = SchoolYear.objects.current()
    if not has_a_role(user) or year is None:
        return []
    counts = dict(
        plans_visible_to(user).filter(school_year=year).values_list("status").annotate(n=Count("pk")).order_by()
    )
    by_status = [(status, counts.get(status, 0)) for status in PlanStatus if counts.get(status)]
    context = {"year": year, "by_status": by_status, "can_start": bool(PlanCreateForm.owner_choices(user))}
    return [Panel("partnerships/_home_panel.html", context)]


# --- what to do next -------------------------------------------------------------------------


def missing_before_submission(plan: Plan) -> list[str]:
    """What keeps a plan (annotated by selectors.with_readiness) from being submitted, in plain words.

    The same checks as services.workflow.completeness_problems, counted rather than listed one by one.
    """
    missing = []
    if not plan.vision.strip():
        missing.append(_("The plan's vision is still to be written."))
    if not plan.goal_count:
        missing.append(_("The plan has no goal yet."))
    counted = [
        (
            plan.goals_unmeasured,
            ngettext_lazy(
                "%(count)d goal still needs its desired result and how it is measured.",
                "%(count)d goals still need their desired result and how they are measured.",
                "count",
            ),
        ),
        (
            plan.goals_without_activity,
            ngettext_lazy(
                "%(count)d goal has no activity yet.",
                "%(count)d goals have no activity yet.",
                "count",
            ),
        ),
        (
            plan.activities_without_person,
            ngettext_lazy(
                "%(count)d activity still needs a person in charge.",
                "%(count)d activities still need a person in charge.",
                "count",
            ),
        ),
        (
            plan.activities_without_timing,
            ngettext_lazy(
                "%(count)d activity still needs its dates or months.",
                "%(count)d activities still need their dates or months.",
                "count",
            ),
        ),
        (
            plan.activities_without_judging,
            ngettext_lazy(
                "%(count)d activity still needs how its result will be judged.",
                "%(count)d activities still need how their result will be judged.",
                "count",
            ),
        ),
    ]
    for count, sentence in counted:
        if count:
            missing.append(sentence % {"count": count})
    needed = plan.framework.min_categories_to_submit
    if plan.categories_covered < needed:
        missing.append(
            _("The activities cover %(covered)d of the %(needed)d categories needed.")
            % {"covered": plan.categories_covered, "needed": needed}
        )
    return missing


@dataclass
class PlanState:
    """One plan slot (an owner, a kind, a year) as a home page shows it: the plan if started, the next step."""

    kind: str
    year: SchoolYear
    plan: Plan | None
    next_step: str
    missing: list[str] = field(default_factory=list)
    start_url: str = ""  # where its owner starts it, when it can be started now

    @property
    def kind_label(self) -> str:
        return PlanKind(self.kind).label


def days_since(moment: datetime.datetime, today: datetime.date) -> int:
    return (today - timezone.localdate(moment)).days


def plan_state(plan: Plan | None, *, kind: str, year: SchoolYear, owner_key: str, may_start: bool, today) -> PlanState:
    """The next step for a plan slot, said as its owner would want it said."""
    if plan is None:
        refusal = plannable_refusal(year, today)
        if refusal and year.planning_opens_on > today:
            step = _("Planning for %(year)s opens %(date)s.") % {
                "year": year,
                "date": date_format(year.planning_opens_on, "DATE_FORMAT"),
            }
            return PlanState(kind, year, None, step)
        if refusal:
            return PlanState(kind, year, None, refusal)
        start_url = ""
        if may_start:
            start_url = (
                reverse("partnerships:plan-create") + "?" + urlencode({"owner": owner_key, "school_year": year.pk})
            )
        return PlanState(kind, year, None, _("Not started yet."), start_url=start_url)
    status = PlanStatus(plan.status)
    missing = missing_before_submission(plan) if plan.is_editable else []
    if status == PlanStatus.DRAFT:
        step = _("Ready to submit.") if not missing else _("Before it can be submitted:")
    elif status == PlanStatus.RETURNED:
        comments = plan.comments_since_submitted + 1  # the coordinator's note on returning it, and comments
        step = ngettext(
            "Returned with %(count)d comment: make the changes, then submit it again.",
            "Returned with %(count)d comments: make the changes, then submit it again.",
            comments,
        ) % {"count": comments}
    elif status == PlanStatus.SUBMITTED:
        days = days_since(plan.submitted_at, today)
        step = ngettext(
            "Waiting for review since %(date)s (%(days)d day).",
            "Waiting for review since %(date)s (%(days)d days).",
            days,
        ) % {"date": date_format(timezone.localdate(plan.submitted_at), "DATE_FORMAT"), "days": days}
    elif status == PlanStatus.APPROVED:
        step = _("Approved: carry out its activities, and rate each one at the end of the year.")
    else:
        step = _("Evaluated: the year's work is recorded.")
    return PlanState(kind, year, plan, step, missing)


def _years(today) -> list[SchoolYear]:
    current, following = selectors.home_years(today)
    return [year for year in (current, following) if year is not None]


def district_leader_panels(request, today) -> list[Panel]:
    """For each district the person leads: its plan this year and next, with the next step."""
    user = request.user
    district_ids = led_district_ids(user)
    years = _years(today) if district_ids else []
    if not years:
        return []
    plans = selectors.district_plans_for_home(user, district_ids, years)
    districts = sorted(
        (m.district for m in memberships_of(user) if m.role == Role.DISTRICT_LEADER), key=lambda d: d.name
    )
    panels = []
    for district in districts:
        states = [
            plan_state(
                plans.get((district.pk, year.pk)),
                kind=PlanKind.DISTRICT,
                year=year,
                owner_key=f"{PlanKind.DISTRICT}:{district.pk}",
                may_start=True,
                today=today,
            )
            for year in years
        ]
        panels.append(Panel("partnerships/_home_district_plan.html", {"district": district, "states": states}))
    return panels


def school_member_panels(request, today) -> list[Panel]:
    """For each school where the person is on the team or the parent leader: its plans and what they miss."""
    user = request.user
    school_ids = member_school_ids(user)
    years = _years(today) if school_ids else []
    if not years:
        return []
    plans = selectors.school_plans_for_home(user, school_ids, years)
    roles = {(m.school_id, m.role) for m in memberships_of(user) if m.school_id}
    schools = sorted(
        {m.school for m in memberships_of(user) if m.school_id in school_ids}, key=lambda school: school.name
    )
    panels = []
    for school in schools:
        states = []
        for year in years:
            for kind in (PlanKind.SCHOOL, PlanKind.PARENT_LEADER):
                plan = plans.get((school.pk, kind, year.pk))
                if plan is None and year != years[0] and plannable_refusal(year, today):
                    continue  # next year's plans are shown once they can be started
                states.append(
                    plan_state(
                        plan,
                        kind=kind,
                        year=year,
                        owner_key=f"{kind}:{school.pk}",
                        may_start=(school.pk, OWNER_ROLE[kind]) in roles,
                        today=today,
                    )
                )
        list_url = reverse("partnerships:plan-list") + "?" + urlencode({"school": school.pk})
        panels.append(
            Panel("partnerships/_home_school_plans.html", {"school": school, "states": states, "list_url": list_url})
        )
    return panels


def coordinator_panels(request, today) -> list[Panel]:
    """The review queue: submitted plans oldest first, returned ones, districts with no plan, counts."""
    if not is_coordinator(request.user):
        return []
    queue = selectors.review_queue(today)
    waiting = [(plan, days_since(plan.submitted_at, today)) for plan in queue.waiting]
    list_url = reverse("partnerships:plan-list")
    context = {
        "queue": queue,
        "waiting": waiting,
        "by_status": [(status, count, f"{list_url}?status={status.value}") for status, count in queue.counts.items()],
        "submitted_url": f"{list_url}?status={PlanStatus.SUBMITTED.value}",
        "returned_url": f"{list_url}?status={PlanStatus.RETURNED.value}",
    }
    if queue.planning_year:
        context["without_plan_url"] = (
            reverse("partnerships:districts-without-plan") + "?" + urlencode({"school_year": queue.planning_year.pk})
        )
    return [Panel("partnerships/_home_review_queue.html", context)]


def home_panels(request) -> list[Panel]:
    """The person's panels, most pressing first: the review queue, their district's and school's plans."""
    today = timezone.localdate()
    return [
        *coordinator_panels(request, today),
        *district_leader_panels(request, today),
        *school_member_panels(request, today),
        *plans_panel(request),
    ]


# --- district and school pages --------------------------------------------------------------


def district_panels(request, district) -> list[Panel]:
    """The district's own plans, by year, and a link to all its plans (its schools' too)."""
    if not has_a_role(request.user):
        return []
    plans = list(selectors.plans_of_district(request.user, district))
    list_url = reverse("partnerships:plan-list") + "?" + urlencode({"district": f"{district.name} ({district.code})"})
    context = {"plans": plans, "list_url": list_url, "heading_id": f"district-{district.pk}-plans"}
    return [Panel("partnerships/_plans_of_owner.html", context)]


def school_panels(request, school) -> list[Panel]:
    """The school's plans (school and parent-leader), by year."""
    if not has_a_role(request.user):
        return []
    plans = list(selectors.plans_of_school(request.user, school))
    list_url = reverse("partnerships:plan-list") + "?" + urlencode({"school": school.pk})
    context = {"plans": plans, "list_url": list_url, "heading_id": f"school-{school.pk}-plans"}
    return [Panel("partnerships/_plans_of_owner.html", context)]


def school_columns(user, schools: list) -> list[SchoolColumn]:
    """This year's school plan and parent-leader plan of each school, and the last change to either."""
    year = SchoolYear.objects.current()
    if year is None or not schools:
        return []
    plans = selectors.school_plans_for_home(user, {school.pk for school in schools}, [year])
    columns = []
    latest: dict[int, Plan] = {}
    for position, kind in ((20, PlanKind.SCHOOL), (30, PlanKind.PARENT_LEADER)):
        cells = {}
        for school in schools:
            plan = plans.get((school.pk, kind, year.pk))
            if plan is None:
                cells[school.pk] = Cell(_("Not started"))
                continue
            cells[school.pk] = Cell(plan.get_status_display(), plan.get_absolute_url())
            if school.pk not in latest or plan.last_change > latest[school.pk].last_change:
                latest[school.pk] = plan
        heading = _("%(kind)s %(year)s") % {"kind": kind.label, "year": year}
        columns.append(SchoolColumn(heading, position, cells))
    changes = {
        pk: Cell(
            date_format(timezone.localtime(plan.last_change), "DATE_FORMAT"),
            reverse("partnerships:plan-history", args=[plan.pk]),
        )
        for pk, plan in latest.items()
    }
    columns.append(SchoolColumn(_("Last change to a plan"), 40, changes))
    return columns
