"""Root URLconf: each app's pages, the JSON API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

from practica.api import api
from practica.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("practica.accounts.urls")),
    path("", include("practica.communities.urls")),
    path("", include("practica.discussions.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "practica.core.views.bad_request"
handler404 = "practica.core.views.not_found"
handler500 = "practica.core.views.server_error"
