"""The workshops app's sections of other pages (the school page)."""

from itertools import groupby

from pep.plugins import Panel
from workshops.selectors.priorities import priorities_for_school


def school_panels(request, school) -> list[Panel]:
    """PT3 priorities the school's parents and teachers named, by conversation, latest first."""
    priorities = priorities_for_school(school.pk)
    if not priorities:
        return []
    conversations = [(offering, list(rows)) for offering, rows in groupby(priorities, key=lambda row: row.offering)]
    context = {"school": school, "conversations": conversations, "heading_id": f"school-{school.pk}-pt3"}
    return [Panel("workshops/priorities/_school_panel.html", context)]
