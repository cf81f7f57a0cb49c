from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from .plugins import ProgramApp


class PepConfig(ProgramApp):
    name = "pep"
    verbose_name = _("Program")

    def ready(self) -> None:
        from .navigation import CORE_MENU

        self.menu = CORE_MENU


class PepAdminConfig(AdminConfig):
    """The Django admin, opened to coordinators through the shared access rules."""

    default_site = "pep.admin_site.PepAdminSite"
