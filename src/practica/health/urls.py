from django.urls import path

from . import summary_views, views

app_name = "health"

urlpatterns = [
    path("c/<slug:slug>/health/", views.health_page, name="page"),
    path("c/<slug:slug>/health/stage/", views.stage_record_view, name="stage"),
    path("me/contributions/", summary_views.my_summary, name="my_summary"),
]
