"""The public registration form and the private link's forms: what families type, checked in their language.

The field names are a contract (other pages, tests and the benchmark post to them): contact_name,
contact_email, contact_phone, role, district, school, interpretation_language, childcare_children,
childcare_ages, if_childcare_full, accommodations, dietary_needs, consent_to_contact, the honeypot
`website`, and the attendees as a formset with the prefix "attendees" (name, role).

District and school are typed, not picked from a list of hundreds: a district by its name, its state
code, a suggestion "Name (CODE)" or its id; a school the same way, within the district when one is given.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from pep.fields import NOTE
from pep.filters import closest_matches
from pep.models import District, Language, School
from pep.public_forms import HoneypotForm
from workshops.filters import public_district_input
from workshops.models import MAX_CHILDREN, Offering, RegistrantRole
from workshops.services.seats import NO_ATTENDEES, NO_CONTACT, AttendeeData, RegistrationData, block_limit

ATTENDEES_PREFIX = "attendees"
WAIT, WITHOUT = "wait", "without"


def _one(queryset: QuerySet, typed: str, none: str, several: str):
    """The one row `typed` names (pep.filters.closest_matches), or an error saying whether none or several match."""
    found = closest_matches(queryset, typed)
    if len(found) == 1:
        return found[0]
    raise ValidationError(several if found else none)


def district_named(typed: str) -> District:
    return _one(
        District.objects.all(),
        typed,
        _("We found no district by that name. Check the spelling, or leave it empty."),
        _("Several districts match; type more of the name, or its state code."),
    )


def school_named(typed: str, district: District | None) -> School:
    schools = School.objects.select_related("district")
    if district is not None:
        schools = schools.filter(district=district)
    return _one(
        schools,
        typed,
        _("We found no school by that name in this district. Check the spelling, or leave it empty.")
        if district
        else _("We found no school by that name. Check the spelling, or leave it empty."),
        _("Several schools match; type more of the name."),
    )


class RegistrationForm(HoneypotForm):
    """The contact person and what the family needs; the attendees come in AttendeeFormSet."""

    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send your registration and its private link here."),
    )
    contact_phone = PhoneNumberField(
        label=_("Mobile phone"),
        region="US",
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Give an email, a mobile phone, or both."),
    )
    role = forms.ChoiceField(label=_("You are"), choices=RegistrantRole.choices, widget=forms.RadioSelect)
    district = forms.CharField(
        label=_("District"),
        required=False,
        max_length=200,
        widget=public_district_input(),
        help_text=_("Optional. Type its name or its state code."),
    )
    school = forms.CharField(
        label=_("School"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Optional. Type its name."),
    )
    interpretation_language = forms.ModelChoiceField(
        label=_("Do you need an interpreter?"),
        queryset=Language.objects.none(),
        required=False,
        empty_label=_("No, thank you"),
    )
    childcare_children = forms.IntegerField(
        label=_("How many children need childcare?"),
        required=False,
        min_value=0,
        max_value=MAX_CHILDREN,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    childcare_ages = forms.CharField(
        label=_("Their ages"), required=False, max_length=100, help_text=_("Such as 3 and 7.")
    )
    if_childcare_full = forms.ChoiceField(
        label=_("If childcare is full"),
        choices=[
            (WAIT, _("Wait for a childcare place (the whole family waits)")),
            (WITHOUT, _("Come without childcare")),
        ],
        initial=WAIT,
        required=False,
        widget=forms.RadioSelect,
    )
    accommodations = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Such as a wheelchair-accessible seat, large print, or a sign-language interpreter."),
    )
    dietary_needs = forms.CharField(
        label=_("Food allergies or diet"),
        required=False,
        max_length=300,
    )
    consent_to_contact = forms.BooleanField(label=_("PEP may contact me about future workshops"), required=False)

    def __init__(self, *args, offering: Offering, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering
        interpretation = list(offering.interpretation_languages.all())
        if interpretation:
            self.fields["interpretation_language"].queryset = Language.objects.filter(
                pk__in=[language.pk for language in interpretation]
            ).order_by("name")
        else:
            del self.fields["interpretation_language"]
        if not offering.childcare_offered:
            for name in ("childcare_children", "childcare_ages", "if_childcare_full"):
                del self.fields[name]
        elif offering.childcare_ages:
            self.fields["childcare_ages"].help_text = _("Childcare is for ages %(ages)s.") % {
                "ages": offering.childcare_ages
            }

    def clean_district(self):
        typed = self.cleaned_data.get("district", "")
        return district_named(typed) if typed.strip() else None

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("contact_email") or cleaned.get("contact_phone")) and not (
            self.has_error("contact_email") or self.has_error("contact_phone")
        ):
            self.add_error("contact_email", NO_CONTACT)
        typed_school = cleaned.get("school") or ""
        if typed_school and not self.has_error("district"):
            try:
                school = school_named(typed_school, cleaned.get("district"))
            except ValidationError as error:
                self.add_error("school", error)
            else:
                cleaned["school"] = school
                cleaned["district"] = cleaned.get("district") or school.district
        else:
            cleaned["school"] = None
        return cleaned

    def registration_data(self, attendees: list[AttendeeData], language: str) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            contact_name=data["contact_name"],
            contact_email=data.get("contact_email") or "",
            contact_phone=str(data["contact_phone"]) if data.get("contact_phone") else "",
            role=data["role"],
            language=language,
            attendees=attendees,
            district=data.get("district"),
            school=data.get("school"),
            interpretation_language=data.get("interpretation_language"),
            childcare_children=data.get("childcare_children") or 0,
            childcare_ages=data.get("childcare_ages") or "",
            accommodations=data.get("accommodations") or "",
            dietary_needs=data.get("dietary_needs") or "",
            consent_to_contact=bool(data.get("consent_to_contact")),
            wait_for_childcare=data.get("if_childcare_full") != WITHOUT,
        )


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=RegistrantRole.choices, initial=RegistrantRole.PARENT)

    def has_changed(self) -> bool:
        # A row counts when a name was typed: a role alone (its default) is an empty row.
        return bool((self.data.get(self.add_prefix("name")) or "").strip())


class BaseAttendeeFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("This form is out of date; open it again."),
        "too_many_forms": _("One registration holds at most %(num)d people; register the others separately."),
    }

    def clean(self):
        if any(self.errors):
            return
        attendees = self.attendees()
        if not attendees:
            raise ValidationError(NO_ATTENDEES, code="no_attendees")
        if len(attendees) > block_limit():
            raise ValidationError(self.error_messages["too_many_forms"] % {"num": block_limit()}, code="too_many_forms")

    def attendees(self) -> list[AttendeeData]:
        """The people typed, empty rows left out."""
        return [
            AttendeeData(name=form.cleaned_data["name"].strip(), role=form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("name", "").strip()
        ]


def attendee_formset(data=None):
    """Rows for as many people as a registration may hold (no script needed to add one); empty rows are left out."""
    limit = block_limit()
    formset_class = forms.formset_factory(
        AttendeeForm, formset=BaseAttendeeFormSet, extra=limit, max_num=limit, absolute_max=limit * 5
    )
    if data is not None and f"{ATTENDEES_PREFIX}-TOTAL_FORMS" not in data:
        data = _with_management_form(data, limit * 5)
    return formset_class(data, prefix=ATTENDEES_PREFIX)


def _with_management_form(data, most: int):
    """A post without the formset's counters (a hand-made one): count the rows it sent."""
    pattern = re.compile(rf"^{ATTENDEES_PREFIX}-(\d+)-name$")
    rows = [int(found[1]) for key in data if (found := pattern.match(key))]
    data = data.copy()
    data[f"{ATTENDEES_PREFIX}-TOTAL_FORMS"] = str(min(max(rows, default=-1) + 1, most + 1))
    data[f"{ATTENDEES_PREFIX}-INITIAL_FORMS"] = "0"
    return data


