from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class PartnershipsConfig(ProgramApp):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from pep.access import has_a_role
        from pep.plugins import MenuEntry

        self.menu = [MenuEntry(_("Plans"), "partnerships:plan-list", 10, shown_to=has_a_role)]

    def home_panels(self, request):
        from .panels import home_panels

        return home_panels(request)

    def district_panels(self, request, district):
        from .panels import district_panels

        return district_panels(request, district)

    def school_panels(self, request, school):
        from .panels import school_panels

        return school_panels(request, school)

    def school_columns(self, user, schools):
        from .panels import school_columns

        return school_columns(user, schools)
