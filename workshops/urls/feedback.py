from django.urls import path

from workshops.views import feedback as views

urlpatterns = [
    path("r/<str:token>/feedback/", views.registration_feedback, name="registration-feedback"),
    path("offerings/<int:pk>/feedback/", views.offering_feedback, name="offering-feedback"),
    path("programs/<int:pk>/feedback/", views.program_feedback, name="program-feedback"),
]
