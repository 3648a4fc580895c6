"""On PostgreSQL (a server of the test's own): a scheduled job runs on one instance at a time,
and two instances claiming the same staff alerts send each once."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.support.postgres import running_postgres


@pytest.fixture(scope="module")
def pg_store(tmp_path_factory):
    from bot.config import Settings
    from bot.store.db import Store
    from bot.store.migrate import upgrade

    with running_postgres("run scheduled jobs on PostgreSQL") as pg:
        settings = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path_factory.mktemp("jobs")),
                                      "INTAKE_DATABASE_URL": pg.url, "INTAKE_SECRET_KEY": "jobs-test-key",
                                      "INTAKE_ENV": "test"})
        upgrade(settings)
        store = Store(settings)
        yield settings, store
        store.dispose()


def test_a_job_runs_on_one_instance_at_a_time_and_frees_itself(pg_store):
    from bot.scale.jobs import exclusive

    _, store = pg_store
    running, overlaps, results = [], [], []

    def job(name):
        if running:
            overlaps.append(name)
        running.append(name)
        time.sleep(0.5)
        running.remove(name)
        return name

    threads = [threading.Thread(target=lambda n=n: results.append(exclusive(store, "retention", job, n)))
               for n in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == []
    assert None in results, f"a second instance must not run it while the first does: {results}"
    assert exclusive(store, "retention", job, "d") == "d", "the lock is free again afterwards"
    assert exclusive(store, "other-job", job, "e") == "e"


async def test_two_instances_on_postgresql_send_each_staff_alert_once(pg_store):
    from bot.alerts import TelegramAlertSink
    from bot.store import repo

    settings, store = pg_store
    refs = []
    with store.session() as s:
        for i in range(20):
            conv = repo.get_or_create_conversation(s, channel="telegram", external_id=f"55{i}")
            repo.queue_staff_alert(s, conversation=conv, kind="crisis", text="x")
            refs.append(conv.reference)

    class Bot:
        def __init__(self):
            self.sent = []

        async def send_message(self, chat_id, text, **_kw):
            await asyncio.sleep(0.01)
            self.sent.append(text)

    bots = [Bot(), Bot()]
    sinks = [TelegramAlertSink(settings, store, b, "-100") for b in bots]
    sinks[1].owner = "second-instance"
    await asyncio.gather(*(sink.deliver_pending() for sink in sinks for _ in range(3)))
    sent = [t for b in bots for t in b.sent]
    assert sorted(r for r in refs for t in sent if r in t) == sorted(refs)
    assert len(sent) == len(refs)
