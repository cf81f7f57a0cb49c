"""Forms of the coordinators' cycle, instrument and rotation pages."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from pep.edit_checks import SubmittedOnceForm
from pep.filters import DistrictSearchInput
from pep.models import SchoolYear
from pep.widgets import ReaderDateInput, reader_date_hint
from surveys.models import Instrument, SurveyCycle
from surveys.selectors.rotation import Status
from surveys.services.cycles import CYCLE_FIELDS

INSTRUMENT_FILE_MAX_BYTES = 1024 * 1024  # 200 items in two languages fit many times over


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, instrument: Instrument) -> str:
        return f"{instrument.name} — {instrument.slug} ({instrument.version})"


class CycleForm(forms.ModelForm, SubmittedOnceForm):
    """A survey cycle's instrument, year, dates, target and reporting limits."""

    instrument = InstrumentChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.order_by("slug", "-imported_at", "-pk")
    )
    school_year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.order_by("-starts_on"))

    class Meta:
        model = SurveyCycle
        fields = CYCLE_FIELDS
        widgets = {"opens_on": ReaderDateInput, "closes_on": ReaderDateInput}
        help_texts = {
            "slug": _("Names the cycle in addresses and on the command line, such as indicator8-2026-27."),
            "target": _("The percent the state aims for this year, such as 73.0. Leave empty if there is none."),
        }

    def __init__(self, *args, locked_instrument: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _("As %(format)s.") % {"format": reader_date_hint()}
        for name in ("opens_on", "closes_on"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {hint}".strip()
            self.fields[name].widget.attrs["placeholder"] = reader_date_hint()
        if locked_instrument:
            self.fields["instrument"].disabled = True
            self.fields["instrument"].help_text = _(
                "Parents are already invited or have answered, so the instrument stays as it is."
            )
        if not self.instance.pk:
            current = SchoolYear.objects.current()
            self.initial.setdefault("school_year", current.pk if current else None)

    def _post_clean(self):
        # The service checks the cycle (slug, dates, target) and says what is wrong in the program's words.
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CYCLE_FIELDS if name in self.cleaned_data}


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (JSON)"),
        help_text=_("UTF-8, in the format the README describes, at most 1 MB."),
        validators=[FileExtensionValidator(["json"])],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > INSTRUMENT_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; an instrument file is much smaller."))
        return upload


STATUS_CHOICES = [
    ("", _("All districts")),
    (Status.DUE, _("Due (never surveyed included)")),
    (Status.NEVER, _("Never surveyed")),
    (Status.NOT_DUE, _("Not due")),
]


class RotationFilterForm(forms.Form):
    """The rotation page's filters: the year it looks from, the status, a district's name or code."""

    year = forms.ChoiceField(label=_("As of school year"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    name = forms.CharField(label=_("District name or code"), required=False, max_length=200, widget=DistrictSearchInput)

    def __init__(self, data, *, years: list[SchoolYear]):
        """`years`, latest first; the page looks from the current one (else the latest) unless asked otherwise."""
        self.years = {year.label: year for year in years}
        self.default_year = next((year for year in years if year.is_current), years[0] if years else None)
        if self.default_year is not None and not data.get("year"):
            # The year looked from is shown chosen, and the filters stay folded until one is changed.
            data = data.copy()
            data["year"] = self.default_year.label
        super().__init__(data)
        self.fields["year"].choices = [(label, label) for label in self.years]
        if self.default_year is not None:
            self.fields["year"].initial = self.default_year.label

    def choices(self) -> tuple[SchoolYear | None, str, str]:
        """The year, status and name asked for; what cannot be read is left at its default."""
        self.is_valid()
        cleaned = self.cleaned_data
        year = self.years.get(cleaned.get("year") or "", self.default_year)
        return (year, cleaned.get("status") or "", cleaned.get("name") or "")
