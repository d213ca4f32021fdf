"""Pages: archive."""

urlpatterns: list = []
