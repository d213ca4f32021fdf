"""The start page (a landing page for visitors, a dashboard for members), the health check
and the site's 404 / 500 pages."""

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from practica.communities.queries import communities_for_viewer, my_communities, notifications_for

logger = logging.getLogger(__name__)

DASHBOARD_NOTIFICATIONS = 6
SUGGESTED_COMMUNITIES = 6
LANDING_COMMUNITIES = 3


def home(request):
    if not request.user.is_authenticated:
        featured = communities_for_viewer(request.user).items[:LANDING_COMMUNITIES]
        return render(request, "core/home.html", {"featured": featured})
    return _dashboard(request)


def _dashboard(request):
    viewer = request.user
    mine = my_communities(viewer)
    mine_ids = {c.pk for c in mine}
    notifications = notifications_for(viewer).items[:DASHBOARD_NOTIFICATIONS]
    # One page of the biggest visible communities is enough to suggest a few the person is
    # not in yet, and keeps the query count fixed however many communities exist.
    suggested = [c for c in communities_for_viewer(viewer).items if c.pk not in mine_ids]
    context = {
        "my_communities": mine,
        "notifications": notifications,
        "suggested": suggested[:SUGGESTED_COMMUNITIES],
        "profile": getattr(viewer, "profile", None),
    }
    return render(request, "core/dashboard.html", context)


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Render without the request's context processors: whatever broke the page (the database,
    a template) must not break the error page too."""
    try:
        body = loader.get_template("core/500.html").render()
    except Exception:  # the error page itself must never raise
        logger.exception("Could not render the 500 page")
        body = "<!doctype html><title>Server error</title><h1>Something went wrong.</h1>"
    return HttpResponseServerError(body)
