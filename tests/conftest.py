"""Shared fixtures. `stack` starts the real system once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.stack import Stack, start_stack, stop_stack


@pytest.fixture(scope="session")
def sqlite_stack(tmp_path_factory) -> Stack:
    s = start_stack(tmp_path_factory.mktemp("stack"))
    yield s
    stop_stack(s)


@pytest.fixture(scope="session")
def stack(sqlite_stack) -> Stack:
    """The real system on SQLite (tests/conversation also runs on PostgreSQL: see its conftest)."""
    return sqlite_stack


def _unit_env(folder: Path) -> dict[str, str]:
    return {
        "INTAKE_DATA_DIR": str(folder),
        "INTAKE_DATABASE_URL": f"sqlite:///{folder / 'intake.db'}",
        "INTAKE_SECRET_KEY": "unit-test-secret",
        "INTAKE_ENV": "test",
    }


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Settings for unit tests: a temporary data dir and SQLite database."""
    from bot.config import Settings

    return Settings.from_env(_unit_env(tmp_path))


@pytest.fixture(scope="session")
def _migrated_database(tmp_path_factory) -> Path:
    """One empty database migrated to the head, once per session. Migrating takes 1.5-2.5 s of wall
    time per database on these disks (an fsync per revision), and a few hundred tests want an empty
    one; each gets a copy of this file instead. The chain itself is tested by test_store.py,
    test_privacy_at_rest.py and every stack start (`intake db upgrade`)."""
    from bot.config import Settings
    from bot.store.migrate import upgrade

    folder = tmp_path_factory.mktemp("migrated")
    upgrade(Settings.from_env(_unit_env(folder)))
    assert not (folder / "intake.db-wal").exists()  # all of it is in the file the tests copy
    return folder / "intake.db"


@pytest.fixture
def store(settings, _migrated_database):
    """A migrated, empty database (a copy of the session's migrated one, made with the same settings)."""
    from bot.store.db import Store

    shutil.copyfile(_migrated_database, settings.database_url.split(":///", 1)[-1])
    s = Store(settings)
    yield s
    s.dispose()
