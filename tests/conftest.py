"""Shared fixtures. `stack` starts the real system once per test session."""

from __future__ import annotations

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


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Settings for unit tests: a temporary data dir and SQLite database."""
    from bot.config import Settings

    env = {
        "INTAKE_DATA_DIR": str(tmp_path),
        "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path / 'intake.db'}",
        "INTAKE_SECRET_KEY": "unit-test-secret",
        "INTAKE_ENV": "test",
    }
    return Settings.from_env(env)


@pytest.fixture
def store(settings):
    """A migrated, empty database."""
    from bot.store.db import Store
    from bot.store.migrate import upgrade

    upgrade(settings)
    s = Store(settings)
    yield s
    s.dispose()
