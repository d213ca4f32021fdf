"""The ``practica`` command: init, demo, serve, worker, createuser, and every Django
management command (``practica migrate``, ``practica check --deploy`` …)."""

import argparse
import getpass
import os
import sys


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    import django

    django.setup()


def cmd_init(args) -> int:
    """Create the database schema and collect static files; the secret key is created by
    settings on first use and kept in $PRACTICA_HOME/secret_key."""
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Practica is ready in {settings.PRACTICA_HOME}")
    return 0


def cmd_demo(args) -> int:
    _setup_django()
    from practica.demo.load import load_demo

    created = load_demo(if_empty=args.if_empty)
    print("Demo data loaded." if created else "Demo data already present; nothing to do.")
    return 0


# Requests a worker answers before it freezes its heap a second time (see ``_freeze_heap``).
WARM_UP_REQUESTS = 50


def _freeze_heap(_worker=None) -> None:
    """Collect garbage once, then move every object alive now out of the garbage collector's
    reach (``gc.freeze``).

    A worker holds some 100,000 long-lived objects (modules, settings, URL patterns, compiled
    templates, translation catalogs). Python's full (generation 2) collections walk all of
    them, 35–75 ms a time, and fall on whichever request happens to cross the threshold —
    the p99 outliers the benchmark saw (docs/benchmarks.md). Frozen objects are never walked
    again; they are still freed by reference counting, so nothing leaks but cycles among
    them, and they live as long as the worker does anyway. Freezing right after the fork also
    keeps the worker from writing to the pages it shares with the master.
    """
    import gc

    gc.collect()
    gc.freeze()


def _freeze_after_warm_up(worker, _request, _environ, _response) -> None:
    """Freeze again once the first requests have compiled templates, filled the URL resolvers
    and loaded the translations: those live as long as the worker too."""
    worker.practica_requests = getattr(worker, "practica_requests", 0) + 1
    if worker.practica_requests == WARM_UP_REQUESTS:
        _freeze_heap()


def cmd_serve(args) -> int:
    """Serve with gunicorn (production settings, whitenoise for static files)."""
    _setup_django()
    from gunicorn.app.base import BaseApplication

    from practica.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", args.bind)
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-" if args.access_log else None)
            self.cfg.set("timeout", 60)
            self.cfg.set("post_worker_init", _freeze_heap)
            self.cfg.set("post_request", _freeze_after_warm_up)

        def load(self):
            return application

    print(f"Practica serving on http://{args.bind} with {args.workers} worker(s)")
    Server().run()
    return 0


def cmd_worker(args) -> int:
    """Run background tasks (django-tasks-db). Several workers may run at once."""
    _setup_django()
    from django.core.management import call_command

    extra = ["--batch"] if args.batch else []
    call_command("db_worker", *extra)
    return 0


def cmd_createuser(args) -> int:
    _setup_django()
    from practica.accounts.services import user_signup
    from practica.core.errors import PracticaError

    password = args.password or os.environ.get("PRACTICA_PASSWORD")
    if not password:
        password = getpass.getpass("Password: ")
    try:
        user = user_signup(email=args.email, password=password, display_name=args.name)
    except PracticaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    if args.staff:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    print(f"Created {user.email}")
    return 0


def cmd_import_mbox(args) -> int:
    """Bring a mailing-list archive into a community (knowledge.mbox_import)."""
    _setup_django()
    from practica.knowledge.mbox_import import import_mbox_cli

    return import_mbox_cli(args)


def cmd_export(args) -> int:
    """Write a community's archive (JSON and a static site) to a zip (knowledge.archive)."""
    _setup_django()
    from practica.knowledge.archive import export_cli

    return export_cli(args)


def cmd_reindex(args) -> int:
    """Rebuild the search index from the database (knowledge.search)."""
    _setup_django()
    from practica.knowledge.search import reindex_cli

    return reindex_cli(args)


def cmd_health_refresh(args) -> int:
    """Work out today's health of every active community (health.tasks), so the first
    reading of the day is already gathered; stewards hear of a decline alert."""
    _setup_django()
    from practica.health.tasks import health_refresh_cli

    return health_refresh_cli(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practica",
        description="Practica, a platform for communities of practice. "
        "Any Django management command also works, e.g. `practica migrate`.",
    )
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("init", help="create or update the database and static files")
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("demo", help="load demo communities (idempotent)")
    p.add_argument("--if-empty", action="store_true", help="only when there are no communities")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("serve", help="serve the web app with gunicorn")
    p.add_argument("--bind", default="127.0.0.1:8000")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--access-log", action="store_true")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("worker", help="run background tasks")
    p.add_argument("--batch", action="store_true", help="exit when the queue is empty")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("createuser", help="create an account")
    p.add_argument("email")
    p.add_argument("--name", required=True, help="display name")
    p.add_argument("--password", help="else $PRACTICA_PASSWORD, else asked")
    p.add_argument("--staff", action="store_true", help="may use /admin/")
    p.set_defaults(func=cmd_createuser)
    p = sub.add_parser("import-mbox", help="import a mailing-list archive into a community")
    p.add_argument("slug", help="the community (created, public, if it does not exist)")
    p.add_argument("file", help="an mbox file or a Mailman monthly text archive")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_import_mbox)
    p = sub.add_parser("export", help="write a community's archive to a zip file")
    p.add_argument("community", help="the community's slug")
    p.add_argument("out", help="the zip file to write, e.g. archive.zip")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("reindex", help="rebuild the search index")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_reindex)
    p = sub.add_parser(
        "health-refresh", help="work out today's health of every active community (run hourly)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="first build every community's health tallies again from the activity stream",
    )
    p.set_defaults(func=cmd_health_refresh)
    return parser


OWN_COMMANDS = {
    "init",
    "demo",
    "serve",
    "worker",
    "createuser",
    "import-mbox",
    "export",
    "reindex",
    "health-refresh",
    "-h",
    "--help",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in OWN_COMMANDS:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["practica", *argv])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
