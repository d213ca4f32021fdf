"""Time helpers: everything is stored in UTC; these keep "now" in one place for tests."""

import zoneinfo
from datetime import timedelta

from django.utils import timezone


def now():
    return timezone.now()


def days_from_now(days: int):
    return timezone.now() + timedelta(days=days)


TIMEZONE_MAX_LENGTH = 64  # the width of every timezone column


def is_valid_timezone(name: str) -> bool:
    if not isinstance(name, str) or not name or len(name) > TIMEZONE_MAX_LENGTH:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory of the zone database ("Europe") or an over-long file name.
        return False
    return True


def timezone_choices() -> list[str]:
    return sorted(zoneinfo.available_timezones())
