from django.urls import path

from workshops.views import offerings as views

urlpatterns = [
    path("offerings/", views.offering_list, name="offering-list"),
    path("offerings/new/", views.offering_create, name="offering-new"),
    path("offerings/<int:pk>/", views.offering_dashboard, name="offering-dashboard"),
    path("offerings/<int:pk>/edit/", views.offering_edit, name="offering-edit"),
    path("offerings/<int:pk>/copy/", views.offering_copy, name="offering-copy"),
    path("offerings/<int:pk>/cancel/", views.offering_cancel, name="offering-cancel"),
    path("offerings/<int:pk>/registrations.csv", views.registrations_csv, name="offering-registrations-csv"),
    path("offerings/<int:pk>/attendees.csv", views.attendees_csv, name="offering-attendees-csv"),
    path(
        "offerings/<int:pk>/registrations/<int:registration_pk>/confirm/",
        views.registration_confirm,
        name="offering-registration-confirm",
    ),
    path(
        "offerings/<int:pk>/registrations/<int:registration_pk>/move/",
        views.registration_move,
        name="offering-registration-move",
    ),
    path(
        "offerings/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.registration_cancel,
        name="offering-registration-cancel",
    ),
]
