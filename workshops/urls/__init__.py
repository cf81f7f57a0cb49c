"""The workshops app's pages: each area keeps its own list of URLs."""

from . import attendance, feedback, offerings, priorities, programs, public

app_name = "workshops"

urlpatterns = [
    *programs.urlpatterns,
    *offerings.urlpatterns,
    *public.urlpatterns,
    *priorities.urlpatterns,
    *feedback.urlpatterns,
    *attendance.urlpatterns,
]
