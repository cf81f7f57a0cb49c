from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import is_coordinator


class PepAdminSite(admin.AdminSite):
    site_header = _("PEP administration")
    site_title = _("PEP administration")
    index_title = _("Program data")

    def has_permission(self, request) -> bool:
        return is_coordinator(request.user)

    def login(self, request, extra_context=None):
        """Everyone logs in on the site's own page; the admin is for coordinators only."""
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return redirect(index)
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(index)
