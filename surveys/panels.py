"""The surveys app's sections of other apps' pages (a district's page)."""


def district_panels(request, district) -> list:
    """Sections of a district's page: its perceptions survey link and profile, where there are some."""
    return []
