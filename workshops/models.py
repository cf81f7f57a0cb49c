"""Workshops: the catalog of programs, their offerings and sessions, registrations, attendance and feedback."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from pep.fields import NOTE, LimitedTextField
from pep.models import Bilingual, District, Language, School

MAX_PD_HOURS = Decimal("100")
MAX_SEATS = 5_000
MAX_CHILDREN = 20


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


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Offering(models.Model):
    """One run of a program: its sessions, place, seats, childcare and registration window."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("program"))
    title = models.CharField(_("title"), max_length=200)
    host_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_offerings",
        verbose_name=_("host district"),
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language of delivery")
    )
    interpretation_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("interpretation offered in")
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Such as the school's name."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    accessibility_notes = LimitedTextField(_("accessibility"), blank=True, max_length=NOTE)
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to confirmed registrants."),
    )
    seat_capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)]
    )
    childcare_offered = models.BooleanField(_("childcare offered"), default=False)
    childcare_ages = models.CharField(_("childcare ages"), max_length=100, blank=True, help_text=_("Such as 3 to 10."))
    childcare_capacity = models.PositiveIntegerField(
        _("childcare places"), default=0, validators=[MaxValueValidator(MAX_SEATS)]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    sessions_required = models.PositiveSmallIntegerField(
        _("sessions required for a certificate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: every session."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT, db_index=True
    )
    # Kept in step by the services, so lists and the catalog sort and filter on stored values.
    first_starts_at = models.DateTimeField(_("first session"), null=True, blank=True, db_index=True)
    last_ends_at = models.DateTimeField(_("last session ends"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "first_starts_at", "last_ends_at"])

    class Meta:
        ordering = ["first_starts_at", "pk"]
        verbose_name = _("workshop offering")
        verbose_name_plural = _("workshop offerings")
        indexes = [models.Index(fields=["status", "first_starts_at"], name="offering_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="offering_registration_window",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(seat_capacity__gte=1, seat_capacity__lte=MAX_SEATS),
                name="offering_seats_1_to_max",
                violation_error_message=_("Seats run from 1 to 5,000."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:offering-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == OfferingStatus.CANCELLED


class Session(models.Model):
    """One meeting of an offering; a series has several. Its own place, when set, replaces the offering's."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("offering")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("topic"), max_length=200, blank=True, help_text=_("Such as Campus visit day."))
    place_name = models.CharField(_("place, if not the usual one"), max_length=200, blank=True)
    address = models.CharField(_("address, if not the usual one"), max_length=300, blank=True)

    class Meta:
        ordering = ["offering", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.offering)

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600

    def where(self) -> str:
        """Where the session meets: its own place and address when it has them, else the offering's.

        The offering's room is added only when the session meets at the offering's usual place.
        """
        offering = self.offering
        parts = [self.place_name or offering.place_name, self.address or offering.address]
        if not (self.place_name or self.address) and offering.room:
            parts.append(offering.room)
        return ", ".join(part for part in parts if part)


class RegistrantRole(models.TextChoices):
    PARENT = "parent", _("Parent or family member")
    TEACHER = "teacher", _("Teacher")
    ADMINISTRATOR = "administrator", _("Administrator")
    DISTRICT_LEADER = "district_leader", _("District leader")
    COMMUNITY_PARTNER = "community_partner", _("Community partner")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Childcare(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    CONFIRMED = "confirmed", _("Childcare confirmed")
    WAITING = "waiting", _("Waiting for childcare")
    WITHOUT = "without", _("Coming without childcare")


class Registration(models.Model):
    """One registration: a contact person and the block of attendees whose seats go together."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("offering")
    )
    # The private link's token: 256 random bits (secrets.token_urlsafe), never logged (pep/gunicorn_logging.py).
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True)
    # The waiting list's order: set when the block starts waiting (after the offering's lock), moved by hand.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    contact_name = models.CharField(_("your name"), max_length=150)
    contact_email = models.EmailField(_("email"), max_length=254, blank=True, db_index=True)
    contact_phone = PhoneNumberField(_("mobile phone"), blank=True, db_index=True)
    role = models.CharField(_("you are"), max_length=20, choices=RegistrantRole.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_registrations",
        verbose_name=_("district"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_registrations",
        verbose_name=_("school"),
    )
    language = models.CharField(_("language of messages"), max_length=8, choices=settings.LANGUAGES)
    interpretation_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpretation needed in"),
    )
    childcare_children = models.PositiveSmallIntegerField(
        _("children needing childcare"), default=0, validators=[MaxValueValidator(MAX_CHILDREN)]
    )
    childcare_ages = models.CharField(_("children's ages"), max_length=100, blank=True)
    childcare = models.CharField(_("childcare"), max_length=12, choices=Childcare.choices, default=Childcare.NOT_NEEDED)
    accommodations = LimitedTextField(_("accessibility accommodations"), blank=True, max_length=NOTE)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    consent_to_contact = models.BooleanField(_("PEP may contact me about future workshops"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["offering", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["offering", "status", "waiting_since"], name="registration_queue")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_email="", contact_phone=""),
                name="registration_email_or_phone",
                violation_error_message=_("Give an email address or a mobile phone number."),
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.WAITING, waiting_since__isnull=False)
                | ~Q(status=RegistrationStatus.WAITING),
                name="registration_waiting_has_place",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Registration %(number)s") % {"number": self.pk}

    @property
    def childcare_places(self) -> int:
        """Childcare places this registration holds."""
        return self.childcare_children if self.childcare == Childcare.CONFIRMED else 0


class Attendee(models.Model):
    """A person who comes: one of a registration's block, or a walk-in added at check-in."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="attendees", verbose_name=_("offering")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("registration"),
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=RegistrantRole.choices)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_walk_in=True, registration__isnull=True)
                | Q(is_walk_in=False, registration__isnull=False),
                name="attendee_registered_or_walk_in",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """That an attendee was present at a session, as marked at check-in."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["attendee", "session"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.attendee} @ {self.session}"


class ReminderSent(models.Model):
    """That a registration was reminded of a session: the reminder command sends each one once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="reminder_once_per_session")]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.session}"


class Pt3Priority(models.Model):
    """A priority the parents and teachers of one school named at a PT3 conversation, ranked."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("offering")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pt3_priorities", verbose_name=_("school")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    text = models.CharField(_("priority"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school", "rank", "pk"]
        verbose_name = _("PT3 priority")
        verbose_name_plural = _("PT3 priorities")
        constraints = [models.UniqueConstraint(fields=["offering", "school", "rank"], name="pt3_priority_rank_unique")]

    def __str__(self) -> str:
        return self.text


class Usefulness(models.IntegerChoices):
    NOT = 1, _("Not useful")
    A_LITTLE = 2, _("A little useful")
    USEFUL = 3, _("Useful")
    VERY = 4, _("Very useful")


class LanguageSupport(models.TextChoices):
    ENOUGH = "enough", _("Yes, it was enough")
    NOT_ENOUGH = "not_enough", _("No, it was not enough")
    NOT_NEEDED = "not_needed", _("I did not need it")


class Feedback(models.Model):
    """What a registration's family thought of an offering, given once after its last session."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(_("How useful was the workshop?"), choices=Usefulness.choices)
    will_use = LimitedTextField(_("What will you use?"), blank=True, max_length=NOTE)
    to_improve = LimitedTextField(_("What should we improve?"), blank=True, max_length=NOTE)
    language_support = models.CharField(
        _("Was the language support enough?"), max_length=12, choices=LanguageSupport.choices
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workshop feedback")
        verbose_name_plural = _("workshop feedback")

    def __str__(self) -> str:
        return f"{self.registration}: {self.get_usefulness_display()}"


class FeedbackRequested(models.Model):
    """That a registration was asked for feedback: the command asks each one once."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.registration)
