"""URLs of the Indicator 8 reports: coordinators' state pages and downloads, and each district's report,
which its leaders open too (from "Survey results")."""

from django.urls import path

from surveys.views import reports as views

urlpatterns = [
    path("results/", views.results_home, name="results-home"),
    path("cycles/<slug:slug>/report/", views.state_report, name="report-state"),
    path("cycles/<slug:slug>/report/items/", views.item_report, name="report-items"),
    path(
        "cycles/<slug:slug>/report/representativeness/",
        views.representativeness_report,
        name="report-representativeness",
    ),
    path("cycles/<slug:slug>/report/trend/", views.trend_report, name="report-trend"),
    path("cycles/<slug:slug>/report/indicator8.csv", views.report_csv, name="report-csv"),
    path(
        "cycles/<slug:slug>/report/representativeness.csv",
        views.representativeness_csv,
        name="report-representativeness-csv",
    ),
    path("cycles/<slug:slug>/report/indicator8.xlsx", views.report_xlsx, name="report-xlsx"),
    path("cycles/<slug:slug>/report/districts/<int:district_pk>/", views.district_report, name="report-district"),
    path(
        "cycles/<slug:slug>/report/districts/<int:district_pk>/indicator8.csv",
        views.district_csv,
        name="report-district-csv",
    ),
    path(
        "cycles/<slug:slug>/report/districts/<int:district_pk>/representativeness.csv",
        views.district_representativeness_csv,
        name="report-district-representativeness-csv",
    ),
    path(
        "cycles/<slug:slug>/report/districts/<int:district_pk>/indicator8.xlsx",
        views.district_xlsx,
        name="report-district-xlsx",
    ),
]
