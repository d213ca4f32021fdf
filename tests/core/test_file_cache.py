"""practica.core.cache.FileCache: Django's file cache, counting its files now and then rather
than on every write."""

from practica.core.cache import FileCache


def make(tmp_path, max_entries):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_the_directory_is_listed_once_in_cull_every_writes(tmp_path, monkeypatch):
    cache = make(tmp_path, 20000)
    listings = []
    real = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real())
    for n in range(2 * FileCache.CULL_EVERY):
        cache.set(f"key-{n}", n)
    assert len(listings) == 2
    assert cache.get("key-7") == 7


def test_a_full_cache_is_still_culled(tmp_path, monkeypatch):
    monkeypatch.setattr(FileCache, "CULL_EVERY", 10)
    cache = make(tmp_path, 20)
    for n in range(60):
        cache.set(f"key-{n}", n)
    # Culls keep it near MAX_ENTRIES, overshooting by fewer than CULL_EVERY files.
    assert len(cache._list_cache_files()) < 20 + 10
