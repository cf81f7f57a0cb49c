"""The surveys app's pages: each area keeps its own list of URLs."""

from . import cycles, imports, paper, perceptions, report_pdf, reports, survey

app_name = "surveys"

urlpatterns = [
    *cycles.urlpatterns,
    *imports.urlpatterns,
    *survey.urlpatterns,
    *paper.urlpatterns,
    *reports.urlpatterns,
    *report_pdf.urlpatterns,
    *perceptions.urlpatterns,
]
