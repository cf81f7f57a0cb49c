"""Filters of the public workshop catalog (django-filter)."""

import datetime

import django_filters
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pep.filters import DistrictSearchFilter, DistrictSearchInput
from pep.models import Language
from pep.widgets import ReaderDateInput, reader_date_hint
from workshops.models import Audience, Offering, Program
from workshops.selectors.catalog import shown_offerings

Interpretation = Offering.interpretation_languages.through


def public_district_input() -> DistrictSearchInput:
    """The district type-ahead for pages without an account: it suggests from every district."""
    return DistrictSearchInput(attrs={"data-suggestions-url": reverse_lazy("workshops:district-suggestions")})


def _catalog_languages(request):
    """Languages some offering the catalog shows is given or interpreted in: a short list, not every home
    language, and none only finished workshops had (one query)."""
    shown = shown_offerings()
    delivered = shown.values("language")
    interpreted = Interpretation.objects.filter(offering__in=shown).values("language")
    return Language.objects.filter(Q(pk__in=delivered) | Q(pk__in=interpreted)).order_by("name")


class CatalogFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Workshop"),
        queryset=Program.objects.filter(is_active=True).order_by("order", "name_en", "pk"),
        empty_label=_("All workshops"),
    )
    district = DistrictSearchFilter(label=_("District"), prefix="host_district__", widget=public_district_input())
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=_catalog_languages,
        empty_label=_("Any language"),
        method="in_language",
        help_text=_("Given in this language, or with interpretation into it."),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="from_date",
        widget=ReaderDateInput,
        help_text=_("Workshops with sessions on or after this day."),
    )
    audience = django_filters.ChoiceFilter(
        label=_("For"), field_name="program__audience", choices=Audience.choices, empty_label=_("Anyone")
    )

    class Meta:
        model = Offering
        fields = ["program", "district", "language", "date_from", "audience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The format of the day, in the reader's language: hinted under the box and inside it.
        date_from, hint = self.filters["date_from"], reader_date_hint()
        date_from.extra["help_text"] = f"{date_from.extra['help_text']} {_('As %(format)s.') % {'format': hint}}"
        date_from.extra["widget"] = ReaderDateInput(attrs={"placeholder": hint})

    def in_language(self, queryset, name, value):
        if not value:
            return queryset
        interpreted = Interpretation.objects.filter(language=value).values("offering")
        return queryset.filter(Q(language=value) | Q(pk__in=interpreted))

    def from_date(self, queryset, name, value):
        if not value:
            return queryset
        start = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
        return queryset.filter(last_ends_at__gte=start)
