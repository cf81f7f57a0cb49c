from django.urls import path

from workshops.views import public as views

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<int:pk>/", views.offering_detail, name="offering-detail"),
    path("r/<str:token>/", views.registration, name="registration"),
]
