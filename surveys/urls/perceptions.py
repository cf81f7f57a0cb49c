"""URLs of the perceptions pages: the public form at a district's shared link, and the pages behind it."""

from django.urls import path

from surveys.views import perceptions

urlpatterns = [
    path("p/<str:token>/", perceptions.perceptions_answer, name="perceptions-answer"),
    path("p/<str:token>/thanks/", perceptions.perceptions_thanks, name="perceptions-thanks"),
    path("cycles/<slug:slug>/perceptions/links/", perceptions.perceptions_links, name="perceptions-links"),
    path("cycles/<slug:slug>/perceptions/links/all/", perceptions.perceptions_links_all, name="perceptions-links-all"),
    path("cycles/<slug:slug>/perceptions/report/", perceptions.perceptions_report, name="perceptions-report"),
    path(
        "cycles/<slug:slug>/perceptions/districts/<int:pk>/",
        perceptions.perceptions_district_report,
        name="perceptions-district-report",
    ),
    path(
        "cycles/<slug:slug>/perceptions/districts/<int:pk>/poster/",
        perceptions.perceptions_poster,
        name="perceptions-poster",
    ),
]
