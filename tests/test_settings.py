"""Settings read from the environment, the database engine in use, and deploy checks."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from practica.settings import _email_settings
from tests.conftest import running_in_ci


def test_console_mail_is_the_default():
    assert _email_settings("console")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_smtp_url_sets_host_port_credentials_and_tls():
    conf = _email_settings("smtp://ana%40org:p%2Fss@mail.example.org:587?tls=1")
    assert conf["EMAIL_HOST"] == "mail.example.org"
    assert conf["EMAIL_PORT"] == 587
    assert conf["EMAIL_HOST_USER"] == "ana@org"
    assert conf["EMAIL_HOST_PASSWORD"] == "p/ss"
    assert conf["EMAIL_USE_TLS"] is True and conf["EMAIL_USE_SSL"] is False


def test_smtps_url_uses_ssl_and_port_465():
    conf = _email_settings("smtps://mail.example.org")
    assert conf["EMAIL_PORT"] == 465 and conf["EMAIL_USE_SSL"] is True


def test_unknown_mail_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _email_settings("ftp://mail.example.org")


@pytest.mark.django_db
def test_tests_run_on_the_engine_ci_asked_for():
    """.ci/run names the engine of each pass; a silent fallback to SQLite would fail here."""
    expected = os.environ.get("PRACTICA_TEST_ENGINE")
    if not expected:
        if running_in_ci():
            pytest.fail("CI must set PRACTICA_TEST_ENGINE for each pass")
        pytest.skip("PRACTICA_TEST_ENGINE not set: engine check only runs in CI passes")
    assert connection.vendor == expected


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("WAL applies to SQLite; this pass runs on " + connection.vendor)
    # The test database is in memory (no WAL possible); check a file database with our options.
    import sqlite3

    from django.conf import settings

    path = tmp_path / "wal.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(settings.DATABASES["default"]["OPTIONS"]["init_command"])
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def _practica(args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PRACTICA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.pop("DATABASE_URL", None)
    env.update({"PRACTICA_HOME": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "practica.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _practica(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"PRACTICA_BASE_URL": "https://practice.example.org", "PRACTICA_DEBUG": "0"},
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_created_once_and_kept(tmp_path):
    first = _practica(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        {},
        tmp_path,
    )
    second = _practica(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        {},
        tmp_path,
    )
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    assert (tmp_path / "secret_key").read_text().strip() == key
