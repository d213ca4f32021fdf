import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_test_cache(_fast_hashing):
    """Clear the in-memory cache the tests actually use (set up by ``_fast_hashing``), so one
    test's login attempts never count against another's rate limit."""
    cache.clear()
    yield
    cache.clear()
