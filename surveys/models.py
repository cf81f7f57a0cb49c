"""Surveys: instruments loaded as data, survey cycles, invitations and the responses kept apart from them.

Anonymity is built into the tables: an `Invitation` says who was asked, by which codes, and whether
they answered; a `Response` says what was answered and the demographic categories reports need. No
column links the two: a response's key is random, it carries no time, and an invitation records only
*that* it was answered, never when.
"""

import secrets
import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pep.fields import NOTE, LimitedTextField
from pep.models import District, School, SchoolYear

# Paper codes are read off a form and typed by people: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
PAPER_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
PAPER_CODE_LENGTH = 10
WEB_CODE_BYTES = 32  # 256 random bits, written as 43 URL-safe characters
MAX_ITEMS = 200
LOWEST_VALUE, HIGHEST_VALUE = 1, 6


def new_web_code() -> str:
    return secrets.token_urlsafe(WEB_CODE_BYTES)


def new_paper_code() -> str:
    return "".join(secrets.choice(PAPER_CODE_ALPHABET) for _ in range(PAPER_CODE_LENGTH))


def normalize_paper_code(text: str) -> str:
    """A paper code as typed (any case, spaces or dashes between groups) in its stored form."""
    return "".join(character for character in text.upper() if character.isalnum())


class InstrumentKind(models.TextChoices):
    INDICATOR8 = "indicator8", _("Indicator 8 parent survey")
    PERCEPTIONS = "perceptions", _("Family-engagement perceptions survey")
    FEEDBACK = "feedback", _("Workshop feedback")


class ScoringRule(models.TextChoices):
    SHARE_AGREE = "share_agree", _("Share of answered items agreeing")
    MEAN = "mean", _("Mean answered value")
    MEASURE = "measure", _("Rasch rating-scale measure")


class Grade(models.TextChoices):
    PK = "PK", "PK"
    K = "K", "K"
    G1 = "1", "1"
    G2 = "2", "2"
    G3 = "3", "3"
    G4 = "4", "4"
    G5 = "5", "5"
    G6 = "6", "6"
    G7 = "7", "7"
    G8 = "8", "8"
    G9 = "9", "9"
    G10 = "10", "10"
    G11 = "11", "11"
    G12 = "12", "12"


class GradeBand(models.TextChoices):
    PK = "PK", _("Preschool (PK)")
    K5 = "K-5", _("Grades K to 5")
    G6_8 = "6-8", _("Grades 6 to 8")
    G9_12 = "9-12", _("Grades 9 to 12")


def grade_band_of(grade: str) -> str:
    if grade == "PK":
        return GradeBand.PK
    if grade == "K" or int(grade) <= 5:
        return GradeBand.K5
    return GradeBand.G6_8 if int(grade) <= 8 else GradeBand.G9_12


