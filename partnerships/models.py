"""One-year partnership plans: frameworks, plans, goals, activities, review, year-end evaluation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pep.models import GRADES, District, Language, School, SchoolYear


class Bilingual(models.Model):
    """English and Spanish names and descriptions, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_es if get_language() == "es" and self.name_es else self.name_en

    @property
    def description(self) -> str:
        return self.description_es if get_language() == "es" and self.description_es else self.description_en


class Framework(Bilingual):
    """A way of sorting partnership activities, such as the six types of involvement."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_default = models.BooleanField(_("default for new plans"), default=False)
    min_categories_to_submit = models.PositiveSmallIntegerField(
        _("categories a plan must cover to be submitted"),
        default=0,
        help_text=_("0 means no minimum."),
    )

    class Meta:
        ordering = ["-is_default", "name_en"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_framework",
                violation_error_message=_("Another framework is already the default."),
            )
        ]


class Category(Bilingual):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="categories", verbose_name=_("framework")
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="category_code_unique_in_framework",
                violation_error_message=_("This framework already has a category with this code."),
            )
        ]


class PlanKind(models.TextChoices):
    DISTRICT = "district", _("District plan")
    SCHOOL = "school", _("School plan")
    PARENT_LEADER = "parent_leader", _("Parent-leader plan")


SCHOOL_PLAN_KINDS = [PlanKind.SCHOOL, PlanKind.PARENT_LEADER]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    EVALUATED = "evaluated", _("Evaluated")


EDITABLE_STATUSES = [PlanStatus.DRAFT, PlanStatus.RETURNED]


class Plan(models.Model):
    """A one-year partnership plan of a district, a school's action team or a school's parent leader."""

    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="plans", verbose_name=_("school year")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="plans", verbose_name=_("district"))
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("school")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="plans", verbose_name=_("framework")
    )
    vision = models.TextField(_("vision"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    carried_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("carried over from"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    reflection = models.TextField(_("reflection on the year"), blank=True)
    # The yearly evaluation of the family-engagement policy that Title I districts do with parents.
    policy_barriers = models.TextField(_("barriers to families' participation found"), blank=True)
    policy_family_needs = models.TextField(_("what families need to help their children learn"), blank=True)
    policy_strategies = models.TextField(_("strategies that worked"), blank=True)
    policy_family_participation = models.TextField(_("how families took part in this evaluation"), blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-school_year__starts_on", "district__name", "school__name", "kind"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PlanKind.DISTRICT, school__isnull=True)
                | Q(kind__in=SCHOOL_PLAN_KINDS, school__isnull=False),
                name="plan_owner_matches_kind",
                violation_error_message=_("A district plan has no school; school and parent-leader plans have one."),
            ),
            models.UniqueConstraint(
                fields=["district", "school_year"],
                condition=Q(kind=PlanKind.DISTRICT),
                name="one_district_plan_per_year",
                violation_error_message=_("This district already has a plan for this school year."),
            ),
            models.UniqueConstraint(
                fields=["school", "kind", "school_year"],
                condition=Q(kind__in=SCHOOL_PLAN_KINDS),
                name="one_school_plan_of_each_kind_per_year",
                violation_error_message=_("This school already has a plan of this kind for this school year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.owner} · {self.school_year}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:plan-detail", args=[self.pk])

    @property
    def owner(self) -> District | School:
        return self.school or self.district

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def needs_policy_evaluation(self) -> bool:
        """Title I districts evaluate their family-engagement policy with parents every year."""
        return self.kind == PlanKind.DISTRICT and self.district.receives_title_i


class GoalKind(models.TextChoices):
    ACADEMIC = "academic", _("Academic")
    BEHAVIOURAL = "behavioural", _("Behavioural")
    WELCOMING_CLIMATE = "welcoming_climate", _("Welcoming climate")
    OTHER = "other", _("Other")


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    kind = models.CharField(_("kind of goal"), max_length=20, choices=GoalKind.choices)
    statement = models.TextField(_("goal"))
    desired_result = models.TextField(_("desired result"), blank=True)
    how_measured = models.TextField(_("how it is measured"), blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.statement[:80]


class FundingSource(models.TextChoices):
    TITLE_I = "title_i", _("Title I family-engagement set-aside")
    DISTRICT = "district", _("District funds")
    GRANT = "grant", _("Grant")
    IN_KIND = "in_kind", _("In-kind")
    OTHER = "other", _("Other")


def shown(value) -> str:
    """A stored value as a person reads it: lists joined, nothing shown as a dash."""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "—"
    return "—" if value in (None, "") else str(value)


MONTHS = [
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
]


MONTH_NAMES = dict(MONTHS)


def month_names(months: list[int]) -> list[str]:
    """Month numbers as names, in school-year order (July first)."""
    return [str(MONTH_NAMES[month]) for month in sorted(months, key=lambda m: (m < 7, m)) if month in MONTH_NAMES]


def validate_months(value) -> None:
    if not isinstance(value, list) or any(month not in MONTH_NAMES for month in value):
        raise ValidationError(_("Choose months from the list."), code="months")


def validate_grade_levels(value) -> None:
    if not isinstance(value, list) or any(grade not in GRADES for grade in value):
        raise ValidationError(_("Choose grades from PK, K and 1 to 12."), code="grade_levels")


# Kept by name so services can write one history record per save, with its categories and languages.
ACTIVITY_HISTORY = HistoricalRecords(excluded_fields=["version"], m2m_fields=["categories", "languages"])


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan"))
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("goal"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(Category, related_name="activities", verbose_name=_("categories"))
    grade_levels = models.JSONField(_("grade levels"), default=list, blank=True, validators=[validate_grade_levels])
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    months = models.JSONField(_("months"), default=list, blank=True, validators=[validate_months])
    preparation = models.TextField(_("preparation needed"), blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=200, blank=True)
    helpers = models.CharField(_("helpers"), max_length=300, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost ($)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, default=FundingSource.DISTRICT
    )
    how_judged = models.TextField(_("how the result will be judged"), blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="activities", verbose_name=_("languages offered")
    )
    interpretation = models.CharField(_("interpretation planned"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = ACTIVITY_HISTORY

    class Meta:
        ordering = ["plan", "goal__order", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0),
                name="activity_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_timing(self) -> bool:
        return bool(self.starts_on or self.months)

    def month_names(self) -> list[str]:
        return month_names(self.months)


class Implementation(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Quality(models.IntegerChoices):
    NOT_OCCURRING = 1, _("1 · Not occurring")
    RARELY = 2, _("2 · Rarely")
    SOMETIMES = 3, _("3 · Sometimes")
    FREQUENTLY = 4, _("4 · Frequently")
    EXTENSIVELY = 5, _("5 · Extensively")


class ActivityEvaluation(models.Model):
    """The year-end rating of one activity."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("activity")
    )
    implemented = models.CharField(_("was it carried out?"), max_length=10, choices=Implementation.choices)
    families = models.PositiveIntegerField(_("families taking part"), default=0)
    staff = models.PositiveIntegerField(_("staff taking part"), default=0)
    students = models.PositiveIntegerField(_("students taking part"), default=0)
    quality = models.PositiveSmallIntegerField(
        _("quality"), choices=Quality.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    evaluated_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("activity evaluation")
        verbose_name_plural = _("activity evaluations")
        constraints = [
            models.CheckConstraint(condition=Q(quality__gte=1, quality__lte=5), name="evaluation_quality_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_quality_display()}"

    @property
    def is_strong(self) -> bool:
        """Ratings of 4 (frequently) and 5 (extensively) count as strong."""
        return self.quality >= Quality.FREQUENTLY


class PlanTransition(models.Model):
    """One step of a plan's workflow: who moved it, when, and what they said."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("plan"))
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("plan transition")
        verbose_name_plural = _("plan transitions")

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class PlanComment(models.Model):
    """A reviewer's comment on a plan, or on one of its activities."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan"))
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("activity"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]
