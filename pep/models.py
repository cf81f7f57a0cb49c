"""The program's backbone: school years, districts, schools, languages, people's roles, audit."""

import datetime
import re

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .fields import NOTE, LimitedTextField

# Grades in order, as the state directory writes them.
GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
GRADE_BAND_PATTERN = re.compile(r"^\s*([A-Za-z0-9]+)\s*-\s*([A-Za-z0-9]+)\s*$")


def grade_band_normalize(value: str) -> str:
    """Return a grade band as `FIRST-LAST` (e.g. `K-5`), or raise ValidationError."""
    match = GRADE_BAND_PATTERN.match(value or "")
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a grade band; write FIRST-LAST such as K-5, 6-8 or PK-12."),
            params={"value": value},
            code="grade_band",
        )
    first, last = (part.upper() for part in match.groups())
    if first not in GRADES or last not in GRADES:
        raise ValidationError(
            _("“%(value)s” uses a grade that does not exist; grades run PK, K, 1 to 12."),
            params={"value": value},
            code="grade_band",
        )
    if GRADES.index(first) > GRADES.index(last):
        raise ValidationError(
            _("“%(value)s” runs backwards; put the lowest grade first."),
            params={"value": value},
            code="grade_band",
        )
    return f"{first}-{last}"


def validate_grade_band(value: str) -> None:
    grade_band_normalize(value)


def validate_grade_levels(value) -> None:
    if not isinstance(value, list) or any(grade not in GRADES for grade in value):
        raise ValidationError(_("Choose grades from PK, K and 1 to 12."), code="grade_levels")


class Bilingual(models.Model):
    """English and Spanish names and descriptions, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = LimitedTextField(_("description (English)"), blank=True, max_length=NOTE)
    description_es = LimitedTextField(_("description (Spanish)"), blank=True, max_length=NOTE)

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


class SchoolYearQuerySet(models.QuerySet):
    def current(self) -> "SchoolYear | None":
        return self.filter(is_current=True).first()

    def following(self, school_year: "SchoolYear") -> "SchoolYear | None":
        return self.filter(starts_on__gt=school_year.starts_on).order_by("starts_on").first()


class SchoolYear(models.Model):
    """A school year such as 2026-27; exactly one is current, and planning for it opens in spring."""

    label = models.CharField(
        _("label"),
        max_length=7,
        unique=True,
        help_text=_("Written like 2026-27."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    planning_opens_on = models.DateField(
        _("planning opens on"),
        help_text=_("The spring day from which plans for this year may be started."),
    )
    is_current = models.BooleanField(_("current year"), default=False)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_school_year",
                violation_error_message=_(
                    "Another school year is already current; "
                    "use the action “Make the selected year the current school year”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="school_year_ends_after_start",
                violation_error_message=_("A school year must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(planning_opens_on__lt=models.F("starts_on")),
                name="school_year_planning_opens_before_start",
                violation_error_message=_("Planning for a school year must open before the year starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if not re.fullmatch(r"\d{4}-\d{2}", self.label or ""):
            raise ValidationError({"label": _("Write the year like 2026-27.")})
        first = int(self.label[:4])
        if int(self.label[5:]) != (first + 1) % 100:
            raise ValidationError({"label": _("The two years must follow each other, like 2026-27.")})
        if self.starts_on and self.starts_on.year != first:
            raise ValidationError({"starts_on": _("The year must start in %(year)s.") % {"year": first}})

    @classmethod
    def label_for(cls, first_year: int) -> str:
        return f"{first_year}-{(first_year + 1) % 100:02d}"

    def planning_is_open(self, today: datetime.date | None = None) -> bool:
        """True from the spring planning day until the year ends."""
        today = today or timezone.localdate()
        return self.planning_opens_on <= today <= self.ends_on


class District(models.Model):
    """A school district (local education agency) as the state directory lists it."""

    code = models.CharField(_("state code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=100, blank=True)
    receives_title_i = models.BooleanField(
        _("receives Title I funds"),
        default=False,
        help_text=_("Title I districts evaluate their family-engagement policy with parents every year."),
    )

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("district-detail", args=[self.pk])


class Language(models.Model):
    """A language families speak at home; codes follow ISO 639-1 where one exists."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name in English"), max_length=100)
    name_local = models.CharField(_("name in the language itself"), max_length=100)
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for common languages: PEP knows their names in Spanish."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        shown = self.display_name
        if self.name_local and self.name_local.casefold() != shown.casefold():
            return f"{shown} ({self.name_local})"
        return shown

    @property
    def display_name(self) -> str:
        """The language's name in the reader's language: Spanish readers get name_es, else Django's own
        Spanish name for the code, else the English name."""
        if (get_language() or "en").split("-")[0] != "es":
            return self.name
        if self.name_es:
            return self.name_es
        info = LANG_INFO.get(self.code)
        if info and "name" in info:
            return gettext(info["name"])
        return self.name


