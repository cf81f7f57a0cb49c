from django.urls import path

from workshops.views import public as views

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("calendar.ics", views.catalog_calendar, name="catalog-ics"),
    path("districts/suggestions/", views.district_suggestions, name="district-suggestions"),
    path("<int:pk>/", views.offering_detail, name="offering-detail"),
    path("<int:pk>/register/", views.offering_register, name="offering-register"),
    path("r/<str:token>/", views.registration, name="registration"),
    path("r/<str:token>/calendar.ics", views.registration_calendar, name="registration-ics"),
    path("r/<str:token>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("r/<str:token>/people/<int:attendee_pk>/cancel/", views.attendee_cancel, name="attendee-cancel"),
    path("r/<str:token>/needs/", views.registration_needs, name="registration-needs"),
]
