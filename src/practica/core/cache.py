"""Rendered pieces of pages kept in the cache, and the versions that retire them.

Rendering a page's lists (posts, topics, people) costs far more than reading them, so the
rendered HTML is kept and served again for as long as nothing it shows has changed. Nothing
is ever deleted: a write moves a *version* on, fragments are keyed by the versions they were
made from, and the old ones are simply no longer asked for and age out.

- Every write in a community goes through ``communities.activity.activity_record``, which
  moves that community's version on: topics, replies, thanks, edits, moderation, joins and
  departures, settings, charter and goals all retire the community's fragments at once.
- ``accounts.services.profile_update`` moves the people version on: names and profiles
  appear in every community's fragments.

A fragment's key must hold everything that changes what it shows — see ``fragment_key``:
the versions, who is looking (their role, or their relation to what is shown), the language,
the time zone and the minute, for "3 minutes ago". A fragment never holds a CSRF token:
``with_csrf`` puts the viewer's own in after it is read from the cache.

Versions are random tokens rather than counters, so a cache that is cleared, or that drops a
version to make room, draws a fresh one that no earlier fragment can match. ``FRAGMENT_SECONDS``
bounds how long a change made around the services (in the admin, say) can go unseen.
"""

import hashlib
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 600
VERSION_SECONDS = 7 * 24 * 3600
# Rendered in place of the CSRF token, and replaced by the viewer's own on the way out.
CSRF_PLACEHOLDER = "csrf-token-placeholder-1f6b0c"

_PEOPLE = "version:people"


def _community(community_id: int) -> str:
    return f"version:community:{community_id}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def versions(community_id: int) -> str:
    """The community's version and the people version, as one string for a fragment key."""
    keys = [_community(community_id), _PEOPLE]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add() keeps a token another process drew a moment ago; then read the winner.
            # Should the cache keep nothing, the fresh token still matches no old fragment.
            token = _new_token()
            cache.add(key, token, VERSION_SECONDS)
            found[key] = cache.get(key) or token
    return f"{found[keys[0]]}.{found[keys[1]]}"


def _bump(key: str) -> None:
    """Move a version on now, and again once the transaction commits.

    Now: the writer's own next page (tests included, which never commit) shows the change.
    After the commit: a page rendered by another process between the two moments, from rows
    read before the commit, was stored under the intermediate version and is retired too.
    """
    cache.set(key, _new_token(), VERSION_SECONDS)
    transaction.on_commit(lambda: cache.set(key, _new_token(), VERSION_SECONDS))


def bump_community(community_id: int) -> None:
    _bump(_community(community_id))


def bump_people() -> None:
    _bump(_PEOPLE)


def _inbox(user_id: int) -> str:
    return f"version:inbox:{user_id}"


def bump_inbox(user_ids) -> None:
    """A person's notifications changed (a new one, or read): their unread count is retired."""
    for user_id in user_ids:
        _bump(_inbox(user_id))


def inbox_version(user_id: int) -> str:
    key = _inbox(user_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, _new_token(), VERSION_SECONDS)
        token = cache.get(key) or _new_token()
    return token


def fragment_key(name: str, *parts) -> str:
    """A cache key for the fragment ``name`` as varied by ``parts``, plus the active language,
    the active time zone and the current minute, which every rendered date depends on."""
    minute = int(time.time() // 60)
    context = (translation.get_language(), timezone.get_current_timezone_name(), minute)
    digest = hashlib.sha256(repr((parts, context)).encode()).hexdigest()[:32]
    return f"fragment:{name}:{digest}"


def remembered(name: str, parts: tuple, compute: Callable[[], object]):
    """A value read from the database (a page of rows, a few ids), kept under ``name`` and
    ``parts`` — which must include the versions it depends on and everything else it varies
    with — and computed and stored if missing. It must pickle; None is never kept."""
    key = f"value:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached_render(request, key: str, template_name: str, context: Callable[[], dict]):
    """The fragment stored under ``key``; on a miss, ``template_name`` rendered with
    ``context()`` (called only then, so a hit runs none of its queries) and stored.

    The fragment is rendered with a placeholder for the CSRF token, which ``with_csrf``
    replaces by this viewer's own: a form in a shared fragment stays usable by everyone.
    """
    html = cache.get(key)
    if html is None:
        values = {**context(), "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string(template_name, values, request)
        cache.set(key, html, FRAGMENT_SECONDS)
    return with_csrf(request, html)


def with_csrf(request, html: str) -> SafeString:
    """A fragment rendered by ``cached_render``, with this request's CSRF token in its forms."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(get_token(request)))
    return mark_safe(html)  # rendered by our templates, which escaped what they had to


class FileCache(FileBasedCache):
    """Django's file-based cache, counting its files on one write in ``CULL_EVERY`` instead of
    on every write.

    Django lists the whole cache directory on each ``set`` to decide whether to cull: about
    20 ms once it holds 20,000 files, which every cold render would pay per fragment stored.
    Counting now and then lets the cache overshoot its ``MAX_ENTRIES`` by at most
    ``CULL_EVERY`` files per process, and costs a write a hundredth of a listing on average.
    """

    CULL_EVERY = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CULL_EVERY == 1:  # the first write of a process counts too
            super()._cull()
