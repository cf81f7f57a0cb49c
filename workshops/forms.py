"""Forms for the workshop catalog."""

from django import forms

from pep.edit_checks import SubmittedOnceForm, VersionedForm

from .models import Program
from .services.programs import PROGRAM_FIELDS


class ProgramForm(VersionedForm, SubmittedOnceForm):
    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4, "lang": "es"}),
            "name_es": forms.TextInput(attrs={"lang": "es"}),
        }
