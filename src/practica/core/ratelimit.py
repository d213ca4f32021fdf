"""A fixed-window counter in the shared cache, used to slow down password guessing."""

import hashlib
import time

from django.core.cache import cache


def hit(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the caller is still within ``limit`` per ``window`` seconds."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def reset(scope: str, key: str, window: int) -> None:
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache.delete(f"rl:{scope}:{digest}:{bucket}")
