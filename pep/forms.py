from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

DIRECTORY_FILE_MAX_BYTES = 5 * 1024 * 1024


class DirectoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("State directory file (CSV)"),
        help_text=_(
            "Columns: district_code, district_name, region, school_code, school_name, grade_band. "
            "UTF-8, header row first, at most 5 MB."
        ),
        validators=[FileExtensionValidator(["csv", "txt"])],
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file; save nothing"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > DIRECTORY_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it, or use the import command."))
        return upload


class LoginForm(AuthenticationForm):
    """The standard login form without autofocus, so keyboard and screen reader users start at the top."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


LARGEST_ID = 2**63 - 1  # the largest integer a database column holds


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses an id no database integer can hold before asking the
    database (SQLite raises on one rather than finding nothing)."""

    def _check_values(self, value):
        for pk in value or []:
            text = str(pk)
            if text.isascii() and text.lstrip("-").isdecimal() and abs(int(text)) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return super()._check_values(value)
