import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pep.filters import DistrictSearchFilter, sort_choices
from pep.models import SchoolYear

from .models import Framework, Plan, PlanKind, PlanStatus


class PlanFilter(django_filters.FilterSet):
    school_year = django_filters.ModelChoiceFilter(
        queryset=SchoolYear.objects.all(), label=_("School year"), empty_label=_("All years")
    )
    district = DistrictSearchFilter()
    # Set by the links of a school's page and its people's home ("this school's plans"), never typed.
    school = django_filters.NumberFilter(
        field_name="school_id", widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
    )
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"), empty_label=_("All statuses"))
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), label=_("Framework"), empty_label=_("All frameworks")
    )
    covered_at_least = django_filters.NumberFilter(
        field_name="categories_covered", lookup_expr="gte", label=_("Covers at least (categories)"), min_value=0
    )
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label=_("Submitted from")
    )
    submitted_until = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label=_("Submitted until")
    )
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("school_year__starts_on", "year"),
            ("district__name", "district"),
            ("school__name", "school"),
            ("workflow_step", "status"),  # in the order of the workflow, not of the alphabet
            ("categories_covered", "coverage"),
            ("submitted_at", "submitted"),
            ("total_cost", "cost"),
        ],
        choices=sort_choices(
            ("year", _("School year, oldest first"), _("School year, newest first")),
            ("district", _("District, A to Z"), _("District, Z to A")),
            ("school", _("School, A to Z"), _("School, Z to A")),
            ("status", _("Status, in the order of the steps"), _("Status, last step first")),
            ("coverage", _("Coverage, lowest first"), _("Coverage, highest first")),
            ("submitted", _("Submitted, earliest first"), _("Submitted, latest first")),
            ("cost", _("Cost, lowest first"), _("Cost, highest first")),
        ),
        empty_label=_("Usual order"),
    )

    class Meta:
        model = Plan
        fields = ["school_year", "kind", "status", "framework"]
