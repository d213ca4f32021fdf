"""The gunicorn hooks of ``practica serve``: each worker freezes its long-lived heap once the
application is loaded and again after its first requests, so full garbage collections stop
walking it (docs/benchmarks.md, "The p99 outliers")."""

import gc

from practica import cli


class Worker:
    """Stands in for a gunicorn worker: the hooks only keep a count on it."""


def test_a_worker_freezes_its_heap_when_it_starts(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    cli._freeze_heap(Worker())
    assert calls == ["collect", "freeze"]


def test_and_once_more_after_its_warm_up_requests(monkeypatch):
    frozen = []
    monkeypatch.setattr(gc, "collect", lambda: None)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    worker = Worker()
    for _ in range(cli.WARM_UP_REQUESTS - 1):
        cli._freeze_after_warm_up(worker, None, {}, None)
    assert frozen == []
    for _ in range(3 * cli.WARM_UP_REQUESTS):
        cli._freeze_after_warm_up(worker, None, {}, None)
    assert frozen == [1]


def test_gunicorn_accepts_the_hooks():
    from gunicorn.config import Config

    config = Config()
    config.set("post_worker_init", cli._freeze_heap)
    config.set("post_request", cli._freeze_after_warm_up)
    assert config.post_worker_init is cli._freeze_heap