class NeedsForm(forms.Form):
    """What a registered family may change from its private link."""

    interpretation_language = RegistrationForm.base_fields["interpretation_language"]
    childcare_children = RegistrationForm.base_fields["childcare_children"]
    childcare_ages = RegistrationForm.base_fields["childcare_ages"]
    accommodations = RegistrationForm.base_fields["accommodations"]
    dietary_needs = RegistrationForm.base_fields["dietary_needs"]

    def __init__(self, *args, registration, **kwargs):
        offering = registration.offering
        initial = {
            "interpretation_language": registration.interpretation_language_id,
            "childcare_children": registration.childcare_children,
            "childcare_ages": registration.childcare_ages,
            "accommodations": registration.accommodations,
            "dietary_needs": registration.dietary_needs,
        }
        super().__init__(*args, initial=initial, **kwargs)
        interpretation = list(offering.interpretation_languages.all())
        keep = {language.pk for language in interpretation}
        if registration.interpretation_language_id:
            keep.add(registration.interpretation_language_id)
        if keep:
            self.fields["interpretation_language"].queryset = Language.objects.filter(pk__in=keep).order_by("name")
        else:
            del self.fields["interpretation_language"]
        if not offering.childcare_offered:
            del self.fields["childcare_children"], self.fields["childcare_ages"]

    def needs(self) -> dict:
        data = dict(self.cleaned_data)
        if "childcare_children" in data:
            data["childcare_children"] = data["childcare_children"] or 0
        return data
