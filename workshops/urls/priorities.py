from django.urls import path

from workshops.views import priorities as views

urlpatterns = [
    path("offerings/<int:pk>/priorities/", views.offering_priorities, name="offering-priorities"),
]
