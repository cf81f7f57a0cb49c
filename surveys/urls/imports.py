"""URLs of the import and export pages, and of the background jobs' pages (coordinators only)."""

from django.urls import path

from surveys.views import imports

urlpatterns = [
    path("cycles/<slug:slug>/roster/upload/", imports.roster_upload, name="roster-upload"),
    path("cycles/<slug:slug>/responses/upload/", imports.responses_upload, name="responses-upload"),
    path("cycles/<slug:slug>/invitations.csv", imports.invitations_export, name="invitations-export"),
    path("child-counts/upload/", imports.child_count_upload, name="child-count-upload"),
    path("jobs/<int:pk>/", imports.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", imports.job_download, name="job-download"),
]
