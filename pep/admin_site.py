from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .access import is_coordinator


class PepAdminSite(admin.AdminSite):
    site_header = _("PEP administration")
    site_title = _("PEP administration")
    index_title = _("Program data")

    def has_permission(self, request) -> bool:
        return is_coordinator(request.user)
