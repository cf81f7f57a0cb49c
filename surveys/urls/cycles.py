"""URLs of the cycle pages."""

from django.urls import path

from surveys.views import cycles

urlpatterns = [
    path("cycles/<slug:slug>/", cycles.cycle_detail, name="cycle-detail"),
]
