"""Two workers cannot hold one conversation: many simultaneous "Gesprek overnemen" presses make
exactly one takeover, on SQLite and on a real PostgreSQL server this test starts itself
(tests/support/postgres.py, binaries from `make postgres`). The database decides: a partial
unique index on open takeovers."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.staffchat import takeover as T
from bot.staffchat.identity import StaffIdentity
from bot.store import repo
from bot.store.db import Store
from bot.store.migrate import upgrade
from bot.store.models import Conversation
from bot.store.models_booking import ChatOutbox
from bot.store.models_staffchat import Takeover
from bot.store.seed import seed_demo
from tests.support.postgres import running_postgres

WORKERS = 20


@pytest.fixture(scope="module")
def postgres_url():
    with running_postgres("test the takeover race on PostgreSQL") as pg:
        yield pg.url


def _race(settings: Settings) -> tuple[list, int, int]:
    upgrade(settings)
    store = Store(settings)
    try:
        with store.session() as s:
            seed_demo(s)
            conv = repo.get_or_create_conversation(s, channel="telegram", external_id="5550001")
            conv.practice_id = repo.practice_by_code(s, code="LINDE").id
            conv_id = conv.id
        barrier = threading.Barrier(WORKERS)
        results, lock = [], threading.Lock()

        def press(i: int) -> None:
            who = StaffIdentity(i, f"Worker {i}", "POH-Jeugd")
            barrier.wait()
            try:
                with store.session() as s:
                    T.take_over(s, conversation=s.get(Conversation, conv_id), who=who, pull=False)
                outcome = "won"
            except T.AlreadyTaken:
                outcome = "taken"
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=press, args=(i,)) for i in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with store.session() as s:
            open_rows = len(list(s.execute(select(Takeover).where(Takeover.ended_at.is_(None))).scalars()))
            told = len(list(s.execute(select(ChatOutbox).where(ChatOutbox.kind == "takeover_start")).scalars()))
        return results, open_rows, told
    finally:
        store.dispose()


def _settings(tmp_path, url: str) -> Settings:
    return Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_DATABASE_URL": url,
                              "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": "takeover-race-test"})


def test_simultaneous_takeovers_on_sqlite_make_one(tmp_path):
    results, open_rows, told = _race(_settings(tmp_path, f"sqlite:///{tmp_path / 'intake.db'}"))
    assert results.count("won") == 1 and results.count("taken") == WORKERS - 1
    assert open_rows == 1 and told == 1


def test_simultaneous_takeovers_on_postgresql_make_one(tmp_path, postgres_url):
    results, open_rows, told = _race(_settings(tmp_path, postgres_url))
    assert results.count("won") == 1 and results.count("taken") == WORKERS - 1
    assert open_rows == 1 and told == 1
