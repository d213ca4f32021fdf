"""Pages: articles."""

urlpatterns: list = []
