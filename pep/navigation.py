"""The core's header links."""

from django.utils.translation import gettext_lazy as _

from .access import is_coordinator, led_district_ids, member_school_ids
from .plugins import MenuEntry


def _only(ids: set[int]) -> list[int]:
    return [next(iter(ids))]


CORE_MENU = [
    MenuEntry(_("Home"), "home", 0, shown_to=lambda user: True),
    MenuEntry(
        _("My district"),
        "district-detail",
        20,
        shown_to=lambda user: len(led_district_ids(user)) == 1,
        args=lambda user: _only(led_district_ids(user)),
    ),
    MenuEntry(
        _("My school"),
        "school-detail",
        30,
        shown_to=lambda user: len(member_school_ids(user)) == 1,
        args=lambda user: _only(member_school_ids(user)),
    ),
    MenuEntry(
        _("People"),
        "people",
        40,
        shown_to=lambda user: is_coordinator(user) or bool(led_district_ids(user)),
    ),
    MenuEntry(_("Import directory"), "directory-import", 80, shown_to=is_coordinator),
    MenuEntry(_("Administration"), "admin:index", 90, shown_to=is_coordinator),
]
