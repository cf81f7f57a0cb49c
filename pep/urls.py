from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import include, path
from django_ratelimit.core import is_ratelimited

from . import people_views, views
from .access import public, signed_in
from .forms import LoginForm

_password_reset_form = auth_views.PasswordResetView.as_view()


def _email_entered(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


@public
def password_reset(request, *args, **kwargs):
    """Django's reset form, with a limit per address and per email entered.

    The limits count requests, not accounts, so the answer is the same whether the email exists.
    """
    if request.method == "POST":
        limits = [("password-reset-address", "ip", f"{settings.PASSWORD_RESETS_PER_HOUR_PER_ADDRESS}/h")]
        if _email_entered(None, request):
            limits.append(("password-reset-email", _email_entered, f"{settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL}/h"))
        # Every counter advances on every request, so refused requests count too.
        refused = [
            is_ratelimited(request, group=group, key=key, rate=rate, increment=True) for group, key, rate in limits
        ]
        if any(refused):
            return render(request, "registration/password_reset_throttled.html", status=429)
    return _password_reset_form(request, *args, **kwargs)


auth_patterns = [
    path(
        "login/",
        public(auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        signed_in(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        signed_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("password_reset/", password_reset, name="password_reset"),
    path(
        "password_reset/done/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("districts/<int:pk>/", views.district_detail, name="district-detail"),
    path("schools/<int:pk>/", views.school_detail, name="school-detail"),
    path("districts/suggestions/", views.district_suggestions, name="district-suggestions"),
    path("directory/import/", views.directory_import_upload, name="directory-import"),
    path("healthz", views.healthz, name="healthz"),
    path("people/", people_views.people_home, name="people"),
    path("districts/<int:pk>/people/", people_views.district_people, name="district-people"),
    path("people/invite/", people_views.invitation_new, name="invitation-new"),
    path("people/invitations/<int:pk>/resend/", people_views.invitation_resend, name="invitation-resend"),
    path("people/invitations/<int:pk>/cancel/", people_views.invitation_cancel, name="invitation-cancel"),
    path("people/roles/<int:pk>/change/", people_views.role_change, name="role-change"),
    path("people/roles/<int:pk>/end/", people_views.role_end, name="role-end"),
    path("accounts/invitation/<str:token>/", people_views.invitation_accept, name="invitation-accept"),
    path("accounts/", include(auth_patterns)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("plans/", include("partnerships.urls")),
    path("surveys/", include("surveys.urls")),
    path("workshops/", include("workshops.urls")),
    path("admin/", admin.site.urls),
]
