from django.contrib import admin

from .models import Category, Framework, Plan
from .services import plan_delete


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 1
    fields = ["order", "code", "name_en", "name_es", "description_en", "description_es"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Coordinators add frameworks and their categories here, without code changes."""

    list_display = ["name_en", "name_es", "code", "is_default", "min_categories_to_submit"]
    inlines = [CategoryInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans change only through their pages and workflow; here they can be looked up or deleted."""

    list_display = ["__str__", "status", "school_year", "submitted_at", "approved_at"]
    list_filter = ["status", "kind", "school_year"]
    list_select_related = ["school_year", "district", "school"]
    search_fields = ["district__name", "school__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj):
        plan_delete(plan=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for plan in queryset:
            plan_delete(plan=plan, actor=request.user)
