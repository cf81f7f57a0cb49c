"""The surveys app's sections of other apps' pages (a district's page)."""

from django.utils.translation import gettext as _

from pep.access import may_see_district
from pep.plugins import Panel
from surveys.selectors.perceptions import district_profile, latest_opened, links_of_district, still_open
from surveys.views.perceptions import public_url, qr_code


def district_panels(request, district) -> list:
    """Sections of a district's page: its perceptions survey link and profile, where there are some."""
    if not may_see_district(request.user, district):
        return []
    links = links_of_district(district)  # a district without any costs this one query
    if not links:
        return []
    latest = latest_opened(links)
    title = _("QR code of the survey's address")
    rows = [(link, url, qr_code(url, title)) for link in still_open(links) for url in [public_url(link)]]
    context = {
        "district": district,
        "links": rows,
        "profile": district_profile(latest, district) if latest else None,
        "heading_id": f"district-{district.pk}-perceptions",
    }
    return [Panel("surveys/perceptions/_district_panel.html", context)]
