from django.urls import path

from workshops.views import offerings as views

urlpatterns = [
    path("offerings/", views.offering_list, name="offering-list"),
]
