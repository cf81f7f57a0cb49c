"""URLs of the cycles pages."""

urlpatterns: list = []
