from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("c/<slug:slug>/topics/", views.topic_list, name="list"),
    path("c/<slug:slug>/topics/new/", views.topic_new, name="new"),
    path("t/<int:topic_id>/", views.topic_detail, name="topic"),
    path("t/<int:topic_id>/edit/", views.topic_edit_view, name="topic_edit"),
    path("t/<int:topic_id>/reply/", views.reply, name="reply"),
    path("t/<int:topic_id>/answer/", views.answer, name="answer"),
    path("t/<int:topic_id>/moderate/", views.topic_moderate, name="topic_moderate"),
    path("p/<int:post_id>/edit/", views.post_edit_view, name="post_edit"),
    path("p/<int:post_id>/thanks/", views.thanks, name="thanks"),
    path("p/<int:post_id>/moderate/", views.post_moderate, name="post_moderate"),
]
