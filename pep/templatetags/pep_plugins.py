"""What the program's apps add to pep's pages: panels of a district's or a school's page, and
columns of a table of schools."""

from django import template

from pep import plugins

register = template.Library()


@register.simple_tag(takes_context=True)
def district_panels(context, district) -> list[plugins.Panel]:
    return plugins.district_panels(context["request"], district)


@register.simple_tag(takes_context=True)
def school_panels(context, school) -> list[plugins.Panel]:
    return plugins.school_panels(context["request"], school)


@register.simple_tag(takes_context=True)
def school_table(context, schools) -> plugins.SchoolTable:
    return plugins.school_table(context["request"].user, list(schools))
