import re

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import District

# A suggestion chosen from the list reads "Name (CODE)": then the code decides, since names repeat.
CHOSEN_SUGGESTION = re.compile(r"^(?P<name>.+) \((?P<code>[^()\s]+)\)$")
# An id typed or posted by hand: digits that fit the database's integer.
DIGITS = re.compile(r"^[0-9]{1,10}$")
LARGEST_ID = 2**31 - 1


def sort_choices(*options: tuple[str, str, str]) -> list[tuple[str, str]]:
    """Choices of an OrderingFilter that say which way each one sorts ("Cost, highest first"), from
    (parameter, label ascending, label descending): plainer than "Cost (descending)"."""
    return [choice for param, up, down in options for choice in ((param, up), (f"-{param}", down))]


class DistrictSearchInput(forms.TextInput):
    """A plain text search for a district by name or code; with JavaScript it suggests districts."""

    class Media:
        css = {"all": ["awesomplete/css/vendor/awesomplete.css"]}
        js = [
            forms.Script("awesomplete/js/vendor/awesomplete.min.js", defer=True),
            forms.Script("js/suggestions.js", defer=True),
        ]

    def __init__(self, attrs=None):
        super().__init__(
            {"data-suggestions-url": reverse_lazy("district-suggestions"), "autocomplete": "off"} | (attrs or {})
        )


def search_districts(queryset: QuerySet, value: str, prefix: str = "") -> QuerySet:
    """Rows whose district matches `value`: a chosen suggestion by its code, else name or code containing it."""
    value = value.strip()
    chosen = CHOSEN_SUGGESTION.match(value)
    if chosen:
        return queryset.filter(**{f"{prefix}code": chosen["code"]})
    return queryset.filter(Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}code__icontains": value}))


def closest_matches(queryset: QuerySet, typed: str) -> list:
    """At most two rows of `queryset` (districts or schools: rows with a code and a name) that `typed` may
    name, the most exact way first: a chosen suggestion "Name (CODE)" by its code, the exact code, an id,
    the exact name, then a name or code containing it. A list of one when `typed` names exactly one row."""
    typed = typed.strip()
    if not typed:
        return []
    chosen = CHOSEN_SUGGESTION.match(typed)
    exact = [Q(code__iexact=chosen["code"])] if chosen else []
    exact.append(Q(code__iexact=typed))
    if DIGITS.match(typed) and int(typed) <= LARGEST_ID:
        exact.append(Q(pk=int(typed)))
    exact.append(Q(name__iexact=typed))
    for condition in exact:
        found = list(queryset.filter(condition)[:2])
        if len(found) == 1:
            return found
    return list(search_districts(queryset, typed)[:2])


def one_district(queryset: QuerySet, typed: str) -> District | None:
    """The one district of `queryset` that what was typed in a district field names, or None."""
    found = closest_matches(queryset, typed)
    return found[0] if len(found) == 1 else None


class DistrictSearchFilter(django_filters.CharFilter):
    """A filter by district that stays small however many districts there are (no select of hundreds)."""

    def __init__(self, *args, prefix: str = "district__", **kwargs):
        kwargs.setdefault("label", _("District"))
        kwargs.setdefault("widget", DistrictSearchInput)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)
        self.prefix = prefix

    def filter(self, queryset, value):
        return search_districts(queryset, value, self.prefix) if value and value.strip() else queryset


def _region_choices():
    regions = District.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
    return [(region, region) for region in regions]


class DistrictFilter(django_filters.FilterSet):
    q = DistrictSearchFilter(label=_("Name or code"), prefix="")
    region = django_filters.ChoiceFilter(label=_("Region"), choices=_region_choices, empty_label=_("All regions"))
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("name", "name"),
            ("code", "code"),
            ("region", "region"),
            ("school_count", "schools"),
        ],
        choices=sort_choices(
            ("name", _("Name, A to Z"), _("Name, Z to A")),
            ("code", _("State code, lowest first"), _("State code, highest first")),
            ("region", _("Region, A to Z"), _("Region, Z to A")),
            ("schools", _("Schools, fewest first"), _("Schools, most first")),
        ),
        empty_label=_("Usual order"),
    )

    class Meta:
        model = District
        fields = ["q", "region"]
