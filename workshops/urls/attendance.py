from django.urls import path

from workshops.views import attendance as views

urlpatterns = [
    path("sessions/<int:pk>/check-in/", views.session_checkin, name="session-checkin"),
    path("sessions/<int:pk>/sign-in-sheet/", views.session_signin_print, name="session-signin-print"),
    path("sessions/<int:pk>/sign-in-sheet.pdf", views.session_signin_sheet, name="session-signin-sheet"),
    path("attendees/<int:pk>/certificate.pdf", views.attendee_certificate, name="attendee-certificate"),
    path("offerings/<int:pk>/certificates/", views.offering_certificates_print, name="offering-certificates-print"),
    path("offerings/<int:pk>/certificates.pdf", views.offering_certificates, name="offering-certificates"),
    path(
        "r/<str:token>/certificate/<int:attendee_pk>.pdf",
        views.registration_certificate,
        name="registration-certificate",
    ),
]
