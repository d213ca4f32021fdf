"""Root URLconf: each app's pages, the JSON API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

from practica import views
from practica.accounts import urls as accounts_urls
from practica.api import api
from practica.communities import urls as communities_urls
from practica.core import views as core_views

# The pages about people: accounts' own, and the profile page that communities serves.
accounts_patterns = [*accounts_urls.urlpatterns, *communities_urls.people_urlpatterns]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include((accounts_patterns, accounts_urls.app_name))),
    path("", include("practica.communities.urls")),
    path("", include("practica.discussions.urls")),
    path("", include("practica.knowledge.urls")),
    path("", include("practica.stewardship.urls")),
    path("", include("practica.reflection.urls")),
    path("", include("practica.health.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "practica.core.views.bad_request"
handler404 = "practica.core.views.not_found"
handler500 = "practica.core.views.server_error"
