"""The start page: a landing page for visitors, a dashboard for members.

It gathers what several apps hold (communities, notifications, the person's profile), so it
lives in the site layer beside urls.py, which may import every app; core must import none.
"""

from django.shortcuts import render

from practica.communities.queries import (
    communities_for_viewer,
    my_communities,
    notifications_for,
    suggested_communities,
)

DASHBOARD_COMMUNITIES = 12
DASHBOARD_NOTIFICATIONS = 6
SUGGESTED_COMMUNITIES = 6
LANDING_COMMUNITIES = 3


def home(request):
    if not request.user.is_authenticated:
        featured = communities_for_viewer(request.user).items[:LANDING_COMMUNITIES]
        return render(request, "communities/landing.html", {"featured": featured})
    return _dashboard(request)


def _dashboard(request):
    """A bounded view of the person's world: the first communities of theirs (the full list
    is one link away), their latest notifications and a few communities to discover."""
    viewer = request.user
    context = {
        "my_communities": my_communities(viewer, size=DASHBOARD_COMMUNITIES),
        "notifications": notifications_for(viewer).items[:DASHBOARD_NOTIFICATIONS],
        "suggested": suggested_communities(viewer, SUGGESTED_COMMUNITIES),
        "profile": getattr(viewer, "profile", None),
    }
    return render(request, "communities/dashboard.html", context)
