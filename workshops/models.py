"""Workshops: the catalog of programs PEP offers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pep.models import Bilingual

MAX_PD_HOURS = Decimal("100")


class Audience(models.TextChoices):
    PARENTS = "parents", _("Parents")
    SCHOOL_PARENTS_AND_TEACHERS = "school_parents_teachers", _("Parents and teachers of one school")
    DISTRICT_LEADERS = "district_leaders", _("District leaders for partnerships")
    SCHOOL_TEAMS = "school_teams", _("School action teams")
    ANY_PARENT = "any_parent", _("Any parent")
    EVERYONE = "everyone", _("Everyone")


class UsualFormat(models.TextChoices):
    ONE_DAY = "one_day", _("One day")
    TWO_DAYS = "two_days", _("Two days")
    FULL_DAY = "full_day", _("Full day")
    CONVERSATION = "conversation", _("Facilitated conversation")
    SERIES = "series", _("Year-long series")
    CONFERENCE = "conference", _("Conference")


class Program(Bilingual):
    """A workshop PEP offers, such as Parent Leadership 101; each offering is one run of it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    usual_format = models.CharField(_("usual format"), max_length=20, choices=UsualFormat.choices)
    pd_hours = models.DecimalField(
        _("professional-development hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_PD_HOURS)],
        help_text=_("Hours educators may count for professional development: 0 for none, empty if not known yet."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive programs stay on record but get no new offerings.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Smaller numbers are listed first."))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["order", "name_en", "pk"]
        verbose_name = _("workshop program")
        verbose_name_plural = _("workshop programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(pd_hours__isnull=True) | Q(pd_hours__gte=0, pd_hours__lte=MAX_PD_HOURS),
                name="program_pd_hours_0_to_100",
                violation_error_message=_("Professional-development hours run from 0 to 100."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("workshops:program-edit", args=[self.pk])
