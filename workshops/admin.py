from django.contrib import admin

from pep.edit_checks import save_versioned
from pep.services import audit_record

from .models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    """Coordinators add programs to the catalog here or on its own pages, without code changes."""

    list_display = ["name_en", "name_es", "code", "audience", "usual_format", "pd_hours", "is_active", "order"]
    list_filter = ["is_active", "audience", "usual_format"]
    search_fields = ["name_en", "name_es", "code"]

    def save_model(self, request, obj, form, change):
        # Saved like the catalog's own pages do, so an edit open there notices this one.
        save_versioned(obj, request.user)
        audit_record(
            actor=request.user,
            action="program.update" if change else "program.create",
            summary=obj.name_en,
            details={"code": obj.code, "changed": form.changed_data},
        )
