from django.conf import settings


def site(request):
    """What every page needs to know about the site itself."""
    return {"BASE_URL": settings.BASE_URL}
