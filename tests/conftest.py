"""Shared fixtures. `stack` starts the real system once per test session; `pg_stack` starts it once
more on PostgreSQL with Redis (the conversation tests run on both, see tests/conversation/conftest.py).

When a session needs both, the PostgreSQL stack starts in the background as soon as the SQLite one
does: loading a Rasa server is mostly waiting on one core for about a minute, and two load side by
side on two cores in little more time than one. Under pytest-xdist (`make test`'s stack round runs
`--dist loadgroup`) every module is one group and the modules that need the PostgreSQL stack are
one group together, so only the worker that runs them starts it, when the first of them needs it:
each worker sees every collected test, so starting it early would start it on every worker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.support.stack import Stack, start_stack, stop_stack


class _Starting:
    """A stack being started in a thread; ``result()`` waits for it (re-raising a skip or failure in
    the test that needs it), ``close()`` stops it and what it started."""

    def __init__(self, start):
        self._exit = contextlib.ExitStack()
        self._done = threading.Event()
        self._value = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(start,), name="pg-stack-start", daemon=True).start()

    def _run(self, start) -> None:
        try:
            self._value = start(self._exit)
        except BaseException as exc:  # pytest.skip/fail too: raised again where the stack is needed
            self._error = exc
        finally:
            self._done.set()

    def result(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value

    def close(self) -> None:
        self._done.wait()
        self._exit.close()


def _needs_postgres(item) -> bool:
    callspec = getattr(item, "callspec", None)
    return "pg_stack" in item.fixturenames or (callspec is not None and callspec.params.get("database") == "postgresql")


STACK_FIXTURES = {"stack", "sqlite_stack", "pg_stack", "_pg_stack_starter"}


PG_STACK_GROUP = "pg_stack"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config, items):
    """A test that uses the real system is a `stack` test even if its module forgot the marker:
    `make test` runs the tests without the mark while the Rasa model is still training. Each test
    is in its module's xdist group, and every module that needs the PostgreSQL stack in one."""
    on_postgres = {item.module.__name__ for item in items if _needs_postgres(item) and hasattr(item, "module")}
    for item in items:
        if STACK_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.stack)
        module = getattr(item, "module", None)
        if module is not None:
            item.add_marker(pytest.mark.xdist_group(PG_STACK_GROUP if module.__name__ in on_postgres else module.__name__))


@pytest.fixture(scope="session")
def _pg_stack_starter(tmp_path_factory):
    """Starts the PostgreSQL stack once, at the first call, in the background."""
    started: list[_Starting] = []

    def start() -> _Starting:
        if not started:
            from tests.support.postgres import running_postgres
            from tests.support.redis import running_redis

            data_dir = tmp_path_factory.mktemp("pg-stack")

            def run(exit: contextlib.ExitStack) -> Stack:
                pg = exit.enter_context(running_postgres("run the conversation tests on PostgreSQL"))
                redis = exit.enter_context(running_redis("run the conversation tests with Redis"))
                s = start_stack(data_dir, INTAKE_DATABASE_URL=pg.url, INTAKE_REDIS_URL=redis.url)
                exit.callback(stop_stack, s)
                s.postgres = pg
                return s

            started.append(_Starting(run))
        return started[0]

    yield start
    for s in started:
        s.close()


@pytest.fixture(scope="session")
def sqlite_stack(tmp_path_factory, request, _pg_stack_starter) -> Stack:
    if "PYTEST_XDIST_WORKER" not in os.environ and any(_needs_postgres(item) for item in request.session.items):
        _pg_stack_starter()  # loads beside this one
    s = start_stack(tmp_path_factory.mktemp("stack"))
    yield s
    stop_stack(s)


@pytest.fixture(scope="session")
def pg_stack(_pg_stack_starter) -> Stack:
    """The real system on PostgreSQL with Redis (`pg_stack.postgres` is the server, for tests that
    read its files)."""
    return _pg_stack_starter().result()


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
