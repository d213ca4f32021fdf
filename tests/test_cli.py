"""The `practica` command: init creates a working database, createuser makes an account."""

import os
import sqlite3
import subprocess
import sys


def _run(args, home, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PRACTICA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.pop("DATABASE_URL", None)
    env.update({"PRACTICA_HOME": str(home), **extra})
    return subprocess.run(
        [sys.executable, "-m", "practica.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_the_commands(tmp_path):
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("init", "demo", "serve", "worker", "createuser"):
        assert command in result.stdout


def test_init_then_createuser(tmp_path):
    result = _run(["init"], tmp_path)
    assert result.returncode == 0, result.stderr
    db = tmp_path / "practica.sqlite3"
    assert db.exists()
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    result = _run(
        [
            "createuser",
            "ana@example.org",
            "--name",
            "Ana Lima",
            "--password",
            "a-long-passphrase-1",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT u.email, p.display_name FROM accounts_user u"
            " JOIN accounts_profile p ON p.user_id = u.id"
        )
        .fetchall()
    )
    assert rows == [("ana@example.org", "Ana Lima")]

    again = _run(
        ["createuser", "ANA@example.org", "--name", "Ana", "--password", "a-long-passphrase-1"],
        tmp_path,
    )
    assert again.returncode == 2 and "already exists" in again.stderr


def test_django_commands_pass_through(tmp_path):
    result = _run(["showmigrations", "accounts"], tmp_path)
    assert result.returncode == 0 and "0001_initial" in result.stdout