class School(models.Model):
    code = models.CharField(_("state code"), max_length=20, unique=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=200)
    grade_band = models.CharField(
        _("grade band"),
        max_length=5,
        validators=[validate_grade_band],
        help_text=_("FIRST-LAST from PK, K, 1 to 12, such as K-5."),
    )
    home_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="schools",
        verbose_name=_("home languages of its families"),
    )

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.grade_band = grade_band_normalize(self.grade_band)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("school-detail", args=[self.pk])

    @property
    def breadcrumb_parent(self) -> District:
        return self.district

    @property
    def grades(self) -> list[str]:
        """The grades of the school's band, in order: K-2 gives K, 1, 2."""
        first, last = self.grade_band.split("-")
        return GRADES[GRADES.index(first) : GRADES.index(last) + 1]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("PEP coordinator")
    DISTRICT_LEADER = "district_leader", _("District Leader for Partnerships")
    SCHOOL_TEAM = "school_team", _("Action team member")
    PARENT_LEADER = "parent_leader", _("Parent leader")


SCHOOL_ROLES = [Role.SCHOOL_TEAM, Role.PARENT_LEADER]

# Where a role applies: coordinators everywhere, a district leader in a district, the others in a school.
SCOPE_MATCHES_ROLE = (
    Q(role=Role.COORDINATOR, district__isnull=True, school__isnull=True)
    | Q(role=Role.DISTRICT_LEADER, district__isnull=False, school__isnull=True)
    | Q(role__in=SCHOOL_ROLES, district__isnull=True, school__isnull=False)
)
SCOPE_MISMATCH = _(
    "A coordinator has no district or school; a district leader has a district only; "
    "team members and parent leaders have a school only."
)


class RoleScoped:
    """A role in a district or a school (a membership, an invitation to one): where it applies."""

    @property
    def scope(self):
        """The district or school this role covers, or None for the whole program."""
        return self.school or self.district

    @property
    def scope_district(self) -> "District | None":
        return self.district or (self.school.district if self.school else None)


class Membership(RoleScoped, models.Model):
    """A person's role in a scope: the whole program, one district or one school."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("district"),
        help_text=_("For district leaders only."),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("school"),
        help_text=_("For action team members and parent leaders only."),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=SCOPE_MATCHES_ROLE,
                name="membership_scope_matches_role",
                violation_error_message=SCOPE_MISMATCH,
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=Role.COORDINATOR),
                name="one_coordinator_membership",
                violation_error_message=_("This person is already a coordinator."),
            ),
            models.UniqueConstraint(
                fields=["user", "district"],
                condition=Q(role=Role.DISTRICT_LEADER),
                name="one_leadership_per_district",
                violation_error_message=_("This person already leads this district."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(role__in=SCHOOL_ROLES),
                name="one_school_role_per_school",
                violation_error_message=_("This person already has this role at this school."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    def clean(self) -> None:
        if self.role == Role.COORDINATOR and (self.district_id or self.school_id):
            raise ValidationError(_("A coordinator works with every district; leave district and school empty."))
        if self.role == Role.DISTRICT_LEADER and (not self.district_id or self.school_id):
            raise ValidationError({"district": _("A district leader needs a district, and no school.")})
        if self.role in SCHOOL_ROLES and (not self.school_id or self.district_id):
            raise ValidationError({"school": _("This role needs a school, and no district.")})


class Profile(models.Model):
    """What PEP keeps about a person beyond their account: the language of the messages they get."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("person")
    )
    language = models.CharField(
        _("language of messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: messages come in English and Spanish."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class FormSubmission(models.Model):
    """A form that was sent and saved, by its one-time token: a double click does not save twice."""

    token = models.UUIDField(primary_key=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return str(self.token)


class AuditEntry(models.Model):
    """Who did what, when: written inside the service that made the change."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60)
    summary = models.CharField(_("summary"), max_length=300)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"


class Invitation(RoleScoped, models.Model):
    """An invitation to take a role, sent by email: the link carries a token stored here only as a hash."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("district"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("school"),
    )
    language = models.CharField(_("language of the email"), max_length=8, choices=settings.LANGUAGES)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    # SHA-256 of the token in the link; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=SCOPE_MATCHES_ROLE,
                name="invitation_scope_matches_role",
                violation_error_message=SCOPE_MISMATCH,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> · {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at
