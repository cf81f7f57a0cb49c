"""Forms of the perceptions survey: the public form people answer at a shared link, and the coordinators'
typed district field for giving a district its link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pep.filters import DistrictSearchInput, one_district
from pep.models import District
from pep.public_forms import HoneypotForm
from surveys.models import Instrument, RespondentRole

ROLE_CHOICES = [
    (RespondentRole.FAMILY, _("A family member (a parent, grandparent or other caregiver of a student)")),
    (RespondentRole.STAFF, _("School or district staff")),
]


class PerceptionsForm(HoneypotForm):
    """Who is answering (required) and one six-point answer per statement (each may be skipped)."""

    respondent_role = forms.ChoiceField(
        label=_("I am"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you are a family member or school or district staff."),
            "invalid_choice": _("Choose whether you are a family member or school or district staff."),
        },
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = sorted(instrument.items.all(), key=lambda item: item.number)
        scale = list(instrument.scale_labels().items())
        for item in self.items:
            self.fields[self.field_name(item)] = forms.TypedChoiceField(
                label=item.text,
                choices=scale,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the six answers, or leave the statement blank.")},
            )

    @staticmethod
    def field_name(item) -> str:
        return f"q{item.number}"

    def statements(self) -> list:
        """(item, bound field) of each statement, in order."""
        return [(item, self[self.field_name(item)]) for item in self.items]

    def answers(self) -> list[int | None]:
        """The answers in item order, None where skipped (once the form is valid)."""
        return [self.cleaned_data.get(self.field_name(item)) for item in self.items]


class DistrictLinkForm(forms.Form):
    """A district typed by name or code (with suggestions), never a select of hundreds."""

    district = forms.CharField(
        label=_("District"),
        max_length=200,
        widget=DistrictSearchInput,
        help_text=_("Type part of the district's name or its state code, then choose it from the suggestions."),
        error_messages={"required": _("Type the district's name or state code.")},
    )

    def clean_district(self) -> District:
        typed = self.cleaned_data["district"].strip()
        found = one_district(District.objects.all(), typed)
        if found is None:
            raise forms.ValidationError(
                _("No single district matches “%(typed)s”; choose one from the suggestions."), params={"typed": typed}
            )
        return found
