"""Fixed-window counters in the shared cache, used to slow down guessing and mail abuse.

``exceeded`` only reads, ``hit`` counts one event: sign-in counts only failures (so people
behind one address are not locked out by each other's successes), while sending mail counts
every request. With the default file cache, counts are approximate under concurrent workers;
set PRACTICA_CACHE_URL to Redis for exact ones.
"""

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, key: str, window: int) -> str:
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{bucket}"


def count(scope: str, key: str, window: int) -> int:
    return cache.get(_key(scope, key, window), 0)


def exceeded(scope: str, key: str, limit: int, window: int) -> bool:
    """True once ``limit`` events were counted for ``key`` in the current window."""
    return count(scope, key, window) >= limit


def hit(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one event; True while the caller is still within ``limit`` per ``window`` seconds."""
    cache_key = _key(scope, key, window)
    cache.add(cache_key, 0, timeout=window)
    try:
        total = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        total = 1
    return total <= limit


def reset(scope: str, key: str, window: int) -> None:
    cache.delete(_key(scope, key, window))
