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
        from .panels import plans_panel

        return plans_panel(request)
