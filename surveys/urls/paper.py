"""URLs of the paper pages."""

urlpatterns: list = []
