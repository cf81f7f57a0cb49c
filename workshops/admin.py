from django.contrib import admin
from django.db.models import Max, Min

from pep.edit_checks import save_versioned
from pep.services import audit_record

from .models import Attendee, Feedback, Offering, Program, Pt3Priority, Registration, Session


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


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title", "place_name", "address"]
    # Removing a session would erase its attendance; the offering's own page refuses that.
    can_delete = False


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    """Offerings and their sessions. Seats, childcare places and status change on the offering's own
    page in PEP, which keeps confirmed seats and confirms waiting families when places are added."""

    list_display = ["title", "program", "status", "first_starts_at", "host_district", "seat_capacity"]
    list_filter = ["status", "program"]
    list_select_related = ["program", "host_district"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "first_starts_at"
    autocomplete_fields = ["host_district"]
    filter_horizontal = ["interpretation_languages"]
    readonly_fields = ["first_starts_at", "last_ends_at", "copied_from"]
    inlines = [SessionInline]
    PLACES = ["status", "seat_capacity", "childcare_offered", "childcare_capacity"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "online_link":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + self.PLACES if obj is not None else fields

    def save_model(self, request, obj, form, change):
        save_versioned(obj, request.user)
        audit_record(
            actor=request.user,
            action="offering.update" if change else "offering.create",
            summary=obj.title,
            district=obj.host_district,
            details={"offering": obj.pk, "changed": form.changed_data, "in": "admin"},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Lists and the catalog sort on the stored first and last dates: keep them in step with the sessions.
        offering = form.instance
        times = offering.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
        Offering.objects.filter(pk=offering.pk).update(first_starts_at=times["first"], last_ends_at=times["last"])


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    fields = ["name", "role", "cancelled_at"]
    readonly_fields = ["cancelled_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # seats are taken through the registration form, which keeps count


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations, mostly to read. Seats and the waiting list change only through the offering's
    dashboard (confirm, move, cancel), so the count of seats stays right; the private link's token is
    never shown."""

    list_display = ["pk", "offering", "status", "contact_name", "role", "created_at"]
    list_filter = ["status", "role", "childcare"]
    list_select_related = ["offering"]
    search_fields = ["contact_name", "contact_email", "offering__title"]
    fields = [
        "offering",
        "status",
        "waiting_since",
        "contact_name",
        "contact_email",
        "contact_phone",
        "role",
        "district",
        "school",
        "language",
        "interpretation_language",
        "childcare_children",
        "childcare_ages",
        "childcare",
        "accommodations",
        "dietary_needs",
        "consent_to_contact",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
    # Only the contact details may be corrected here; everything about places is the seat engine's.
    readonly_fields = [
        name for name in fields if name not in ("contact_name", "contact_email", "contact_phone", "consent_to_contact")
    ]
    inlines = [AttendeeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="registration.update",
            summary=f"{obj.offering.title}: registration {obj.pk}",
            district=obj.offering.host_district,
            details={"registration": obj.pk, "changed": form.changed_data, "in": "admin"},
        )


@admin.register(Attendee)
class AttendeeAdmin(admin.ModelAdmin):
    """People registered or walked in; a name may be corrected, seats are not taken or freed here."""

    list_display = ["name", "role", "offering", "registration", "is_walk_in", "cancelled_at"]
    list_filter = ["is_walk_in", "role"]
    list_select_related = ["offering", "registration"]
    search_fields = ["name", "offering__title"]
    fields = ["offering", "registration", "name", "role", "is_walk_in", "cancelled_at"]
    readonly_fields = ["offering", "registration", "is_walk_in", "cancelled_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pt3Priority)
class Pt3PriorityAdmin(admin.ModelAdmin):
    list_display = ["text", "rank", "school", "offering", "recorded_at"]
    list_select_related = ["school", "offering"]
    search_fields = ["text", "school__name", "offering__title"]
    autocomplete_fields = ["school"]
    raw_id_fields = ["offering"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """What families said: read here, never rewritten."""

    list_display = ["offering", "usefulness", "language_support", "language", "given_at"]
    list_filter = ["usefulness", "language_support", "language"]
    list_select_related = ["offering"]
    search_fields = ["offering__title"]
    fields = ["offering", "usefulness", "will_use", "to_improve", "language_support", "language", "given_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
