"""Forms for coordinators' offering pages: the list's filters, the offering with its sessions, copy, cancel."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pep.edit_checks import SubmittedOnceForm, VersionedForm
from pep.filters import DistrictSearchFilter, DistrictSearchInput, one_district
from pep.forms import LARGEST_ID, RowsChoiceField
from pep.models import District, Language
from pep.people_forms import district_label
from pep.widgets import ReaderDateInput, SearchableCheckboxes, reader_date_hint

from .models import Offering, OfferingStatus, Program, Session
from .services.offerings import OFFERING_FIELDS, REASON_MAX, SessionData

TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p"]


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a wall-clock time in the program's time zone (America/Chicago)."""
    return timezone.make_aware(datetime.datetime.combine(day, time), timezone.get_default_timezone())


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


# The list of offerings.


WHEN_CHOICES = [("upcoming", _("Upcoming and running")), ("past", _("Past"))]


class OfferingFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.order_by("order", "name_en"), label=_("Program"), empty_label=_("All programs")
    )
    status = django_filters.ChoiceFilter(
        choices=OfferingStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    district = DistrictSearchFilter(label=_("Host district"), prefix="host_district__")
    when = django_filters.ChoiceFilter(
        choices=WHEN_CHOICES, label=_("When"), empty_label=_("Any time"), method="filter_when"
    )

    class Meta:
        model = Offering
        fields = ["program", "status"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(Q(last_ends_at__gte=now) | Q(last_ends_at__isnull=True))
        if value == "past":
            return queryset.filter(last_ends_at__lt=now)
        return queryset

    def ordered(self):
        """Upcoming ones soonest first; past ones most recent first."""
        if self.form.is_valid() and self.form.cleaned_data.get("when") == "past":
            return self.qs.order_by(F("first_starts_at").desc(nulls_last=True), "-pk")
        return self.qs.order_by(F("first_starts_at").asc(nulls_last=True), "pk")


# The offering and its sessions.


class OfferingForm(VersionedForm, SubmittedOnceForm):
    """Everything about an offering but its sessions (SessionFormSet) and its stored first and last dates."""

    host_district = forms.CharField(
        label=_("Host district"),
        max_length=200,
        required=False,
        widget=DistrictSearchInput,
        help_text=_("Type part of the name or code and choose the district. Leave empty for a statewide offering."),
    )
    online_link = Offering._meta.get_field("online_link").formfield(assume_scheme="https")
    registration_opens_on = forms.DateField(label=_("Registration opens on"), widget=ReaderDateInput)
    registration_opens_time = forms.TimeField(
        label=_("at"), widget=_time_input(), input_formats=TIME_FORMATS, initial=datetime.time(8)
    )
    registration_closes_on = forms.DateField(label=_("Registration closes on"), widget=ReaderDateInput)
    registration_closes_time = forms.TimeField(
        label=_("at"), widget=_time_input(), input_formats=TIME_FORMATS, initial=datetime.time(17)
    )

    class Meta:
        model = Offering
        fields = [
            "program",
            "title",
            "status",
            "language",
            "interpretation_languages",
            "host_district",
            "place_name",
            "address",
            "room",
            "accessibility_notes",
            "online_link",
            "seat_capacity",
            "childcare_offered",
            "childcare_ages",
            "childcare_capacity",
            "sessions_required",
        ]
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "interpretation_languages": SearchableCheckboxes(
                columns=3, common_label=_("Spoken at home in the host district"), other_label=_("Other languages")
            ),
        }
        field_classes = {"interpretation_languages": RowsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offering = self.instance
        programs = Program.objects.filter(is_active=True)
        if offering.pk:
            programs = Program.objects.filter(Q(is_active=True) | Q(pk=offering.program_id))
        self.fields["program"].queryset = programs.order_by("order", "name_en")
        self.fields["program"].empty_label = _("Choose a program")
        self.fields["language"].queryset = Language.objects.order_by("name")
        self.fields["language"].empty_label = None
        if not offering.pk:
            self.fields["language"].initial = Language.objects.filter(code="en").values_list("pk", flat=True).first()
        self.fields["interpretation_languages"].queryset = Language.objects.order_by("name")
        self.fields["interpretation_languages"].required = False
        self.fields["interpretation_languages"].help_text = _("Languages an interpreter will be there for.")
        if offering.host_district_id:
            common = Language.objects.filter(schools__district_id=offering.host_district_id).values_list(
                "pk", flat=True
            )
            self.fields["interpretation_languages"].widget.common = set(common)
        # Cancelling has its own page, which tells the families why.
        self.fields["status"].choices = [
            choice for choice in OfferingStatus.choices if choice[0] != OfferingStatus.CANCELLED
        ]
        self.fields["seat_capacity"].widget.attrs["min"] = "1"
        self.fields["childcare_capacity"].widget.attrs["min"] = "0"
        self.fields["sessions_required"].widget.attrs["min"] = "1"
        hint = _("As %(format)s.") % {"format": reader_date_hint()}
        for name in ("registration_opens_on", "registration_closes_on"):
            self.fields[name].help_text = hint
            self.fields[name].widget.attrs["placeholder"] = reader_date_hint()
        if offering.pk:
            self.initial["host_district"] = district_label(offering.host_district)
            opens, closes = _local(offering.registration_opens_at), _local(offering.registration_closes_at)
            self.initial.update(
                registration_opens_on=opens.date(),
                registration_opens_time=opens.time(),
                registration_closes_on=closes.date(),
                registration_closes_time=closes.time(),
            )

    def clean_host_district(self) -> District | None:
        typed = (self.cleaned_data.get("host_district") or "").strip()
        if not typed:
            return None
        found = one_district(District.objects.all(), typed)
        if found is None:
            raise forms.ValidationError(
                _("No single district matches “%(typed)s”; choose one from the suggestions."), params={"typed": typed}
            )
        return found

    def clean(self):
        data = super().clean()
        opens_on, opens_time = data.get("registration_opens_on"), data.get("registration_opens_time")
        closes_on, closes_time = data.get("registration_closes_on"), data.get("registration_closes_time")
        if opens_on and opens_time:
            data["registration_opens_at"] = _aware(opens_on, opens_time)
        if closes_on and closes_time:
            data["registration_closes_at"] = _aware(closes_on, closes_time)
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_on", _("Registration must close after it opens."))
        if data.get("childcare_offered") and not data.get("childcare_capacity"):
            self.add_error("childcare_capacity", _("Say how many children childcare can take."))
        return data

    def service_data(self) -> dict:
        """What the services take: the model's fields, the interpretation languages and the registration window."""
        return {
            name: self.cleaned_data[name]
            for name in [*OFFERING_FIELDS, "interpretation_languages"]
            if name in self.cleaned_data
        }

    def field_groups(self):
        """The visible fields in fieldsets, each (legend, fields), in the order of the page."""
        groups = [
            (_("The workshop"), ["program", "title", "status", "language", "interpretation_languages"]),
            (_("Place"), ["host_district", "place_name", "address", "room", "accessibility_notes", "online_link"]),
            (_("Seats and childcare"), ["seat_capacity", "childcare_offered", "childcare_ages", "childcare_capacity"]),
            (
                _("Registration"),
                [
                    "registration_opens_on",
                    "registration_opens_time",
                    "registration_closes_on",
                    "registration_closes_time",
                ],
            ),
            (_("Certificate"), ["sessions_required"]),
        ]
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in groups]


class SessionForm(forms.Form):
    """One session: its day, start and end times in the program's time zone, topic and place if not the usual."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=LARGEST_ID)
    day = forms.DateField(label=_("Date"), widget=ReaderDateInput)
    starts = forms.TimeField(label=_("Starts"), widget=_time_input(), input_formats=TIME_FORMATS)
    ends = forms.TimeField(label=_("Ends"), widget=_time_input(), input_formats=TIME_FORMATS)
    title = forms.CharField(
        label=Session._meta.get_field("title").verbose_name.capitalize(),
        max_length=Session._meta.get_field("title").max_length,
        required=False,
        help_text=Session._meta.get_field("title").help_text,
    )
    place_name = forms.CharField(
        label=_("Place, if not the usual one"),
        max_length=Session._meta.get_field("place_name").max_length,
        required=False,
    )
    address = forms.CharField(
        label=_("Address, if not the usual one"),
        max_length=Session._meta.get_field("address").max_length,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["placeholder"] = reader_date_hint()
        self.fields["day"].help_text = _("As %(format)s.") % {"format": reader_date_hint()}

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends and ends <= starts:
            self.add_error("ends", _("A session must end after it starts."))
        return data

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            pk=data.get("id"),
            starts_at=_aware(data["day"], data["starts"]),
            ends_at=_aware(data["day"], data["ends"]),
            title=data.get("title", ""),
            place_name=data.get("place_name", ""),
            address=data.get("address", ""),
        )


class BaseSessionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this session")

    def kept_forms(self):
        """Saved sessions not marked for removal, and the empty rows someone filled in."""
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed()) and not self._should_delete_form(form)
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.kept_forms():
            raise forms.ValidationError(_("Add at least one session."))

    def sessions(self) -> list[SessionData]:
        return [form.session_data() for form in self.kept_forms()]


NEW_ROWS = 8  # a Parent College series: eight monthly Saturdays
MORE_ROWS = 4
MOST_SESSIONS = 60
SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
    max_num=MOST_SESSIONS,
    absolute_max=MOST_SESSIONS,
    validate_max=True,
)


def session_formset(data=None, offering: Offering | None = None) -> BaseSessionFormSet:
    """The sessions of `offering` (none for a new one) with empty rows to add more, no script needed."""
    initial = []
    if offering is not None and offering.pk:
        for session in offering.sessions.order_by("starts_at", "pk"):
            starts, ends = _local(session.starts_at), _local(session.ends_at)
            initial.append(
                {
                    "id": session.pk,
                    "day": starts.date(),
                    "starts": starts.time(),
                    "ends": ends.time(),
                    "title": session.title,
                    "place_name": session.place_name,
                    "address": session.address,
                }
            )
    formset = SessionFormSet(data, initial=initial, prefix="sessions")
    formset.extra = 2 if initial else NEW_ROWS
    return formset


def with_more_rows(data) -> dict:
    """The same submitted form, with more empty session rows: the "more rows" button, without script."""
    data = data.copy()
    try:
        total = int(data.get("sessions-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    data["sessions-TOTAL_FORMS"] = str(min(total + MORE_ROWS, SessionFormSet.absolute_max))
    return data


class OfferingCopyForm(SubmittedOnceForm):
    first_day = forms.DateField(label=_("Date of the first session"), widget=ReaderDateInput)
    title = forms.CharField(
        label=_("Title of the new offering"),
        max_length=Offering._meta.get_field("title").max_length,
        required=False,
        help_text=_("Leave empty to keep the same title."),
    )

    def __init__(self, *args, offering: Offering, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_day"].widget.attrs["placeholder"] = reader_date_hint()
        if offering.first_starts_at:
            first = _local(offering.first_starts_at)
            self.fields["first_day"].help_text = _(
                "As %(format)s. The first session was on %(weekday)s %(day)s; choose a %(weekday)s."
            ) % {
                "format": reader_date_hint(),
                "weekday": date_format(first, "l"),
                "day": date_format(first, "SHORT_DATE_FORMAT"),
            }
        self.initial.setdefault("title", offering.title)


class OfferingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every family registered or waiting gets a message with this reason, in plain words."),
    )


class WaitingMoveForm(forms.Form):
    to = forms.ChoiceField(choices=[("front", _("Front of the list")), ("back", _("Back of the list"))])
