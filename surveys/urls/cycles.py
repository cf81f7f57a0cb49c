"""URLs of the cycle, instrument and rotation pages (coordinators only)."""

from django.urls import path

from surveys.views import cycles, instruments, rotation

urlpatterns = [
    path("cycles/", cycles.cycle_list, name="cycle-list"),
    path("cycles/new/", cycles.cycle_create, name="cycle-new"),
    path("cycles/<slug:slug>/", cycles.cycle_detail, name="cycle-detail"),
    path("cycles/<slug:slug>/edit/", cycles.cycle_edit, name="cycle-edit"),
    path("instruments/", instruments.instrument_list, name="instrument-list"),
    path("instruments/<int:pk>/", instruments.instrument_detail, name="instrument-detail"),
    path("rotation/", rotation.rotation, name="rotation"),
]
