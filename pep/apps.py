from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PepConfig(AppConfig):
    name = "pep"
    verbose_name = _("Program")


class PepAdminConfig(AdminConfig):
    """The Django admin, opened to coordinators through the shared access rules."""

    default_site = "pep.admin_site.PepAdminSite"
