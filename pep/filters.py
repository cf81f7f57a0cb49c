import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import District


def _region_choices():
    regions = District.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    return [(region, region) for region in regions]


class DistrictFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_name_or_code")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=_region_choices, empty_label=_("All regions"))
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("name", "name"),
            ("code", "code"),
            ("region", "region"),
            ("school_count", "schools"),
        ],
        field_labels={
            "name": _("Name"),
            "code": _("State code"),
            "region": _("Region"),
            "school_count": _("Schools"),
        },
    )

    class Meta:
        model = District
        fields = ["q", "region"]

    def filter_name_or_code(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
