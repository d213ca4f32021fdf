"""Pages: gaps."""

urlpatterns: list = []
