"""URLs of the district report PDF."""

urlpatterns: list = []
