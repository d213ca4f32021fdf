"""Knowledge pages: articles, search, knowledge gaps, archive export."""

from .views import archive, articles, gaps, search

app_name = "knowledge"

urlpatterns = [
    *articles.urlpatterns,
    *search.urlpatterns,
    *gaps.urlpatterns,
    *archive.urlpatterns,
]
