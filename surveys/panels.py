"""The surveys app's sections of other apps' pages (a district's page)."""

from django.utils.translation import gettext as _

from pep.access import may_see_district
from pep.plugins import Panel
from surveys.selectors.perceptions import latest_profile, open_links_of
from surveys.views.perceptions import public_url, qr_code


def district_panels(request, district) -> list:
    """Sections of a district's page: its perceptions survey link and profile, where there are some."""
    if not may_see_district(request.user, district):
        return []
    links = open_links_of(district)
    profile = latest_profile(district)
    if not links and profile is None:
        return []
    title = _("QR code of the survey's address")
    rows = [(link, url, qr_code(url, title)) for link in links for url in [public_url(link)]]
    context = {
        "district": district,
        "links": rows,
        "profile": profile,
        "heading_id": f"district-{district.pk}-perceptions",
    }
    return [Panel("surveys/perceptions/_district_panel.html", context)]
