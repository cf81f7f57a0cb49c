"""URLs of the perceptions pages."""

urlpatterns: list = []