class AgeGroup(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    SCHOOL_AGE = "school_age", _("School age")


class RaceEthnicity(models.TextChoices):
    AM = "AM", _("American Indian or Alaska Native")
    AS = "AS", _("Asian")
    BL = "BL", _("Black or African American")
    HI = "HI", _("Hispanic or Latino")
    PI = "PI", _("Native Hawaiian or Other Pacific Islander")
    WH = "WH", _("White")
    MU = "MU", _("Two or more races")


class DisabilityCategory(models.TextChoices):
    AUT = "AUT", _("Autism")
    DB = "DB", _("Deaf-blindness")
    DD = "DD", _("Developmental delay")
    DEAF = "DEAF", _("Deafness")
    ED = "ED", _("Emotional disability")
    HI = "HI", _("Hearing impairment")
    ID = "ID", _("Intellectual disability")
    MD = "MD", _("Multiple disabilities")
    OHI = "OHI", _("Other health impairment")
    OI = "OI", _("Orthopedic impairment")
    SLD = "SLD", _("Specific learning disability")
    SLI = "SLI", _("Speech or language impairment")
    TBI = "TBI", _("Traumatic brain injury")
    VI = "VI", _("Visual impairment")


class Gender(models.TextChoices):
    F = "F", _("Female")
    M = "M", _("Male")
    X = "X", _("Nonbinary or not listed")


class Dimension(models.TextChoices):
    """The four ways respondents are compared with the children served (representativeness)."""

    RACE_ETHNICITY = "race_ethnicity", _("Race and ethnicity")
    DISABILITY_CATEGORY = "disability_category", _("Disability category")
    GRADE_BAND = "grade_band", _("Grade band")
    GENDER = "gender", _("Gender")


DIMENSION_CATEGORIES = {
    Dimension.RACE_ETHNICITY: RaceEthnicity,
    Dimension.DISABILITY_CATEGORY: DisabilityCategory,
    Dimension.GRADE_BAND: GradeBand,
    Dimension.GENDER: Gender,
}


class SurveyLanguage(models.TextChoices):
    EN = "en", "English"
    ES = "es", "Español"


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")


class RespondentRole(models.TextChoices):
    FAMILY = "family", _("Family member")
    STAFF = "staff", _("School or district staff")


class Instrument(models.Model):
    """A survey's questions, answer scale and scoring rule, loaded from a JSON file (`import_instrument`).

    Once a cycle uses it, it never changes: a new wording or calibration is a new version."""

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.CharField(_("version"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200)
    scale = models.JSONField(_("answer scale"), help_text=_("Each point: value, English and Spanish label."))
    agree_from = models.PositiveSmallIntegerField(_("agrees from value"))
    scoring = models.JSONField(_("scoring"))
    source = models.JSONField(_("file as loaded"), help_text=_("The instrument file exactly as it was imported."))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        ordering = ["slug", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                name="instrument_slug_version_unique",
                violation_error_message=_("An instrument with this slug and version is already loaded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} ({self.version})"

    @property
    def name(self) -> str:
        return self.name_es if get_language() == "es" else self.name_en

    @property
    def rule(self) -> str:
        return self.scoring["rule"]

    @property
    def min_answered(self) -> int:
        return self.scoring["min_answered"]

    def scale_labels(self, language: str | None = None) -> dict[int, str]:
        """Each value's label in the language (the page's when not given), from least to most agreement."""
        key = "es" if (language or get_language()) == "es" else "en"
        return {point["value"]: point[key] for point in sorted(self.scale, key=lambda point: point["value"])}


class Item(models.Model):
    """One statement of an instrument, answered on the instrument's scale."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text_en = LimitedTextField(_("text in English"), max_length=NOTE)
    text_es = LimitedTextField(_("text in Spanish"), max_length=NOTE)
    tag = models.SlugField(_("tag"), max_length=60, blank=True, help_text=_("Such as a type of involvement."))
    difficulty = models.FloatField(_("difficulty (logits)"), null=True, blank=True)

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_en[:60]}"

    @property
    def text(self) -> str:
        return self.text_es if get_language() == "es" else self.text_en


class SurveyCycle(models.Model):
    """One administration of an instrument in a school year, such as the 2026-27 Indicator 8 survey."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="cycles")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="survey_cycles")
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("Answers are taken until the end of this day."))
    target = models.DecimalField(
        _("target percent"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    min_cell = models.PositiveSmallIntegerField(
        _("minimum cell size"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Figures describing fewer people than this are hidden from district-facing and public views."),
    )
    representativeness_pp = models.DecimalField(
        _("representativeness threshold (percentage points)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("50"))],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=7, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Changed (surveys.services.report_figures) whenever a response, an invitation or a child count of the
    # cycle changes: cached report figures worked out under another version are not used.
    report_version = models.UUIDField(_("report version"), default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-opens_on", "slug"]
        verbose_name = _("survey cycle")
        verbose_name_plural = _("survey cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_cycle_closes_after_opening",
                violation_error_message=_("A survey cycle must close on or after the day it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def save(self, *args, **kwargs) -> None:
        # The report version is moved by one UPDATE when figures change; saving a cycle loaded before that
        # (its dates or target edited) must not put back the version it was loaded with.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "report_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("surveys:cycle-detail", args=[self.slug])

    @property
    def kind(self) -> str:
        return self.instrument.kind

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


class Invitation(models.Model):
    """A parent asked to answer a cycle, with their web and paper codes: who was asked, never what they said."""

    # The cycle's own index would repeat the leading column of the two below.
    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="invitations", db_index=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="survey_invitations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    student_ref = models.CharField(_("student reference"), max_length=40)
    parent_name = models.CharField(_("parent's name"), max_length=200)
    parent_email = models.EmailField(_("parent's email"), max_length=254, blank=True)
    parent_phone = models.CharField(_("parent's phone"), max_length=32, blank=True)
    mailing_address = LimitedTextField(_("mailing address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=SurveyLanguage.choices)
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices)
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(30)])
    disability_category = models.CharField(_("disability category"), max_length=4, choices=DisabilityCategory.choices)
    race_ethnicity = models.CharField(_("race and ethnicity"), max_length=2, choices=RaceEthnicity.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    # Both codes are unique through constraints (below), which index them once: codes are only ever
    # matched whole, so the second, pattern index a unique field gets on PostgreSQL would be wasted.
    code = models.CharField(_("web code"), max_length=64, default=new_web_code)
    paper_code = models.CharField(_("paper code"), max_length=PAPER_CODE_LENGTH, default=new_paper_code)
    responded = models.BooleanField(_("responded"), default=False)
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "district", "student_ref"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "student_ref"],
                name="invitation_student_once_per_cycle",
                violation_error_message=_("This student is already on the cycle's roster."),
            ),
            models.UniqueConstraint(fields=["code"], name="invitation_code_unique"),
            models.UniqueConstraint(fields=["paper_code"], name="invitation_paper_code_unique"),
        ]
        # `responded` is in no index, so marking an invitation answered rewrites the row in place (a
        # PostgreSQL "HOT" update, with room kept free on each page by migration 0004) instead of adding
        # an entry to every index: a state's 60,000 returned forms are marked in well under a second.
        indexes = [
            models.Index(fields=["cycle", "district"], name="invitation_cycle_district"),
            # Preschool parents invited per district are counted from this small index alone (the report).
            models.Index(fields=["cycle", "district"], condition=Q(grade="PK"), name="invitation_preschool"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.paper_code}"

    @property
    def age_group(self) -> str:
        return AgeGroup.PRESCHOOL if self.grade == Grade.PK else AgeGroup.SCHOOL_AGE

    @property
    def grade_band(self) -> str:
        return grade_band_of(self.grade)


class Response(models.Model):
    """What one respondent answered, scored when stored, with only the categories reports need.

    The key is random and no time is kept, so nothing lines a response up with its invitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexed by the two composite indexes below, which lead with it.
    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="responses", db_index=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="survey_responses")
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=SurveyLanguage.choices)
    respondent_role = models.CharField(_("respondent"), max_length=6, choices=RespondentRole.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    grade_band = models.CharField(_("grade band"), max_length=4, choices=GradeBand.choices, blank=True)
    disability_category = models.CharField(
        _("disability category"), max_length=4, choices=DisabilityCategory.choices, blank=True
    )
    race_ethnicity = models.CharField(_("race and ethnicity"), max_length=2, choices=RaceEthnicity.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    answers = models.JSONField(_("answers"), help_text=_("One value per item, in item order; null where skipped."))
    answered = models.PositiveSmallIntegerField(_("items answered"))
    scored = models.BooleanField(_("scored"), help_text=_("Enough items answered to count as a respondent."))
    score = models.FloatField(_("score"), null=True, blank=True)
    counts_yes = models.BooleanField(_("counts as yes"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["cycle", "district", "age_group"], name="response_cycle_district"),
            # The reports count respondents by district, age group, verdict and category from this index alone
            # (and all responses returned from the one above), without reading the answers.
            models.Index(
                fields=[
                    "cycle",
                    "district",
                    "age_group",
                    "counts_yes",
                    "race_ethnicity",
                    "disability_category",
                    "grade_band",
                    "gender",
                ],
                condition=Q(scored=True),
                name="response_scored_counts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scored=False, counts_yes__isnull=True) | Q(scored=True, counts_yes__isnull=False),
                name="response_scored_has_verdict",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.get_channel_display()}"


class DistrictTally(models.Model):
    """What the Indicator 8 reports count of one district in one cycle, kept by every write that changes it
    (surveys.services.report_figures), so a report reads a row per district instead of counting responses:
    invited, returned, respondents and "yes" for all parents, preschool and school-age (12 counts), then
    respondents in each category of the four dimensions (surveys.selectors.tallies)."""

    # Indexed by the constraint below, which leads with it.
    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    counts = models.JSONField(_("counts"))

    class Meta:
        verbose_name = _("district tally")
        verbose_name_plural = _("district tallies")
        constraints = [models.UniqueConstraint(fields=["cycle", "district"], name="district_tally_once")]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.district}"


class ChildCount(models.Model):
    """How many children a district serves in one category (the population representativeness compares with)."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="child_counts")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="child_counts")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    category = models.CharField(_("category"), max_length=4)
    count = models.PositiveIntegerField(_("children"), validators=[MaxValueValidator(10_000_000)])

    class Meta:
        ordering = ["school_year", "district", "dimension", "category"]
        verbose_name = _("child count")
        verbose_name_plural = _("child counts")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "district", "dimension", "category"], name="child_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.category}: {self.count}"


class PaperEntry(models.Model):
    """One keying of a returned paper form. Each form is keyed twice; once the two agree (or a clerk has
    reconciled them) the response is stored and the entries are deleted, so nothing links it back."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="paper_entries")
    pass_number = models.PositiveSmallIntegerField(_("keying"), choices=[(1, _("First")), (2, _("Second"))])
    answers = models.JSONField(_("answers"))
    keyed_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    keyed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["invitation", "pass_number"]
        verbose_name = _("paper keying")
        verbose_name_plural = _("paper keyings")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "pass_number"],
                name="paper_entry_once_per_pass",
                violation_error_message=_("This form has already been keyed this time."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation} · {self.pass_number}"


class PerceptionsLink(models.Model):
    """The shared link a district sends its families and staff for a perceptions cycle (no codes)."""

    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="links")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_web_code)

    class Meta:
        verbose_name = _("perceptions survey link")
        verbose_name_plural = _("perceptions survey links")
        constraints = [models.UniqueConstraint(fields=["cycle", "district"], name="perceptions_link_once")]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.district}"


class SurveyJob(models.Model):
    """Long survey work done in the background (an import, a batch of paper packets), with its progress.

    The uploaded file and the built file live in the row, not on a disk, because the workers that do the
    work may run on other machines that share only the database. An import's upload is cleared when it
    finishes: a roster holds parents' contacts."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Roster import")
        RESPONSES = "responses", _("Response import")
        CHILD_COUNT = "child_count", _("Child count import")
        PACKETS = "packets", _("Paper packets")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused: nothing was saved")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True)
    output = models.BinaryField(_("built file"), null=True, blank=True)
    output_name = models.CharField(_("file name"), max_length=120, blank=True)
    errors = models.JSONField(_("problems"), default=list, help_text=_("[line, reason] pairs."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    requested_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("survey job")
        verbose_name_plural = _("survey jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent_done(self) -> int:
        return 100 if self.status == self.Status.DONE else (100 * self.done // self.total if self.total else 0)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)
