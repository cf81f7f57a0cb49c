"""Surveys in the admin: instruments and items (read-only once a cycle uses them), cycles, child counts, and
invitations and responses each on their own, so no admin page puts a parent's name beside what was answered.

Paper keyings are not here at all: until a form is reconciled they hold answers next to their invitation.
"""

from django import forms
from django.contrib import admin

from pep.services import audit_record

from .models import ChildCount, Instrument, Invitation, Item, Response, SurveyCycle
from .services.cycles import CYCLE_FIELDS, cycle_create, cycle_in_use, cycle_problems, cycle_update


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["number", "text_en", "text_es", "tag", "difficulty"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Instruments to read. They are loaded from their files (import_instrument, or the instruments page),
    which are checked as a whole, so nothing here changes one: a correction is a corrected file, loaded as a
    new version. An instrument no cycle uses yet may be deleted; one a cycle uses stays as it is."""

    list_display = ["slug", "version", "kind", "name_en", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["slug", "name_en", "name_es"]
    fields = ["slug", "version", "kind", "name_en", "name_es", "agree_from", "scale", "scoring", "imported_at"]
    readonly_fields = fields
    inlines = [ItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and not obj.cycles.exists()

    def get_actions(self, request):
        # Deleting in bulk would skip the check of each instrument above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="survey.instrument.delete", summary=f"Instrument {obj} deleted")
        super().delete_model(request, obj)


class SurveyCycleAdminForm(forms.ModelForm):
    class Meta:
        model = SurveyCycle
        fields = CYCLE_FIELDS

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            # The cycle pages' own checks (a slug that names a page, a target outside 0 to 100…).
            for name, problems in cycle_problems(self.instance).items():
                self.add_error(name if name in self.fields else None, problems)


@admin.register(SurveyCycle)
class SurveyCycleAdmin(admin.ModelAdmin):
    """Cycles, saved through the same service as the cycle pages. A cycle is never deleted here: its invitations
    and responses, the federal figures, would go with it."""

    form = SurveyCycleAdminForm
    list_display = ["slug", "instrument", "school_year", "opens_on", "closes_on", "target"]
    list_filter = ["school_year", "instrument__kind"]
    list_select_related = ["instrument", "school_year"]
    search_fields = ["slug"]
    fields = CYCLE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "instrument"] if obj is not None and cycle_in_use(obj) else fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CYCLE_FIELDS if name in form.cleaned_data}
        if change:
            cycle_update(cycle=obj, actor=request.user, data=data)
        else:
            obj.pk = cycle_create(actor=request.user, data=data).pk
            obj._state.adding = False


@admin.register(ChildCount)
class ChildCountAdmin(admin.ModelAdmin):
    """Children served, by district and category: loaded by import_child_count; read here."""

    list_display = ["school_year", "district", "dimension", "category", "count"]
    list_filter = ["school_year", "dimension"]
    list_select_related = ["school_year", "district"]
    search_fields = ["district__name", "district__code", "category"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# What a coordinator may correct on an invitation: how to reach the parent, and in which language.
INVITATION_CORRECTABLE = {"parent_name", "parent_email", "parent_phone", "mailing_address", "language"}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Who was asked, and whether they answered: never what. Contact details may be corrected; the web code,
    which lets anyone answer in the parent's place, is never shown."""

    list_display = ["paper_code", "cycle", "district", "language", "responded"]
    list_filter = ["responded", "language", "cycle"]
    list_select_related = ["cycle", "district"]
    search_fields = ["paper_code", "student_ref", "district__name", "district__code"]
    fields = [
        "cycle",
        "district",
        "school",
        "student_ref",
        "parent_name",
        "parent_email",
        "parent_phone",
        "mailing_address",
        "language",
        "grade",
        "age",
        "disability_category",
        "race_ethnicity",
        "gender",
        "paper_code",
        "responded",
        "reminded_at",
    ]
    readonly_fields = [name for name in fields if name not in INVITATION_CORRECTABLE]

    def has_add_permission(self, request) -> bool:
        return False  # parents are invited by importing the cycle's roster

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="survey.invitation.update",
            summary=f"{obj.cycle}: invitation {obj.paper_code} corrected",
            district=obj.district,
            details={"invitation": obj.pk, "changed": form.changed_data, "in": "admin"},
        )


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """What was answered and how it scored, to read. Responses are stored only through the survey, paper
    keying or an import, and nothing here leads to who answered."""

    list_display = ["cycle", "district", "channel", "language", "answered", "scored", "counts_yes"]
    list_filter = ["cycle", "channel", "scored", "counts_yes"]
    list_select_related = ["cycle", "district"]
    fields = [
        "cycle",
        "district",
        "channel",
        "language",
        "respondent_role",
        "answers",
        "answered",
        "scored",
        "score",
        "counts_yes",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
