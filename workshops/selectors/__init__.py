"""Reads that matter for workshops."""

from django.db.models import QuerySet

from workshops.models import Program


def programs_catalog() -> QuerySet[Program]:
    """Every program, active or not, in the catalog's order."""
    return Program.objects.order_by("order", "name_en", "pk")
