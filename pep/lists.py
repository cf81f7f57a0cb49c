"""Lists of many rows every app shares: a stable sort order and paging."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

ROWS_PER_PAGE = 50


def in_stable_order(queryset: QuerySet, default: list[str], tie_break: str = "pk") -> QuerySet:
    """The chosen sort (or `default`), then `tie_break`, so pages never drop or repeat rows that tie."""
    return queryset.order_by(*(queryset.query.order_by or default), tie_break)


def page_of(request, queryset: QuerySet, per_page: int = ROWS_PER_PAGE) -> Page:
    """The page the request asks for; a page number that is not one gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
