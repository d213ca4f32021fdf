from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create_view, name="create"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/",
        views.notification_open_view,
        name="notification_open",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("c/<slug:slug>/", views.community_home, name="home"),
    path("c/<slug:slug>/join/", views.join, name="join"),
    path("c/<slug:slug>/leave/", views.leave, name="leave"),
    path("c/<slug:slug>/members/", views.members, name="members"),
    path("c/<slug:slug>/invite/", views.invite, name="invite"),
    path("c/<slug:slug>/requests/", views.requests, name="requests"),
    path("c/<slug:slug>/stewards/", views.stewards, name="stewards"),
    path("c/<slug:slug>/settings/", views.settings_view, name="settings"),
    path("c/<slug:slug>/audit/", views.audit, name="audit"),
    path("c/<slug:slug>/charter/", views.charter, name="charter"),
    path("c/<slug:slug>/charter/propose/", views.charter_propose_view, name="charter_propose"),
    path("c/<slug:slug>/charter/proposals/<int:proposal_id>/", views.proposal, name="proposal"),
    path("c/<slug:slug>/goals/", views.goals, name="goals"),
    path("c/<slug:slug>/goals/<int:goal_id>/", views.goal, name="goal"),
]

# Someone's profile page lists their communities, so communities serves it, but it keeps its
# place among the pages about people: the site's URLconf mounts these under /accounts/, in the
# ``accounts`` namespace (accounts cannot import communities to list it itself).
people_urlpatterns = [
    path("people/<int:user_id>/", views.profile_detail, name="profile"),
]
