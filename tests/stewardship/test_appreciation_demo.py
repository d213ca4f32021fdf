"""The demo's appreciation walls load through the services, dated in the past, and ana.lima
(steward of community-health-practice) has notes to see and two on her profile."""

from django.utils import timezone

from practica.accounts.models import User
from practica.stewardship.models import AppreciationNote


def test_the_walls_are_alive_and_dated_in_the_past(demo_loaded, db, client):
    notes = AppreciationNote.objects.filter(community__slug="community-health-practice")
    assert notes.count() >= 8
    assert notes.exclude(target_id=None).count() >= 3
    assert all(n.created_at < timezone.now() for n in notes)
    ana = User.objects.get(email__startswith="ana.lima@")
    assert notes.filter(recipient=ana, on_profile=True).count() == 2
    client.force_login(ana)
    page = client.get("/c/community-health-practice/appreciation/")
    assert page.status_code == 200 and "consent guide" in page.content.decode()
    summary = client.get("/me/contributions/")
    assert summary.status_code == 200
