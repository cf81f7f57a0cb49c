"""URLs of the survey pages."""

urlpatterns: list = []
