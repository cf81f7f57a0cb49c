from django.urls import path

from workshops.views import programs as views

urlpatterns = [
    path("programs/", views.program_list, name="program-list"),
    path("programs/new/", views.program_create, name="program-new"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program-edit"),
]
