"""Time helpers: everything is stored in UTC; these keep "now" in one place for tests."""

import zoneinfo
from datetime import timedelta

from django.utils import timezone


def now():
    return timezone.now()


def days_from_now(days: int):
    return timezone.now() + timedelta(days=days)


def is_valid_timezone(name: str) -> bool:
    if not name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_choices() -> list[str]:
    return sorted(zoneinfo.available_timezones())
