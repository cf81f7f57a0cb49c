"""Forms for inviting people and changing their roles."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .edit_checks import SubmittedOnceForm
from .filters import DistrictSearchInput, one_district
from .models import SCHOOL_ROLES, District, Invitation, Role, School

NAME_MAX = Invitation._meta.get_field("name").max_length
EMAIL_MAX = Invitation._meta.get_field("email").max_length


def district_label(district: District | None) -> str:
    """How a district reads in the type-ahead field: "Name (CODE)", which finds it again by its code."""
    return f"{district.name} ({district.code})" if district else ""


def _role_choices(roles) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in roles]


class DistrictSearchForm(forms.Form):
    """Find a district's people by typing its name or code."""

    district = forms.CharField(label=_("District"), max_length=200, widget=DistrictSearchInput)


class InvitationForm(SubmittedOnceForm):
    """Name, email, role and district or school; the school list holds the chosen district's schools only."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX)
    role = forms.ChoiceField(label=_("Role"))
    district = forms.CharField(
        label=_("District"),
        max_length=200,
        required=False,
        widget=DistrictSearchInput,
        help_text=_("Type part of the name or code and choose the district. Not needed for a coordinator."),
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Choose a school"),
        help_text=_("For action team members and parent leaders. The list shows the district's schools."),
    )
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, roles, district: District | None, districts, fixed_district: bool, **kwargs):
        """`districts` are those the person may invite into; a district leader's district is `fixed_district`."""
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].initial = Role.SCHOOL_TEAM  # the most common invitation, and never a coordinator by mistake
        self.fields["language"].initial = (get_language() or "en")[:2]
        self.districts = districts
        self.fixed_district = fixed_district
        if fixed_district:
            del self.fields["district"]
            self.chosen_district = district
        else:
            self.fields["district"].initial = district_label(district)
            self.chosen_district = self._district_typed() if self.is_bound else district
        if self.chosen_district is not None:
            self.fields["school"].queryset = School.objects.filter(district=self.chosen_district).order_by("name")
        else:
            self.fields["school"].help_text = _("Choose the district first; then the list shows its schools.")

    def _district_typed(self) -> District | None:
        return one_district(self.districts, self.data.get(self.add_prefix("district")) or "")

    def clean_district(self):
        typed = self.cleaned_data.get("district", "").strip()
        if typed and self.chosen_district is None:
            raise forms.ValidationError(
                _("No single district matches “%(typed)s”; choose one from the suggestions."), params={"typed": typed}
            )
        return self.chosen_district

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.DISTRICT_LEADER and self.chosen_district is None and "district" in self.fields:
            self.add_error("district", _("Choose the district this person will lead."))
        if role in SCHOOL_ROLES and not cleaned.get("school") and not self.has_error("school"):
            self.add_error("school", _("Choose the school for this role."))
        return cleaned

    def scope(self) -> dict:
        role = self.cleaned_data["role"]
        if role == Role.COORDINATOR:
            return {}
        if role == Role.DISTRICT_LEADER:
            return {"district": self.chosen_district}
        return {"school": self.cleaned_data["school"]}


class RoleChangeForm(forms.Form):
    """A new role in the same district: district leader, or a role at one of its schools."""

    role = forms.ChoiceField(label=_("Role"))
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Choose a school"),
        help_text=_("For action team members and parent leaders."),
    )

    def __init__(self, *args, roles, district: District, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(role for role in roles if role != Role.COORDINATOR)
        self.fields["school"].queryset = School.objects.filter(district=district).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in SCHOOL_ROLES and not cleaned.get("school") and not self.has_error("school"):
            self.add_error("school", _("Choose the school for this role."))
        return cleaned


class InvitationAcceptForm(forms.Form):
    """Choose a password, twice; Django's password rules apply."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned
