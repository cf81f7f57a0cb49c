"""Template filters for figures charted or tabled beside the SVG charts of `pep.charts`."""

from django import template

from pep.charts import signed_points

register = template.Library()


@register.filter
def signed(value) -> str:
    """A change or gap in points with its sign, as the charts write it (+2.5, 0.0, a true minus); empty for None."""
    if value is None or value == "":
        return ""
    return signed_points(value)
