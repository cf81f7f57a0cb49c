"""Pages: imports."""


def cycle_section(request, cycle):
    """This area's section of the cycle's page (a pep.plugins.Panel), or None when it has none for this person."""
    return None
