"""One-year partnership plans: frameworks, plans, goals, activities, review, year-end evaluation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pep.fields import ESSAY, NOTE, TEXT, LimitedTextField
from pep.models import Bilingual, District, Language, School, SchoolYear, validate_grade_levels
from pep.months import month_names, validate_months


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


# Each status's place in the workflow, stored on the plan so lists sort by it (not by the alphabet).
WORKFLOW_STEP = {status: step for step, status in enumerate(PlanStatus)}

EDITABLE_STATUSES = [PlanStatus.DRAFT, PlanStatus.RETURNED]
YEAR_END_STATUSES = [PlanStatus.APPROVED, PlanStatus.EVALUATED]


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
    vision = LimitedTextField(_("vision"), blank=True, max_length=TEXT)
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
    reflection = LimitedTextField(_("reflection on the year"), blank=True, max_length=ESSAY)
    # The yearly evaluation of the family-engagement policy that Title I districts do with parents.
    policy_barriers = LimitedTextField(_("barriers to families' participation found"), blank=True)
    policy_family_needs = LimitedTextField(_("what families need to help their children learn"), blank=True)
    policy_strategies = LimitedTextField(_("strategies that worked"), blank=True)
    policy_family_participation = LimitedTextField(_("how families took part in this evaluation"), blank=True)

    # How many categories of its framework the plan's activities cover; kept by the services.
    categories_covered = models.PositiveSmallIntegerField(_("categories covered"), default=0, editable=False)
    # WORKFLOW_STEP[status], kept with the status by the one service that changes it.
    workflow_step = models.PositiveSmallIntegerField(
        _("step of the workflow"), default=WORKFLOW_STEP[PlanStatus.DRAFT], editable=False
    )

    history = HistoricalRecords(excluded_fields=["version", "categories_covered", "workflow_step"])

    class Meta:
        ordering = ["-school_year__starts_on", "district__name", "school__name", "kind"]
        indexes = [
            models.Index(fields=["categories_covered"], name="plan_categories_covered"),
            models.Index(fields=["status", "submitted_at"], name="plan_status_submitted"),
            models.Index(fields=["workflow_step", "submitted_at"], name="plan_workflow_step_submitted"),
        ]
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
        return f"{self.title} · {self.school_year}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:plan-detail", args=[self.pk])

    @property
    def title(self) -> str:
        """What people call the plan: its kind and its owner, such as "School plan · Lincoln Elementary"."""
        return f"{self.get_kind_display()} · {self.owner}"

    @property
    def owner(self) -> District | School:
        return self.school or self.district

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_returned(self) -> bool:
        return self.status == PlanStatus.RETURNED

    @property
    def is_at_year_end(self) -> bool:
        """Approved or evaluated: the year's work is carried out, evaluated, and can start next year's."""
        return self.status in YEAR_END_STATUSES

    breadcrumb_parent = "partnerships:plan-list"

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
    statement = LimitedTextField(_("goal"), max_length=NOTE)
    desired_result = LimitedTextField(_("desired result"), blank=True, max_length=NOTE)
    how_measured = LimitedTextField(_("how it is measured"), blank=True, max_length=NOTE)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    # Recorded with the year-end reflection, read against the target; not carried into next year's plan.
    result = LimitedTextField(_("result at year end"), blank=True, max_length=NOTE)
    # The PT3 priority the goal was made from, if any.
    from_priority = models.ForeignKey(
        "workshops.Pt3Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("from the PT3 priority"),
    )
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


# Kept by name so services can write one history record per save, with its categories and languages.
ACTIVITY_HISTORY = HistoricalRecords(excluded_fields=["version"], m2m_fields=["categories", "languages"])


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan"))
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("goal"))
    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)
    categories = models.ManyToManyField(Category, related_name="activities", verbose_name=_("categories"))
    grade_levels = models.JSONField(_("grade levels"), default=list, blank=True, validators=[validate_grade_levels])
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    months = models.JSONField(_("months"), default=list, blank=True, validators=[validate_months])
    preparation = LimitedTextField(_("preparation needed"), blank=True, max_length=NOTE)
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
    how_judged = LimitedTextField(_("how the result will be judged"), blank=True, max_length=NOTE)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="activities", verbose_name=_("languages offered")
    )
    interpretation = models.CharField(_("interpretation planned"), max_length=300, blank=True)
    # The activity of last year's plan this one was copied from, so its lessons show beside it.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
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


PARTICIPANTS_MAX = 100_000  # more than any one activity of one district: a bigger number is a typo


class ActivityEvaluation(models.Model):
    """The year-end rating of one activity."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("activity")
    )
    implemented = models.CharField(_("was it carried out?"), max_length=10, choices=Implementation.choices)
    families = models.PositiveIntegerField(
        _("families taking part"), default=0, validators=[MaxValueValidator(PARTICIPANTS_MAX)]
    )
    staff = models.PositiveIntegerField(
        _("staff taking part"), default=0, validators=[MaxValueValidator(PARTICIPANTS_MAX)]
    )
    students = models.PositiveIntegerField(
        _("students taking part"), default=0, validators=[MaxValueValidator(PARTICIPANTS_MAX)]
    )
    quality = models.PositiveSmallIntegerField(
        _("quality"), choices=Quality.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_worked = LimitedTextField(_("what worked"), blank=True, max_length=NOTE)
    what_to_change = LimitedTextField(_("what to change"), blank=True, max_length=NOTE)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    evaluated_at = models.DateTimeField(_("when"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

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
    comment = LimitedTextField(_("comment"), blank=True, max_length=NOTE)

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
    text = LimitedTextField(_("comment"), max_length=NOTE)

    class Meta:
        ordering = ["plan", "at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]
