from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class WorkshopsConfig(ProgramApp):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from pep.access import is_coordinator
        from pep.plugins import MenuEntry

        self.menu = [MenuEntry(_("Workshop programs"), "workshops:program-list", 50, shown_to=is_coordinator)]
