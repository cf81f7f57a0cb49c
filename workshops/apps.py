from django.utils.translation import gettext_lazy as _

from pep.plugins import ProgramApp


class WorkshopsConfig(ProgramApp):
    name = "workshops"
    verbose_name = _("Workshops")
