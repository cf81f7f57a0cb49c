import datetime

import factory

from partnerships.models import Activity, Framework, Goal, GoalKind, Plan, PlanKind
from pep.tests.factories import DistrictFactory, SchoolYearFactory


def default_framework() -> Framework:
    return Framework.objects.get(is_default=True)


class PlanFactory(factory.django.DjangoModelFactory):
    """A district plan by default; pass kind and school for the other kinds."""

    class Meta:
        model = Plan

    kind = PlanKind.DISTRICT
    school_year = factory.SubFactory(SchoolYearFactory, is_current=True)
    district = factory.SubFactory(DistrictFactory)
    framework = factory.LazyFunction(default_framework)
    vision = "Every family a partner in learning."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    kind = GoalKind.ACADEMIC
    statement = factory.Sequence(lambda n: f"Raise reading scores, goal {n}")
    desired_result = "More students read at grade level."
    how_measured = "Spring reading assessment"
    baseline = "52%"
    target = "60%"
    order = factory.Sequence(lambda n: n + 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A complete activity: person in charge, timing, how judged, four categories."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    goal = factory.LazyAttribute(lambda o: GoalFactory(plan=o.plan))
    title = factory.Sequence(lambda n: f"Family reading night {n}")
    starts_on = factory.LazyAttribute(lambda o: o.plan.school_year.starts_on + datetime.timedelta(days=100))
    person_in_charge = "Ms. Ortiz"
    estimated_cost = 250
    how_judged = "Sign-in sheets and a short family survey"
    order = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            chosen = extracted if extracted is not None else self.plan.framework.categories.order_by("order")[:4]
            self.categories.set(chosen)
