from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("programs/", views.program_list, name="program-list"),
    path("programs/new/", views.program_create, name="program-new"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program-edit"),
]
