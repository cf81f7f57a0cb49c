"""The workshops app's sections of other pages (the school page)."""


def school_panels(request, school) -> list:
    """PT3 priorities the school's parents and teachers named."""
    return []
