from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class WorkshopsConfig(ProgramApp):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from pep.access import is_coordinator
        from pep.plugins import MenuEntry

        self.menu = [
            MenuEntry(_("Workshops"), "workshops:offering-list", 40, shown_to=is_coordinator),
            MenuEntry(_("Workshop programs"), "workshops:program-list", 50, shown_to=is_coordinator),
        ]
        self.family_pages = [
            MenuEntry(_("Workshops for families"), "workshops:catalog", 10, shown_to=lambda user: True)
        ]

    def school_panels(self, request, school):
        from workshops.panels import school_panels

        return school_panels(request, school)
