"""URLs of the district report: one district's Indicator 8 results for a cycle, as a PDF and as a print page."""

from django.urls import path

from surveys.views import report_pdf

urlpatterns = [
    path(
        "cycles/<slug:slug>/districts/<int:pk>/indicator8.pdf",
        report_pdf.district_report_pdf,
        name="district-report-pdf",
    ),
    path(
        "cycles/<slug:slug>/districts/<int:pk>/indicator8/print/",
        report_pdf.district_report_print,
        name="district-report-print",
    ),
]
