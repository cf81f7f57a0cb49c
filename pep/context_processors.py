from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import is_coordinator, led_district_ids, member_school_ids


def navigation(request) -> dict:
    """The header links this person may use, and nothing they may not."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [(reverse("home"), _("Home")), (reverse("partnerships:plan-list"), _("Plans"))]
    if len(led_district_ids(user)) == 1:
        links.append(
            (
                reverse("district-detail", args=[next(iter(led_district_ids(user)))]),
                _("My district"),
            )
        )
    if len(member_school_ids(user)) == 1:
        links.append(
            (
                reverse("school-detail", args=[next(iter(member_school_ids(user)))]),
                _("My school"),
            )
        )
    if is_coordinator(user):
        links.append((reverse("directory-import"), _("Import directory")))
        links.append((reverse("admin:index"), _("Administration")))
    return {"nav_links": links}
