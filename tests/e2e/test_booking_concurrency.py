"""No double booking: 100 concurrent attempts for one slot make exactly one appointment, on
SQLite and on a real PostgreSQL server that this test starts itself (initdb + pg_ctl in a
temporary directory on a free port; as root it runs the server as the 'postgres' user).

The PostgreSQL server comes from tests/support/postgres.py (binaries from `make postgres`).
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot import outbox
from bot.booking import service as B
from bot.config import Settings
from bot.store import repo
from bot.store.db import Store
from bot.store.migrate import upgrade
from bot.store.models_booking import Appointment
from bot.store.seed import seed_demo
from tests.support.postgres import running_postgres

ATTEMPTS = 100
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture(scope="module")
def postgres_url():
    with running_postgres("test double booking on PostgreSQL") as pg:
        yield pg.url


def _settings(tmp_path, url: str) -> Settings:
    return Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_DATABASE_URL": url,
                              "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": "concurrency-test"})


def _prepared(settings: Settings) -> tuple[Store, int, str]:
    upgrade(settings)
    store = Store(settings)
    with store.session() as s:
        seed_demo(s)
        practice = repo.practice_by_code(s, code="LINDE")
        slot = B.find_slots(s, practice_id=practice.id, now=NOW, limit=1)[0]
        return store, practice.id, slot.slot_id


def _hammer(store: Store, practice_id: int, slot_id: str) -> Counter:
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(ATTEMPTS)

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            with store.session() as s:
                B.book(s, practice_id=practice_id, slot_id=slot_id, type_code="video", now=NOW)
            result = "booked"
        except B.SlotTaken:
            result = "taken"
        except Exception as exc:  # anything else is a bug the test must show
            result = f"error:{type(exc).__name__}:{exc}"[:200]
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _assert_one(store: Store, outcomes: Counter, slot_id: str) -> None:
    assert outcomes == Counter({"booked": 1, "taken": ATTEMPTS - 1}), outcomes
    worker_id, start = slot_id.split("-")[0], datetime.strptime(slot_id.split("-")[1][:-1], "%Y%m%dT%H%M")
    with store.session() as s:
        n = s.execute(select(func.count()).select_from(Appointment).where(
            Appointment.worker_id == int(worker_id), Appointment.start_utc == start)).scalar_one()
    assert n == 1


def test_100_concurrent_bookings_of_one_slot_make_one_appointment_on_sqlite(tmp_path):
    store, practice_id, slot_id = _prepared(_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}"))
    try:
        _assert_one(store, _hammer(store, practice_id, slot_id), slot_id)
    finally:
        store.dispose()


def test_100_concurrent_bookings_of_one_slot_make_one_appointment_on_postgresql(tmp_path, postgres_url):
    store, practice_id, slot_id = _prepared(_settings(tmp_path, postgres_url))
    try:
        assert store.engine.dialect.name == "postgresql"
        _assert_one(store, _hammer(store, practice_id, slot_id), slot_id)
    finally:
        store.dispose()


def test_the_unique_index_itself_refuses_a_second_booked_row_on_postgresql(tmp_path, postgres_url):
    settings = _settings(tmp_path, postgres_url)
    upgrade(settings)
    store = Store(settings)
    try:
        with store.session() as s:
            appt = s.execute(select(Appointment).where(Appointment.status == "booked")).scalars().first()
            data = {c: getattr(appt, c) for c in ("practice_id", "worker_id", "type_code", "start_utc", "end_utc")}
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError), store.session() as s:
            s.add(Appointment(status="booked", **data))
        with store.session() as s:  # a cancelled one at the same time is fine (partial index)
            s.add(Appointment(status="cancelled", **data))
    finally:
        store.dispose()


def test_two_instances_send_each_reminder_once_on_postgresql(tmp_path, postgres_url):
    settings = _settings(tmp_path, postgres_url)
    upgrade(settings)
    store = Store(settings)
    try:
        with store.session() as s:
            practice = repo.practice_by_code(s, code="ANKER")
            for i, slot in enumerate(B.find_slots(s, practice_id=practice.id, now=NOW, limit=20)):
                conv = repo.get_or_create_conversation(s, channel="terminal", external_id=f"pg-{i}")
                B.book(s, practice_id=practice.id, slot_id=slot.slot_id, type_code="telefoon",
                       conversation_id=conv.id, now=NOW)
        sent: Counter = Counter()
        lock = threading.Lock()

        def deliver(info, text):
            with lock:
                sent[info["id"]] += 1

        barrier = threading.Barrier(2)

        def instance(name):
            own = Store(settings)
            try:
                barrier.wait()
                outbox.run_once(own, deliver, owner=name, now=NOW + timedelta(weeks=9))
            finally:
                own.dispose()

        threads = [threading.Thread(target=instance, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(sent) == 20 and set(sent.values()) == {1}
    finally:
        store.dispose()
