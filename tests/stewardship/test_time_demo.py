"""The demo's logged time loads through the service, dated in the past, and ana.lima sees a
living labour page with her own over-capacity note."""

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Activity
from practica.stewardship.models import TimeEntry

SLUG = "community-health-practice"


def test_the_labour_page_is_alive_for_ana(demo_loaded, db, client):
    entries = TimeEntry.objects.filter(community__slug=SLUG)
    assert entries.count() >= 100
    assert entries.values("person").distinct().count() >= 5
    assert entries.filter(day__lt=timezone.now().date().replace(day=1)).exists()
    logged = Activity.objects.filter(verb="time_logged", community__slug=SLUG)
    assert logged.count() == entries.count()
    assert logged.filter(created_at__lt=timezone.now() - timezone.timedelta(days=30)).exists()
    ana = User.objects.get(email__startswith="ana.lima@")
    client.force_login(ana)
    page = client.get(f"/c/{SLUG}/time/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Only you see this." in body
    assert "How the work is shared" in body
