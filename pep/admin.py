from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEntry, District, Language, Membership, Profile, School, SchoolYear
from .services import membership_revoke, membership_save, school_year_make_current, sign_in_unlock


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on", "planning_opens_on", "is_current"]
    readonly_fields = ["is_current"]
    actions = ["make_current"]

    @admin.action(description=_("Make the selected year the current school year"))
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one school year."), messages.ERROR)
            return
        year = school_year_make_current(school_year=queryset.get(), actor=request.user)
        self.message_user(request, _("%(year)s is now the current school year.") % {"year": year.label})


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "receives_title_i"]
    list_filter = ["region", "receives_title_i"]
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "district", "grade_band"]
    list_filter = ["grade_band", "district__region"]
    list_select_related = ["district"]
    search_fields = ["name", "code", "district__name"]
    autocomplete_fields = ["district"]
    filter_horizontal = ["home_languages"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "name_local", "code"]
    search_fields = ["name", "name_local", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "school", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "district", "school"]
    search_fields = [
        "user__username",
        "user__last_name",
        "district__name",
        "school__name",
    ]
    autocomplete_fields = ["user", "district", "school"]

    def save_model(self, request, obj, form, change):
        membership_save(membership=obj, actor=request.user)

    def delete_model(self, request, obj):
        membership_revoke(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "district", "school__district"):
            membership_revoke(membership=membership, actor=request.user)


admin.site.unregister(get_user_model())


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["language"]


@admin.register(get_user_model())
class PersonAdmin(UserAdmin):
    """People's accounts. Only a superuser may hand out superuser rights or raw permissions."""

    actions = ["unlock_sign_in"]
    inlines = [ProfileInline]

    @admin.action(description=_("Unlock sign-in"))
    def unlock_sign_in(self, request, queryset):
        """Lift a pause after wrong passwords now, instead of when it runs out."""
        usernames = sign_in_unlock(usernames=queryset.values_list("username", flat=True), actor=request.user)
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d person.",
                "Sign-in unlocked for %(count)d people.",
                len(usernames),
            )
            % {"count": len(usernames)},
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "summary", "actor", "district"]
    list_filter = ["action"]
    list_select_related = ["actor", "district"]
    search_fields = ["summary"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
