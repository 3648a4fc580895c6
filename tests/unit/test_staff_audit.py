"""The NEN 7513 audit log is append-only: in the ORM, and in SQLite and PostgreSQL themselves."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from bot.staff.audit import Actor, AuditLogIsAppendOnly, as_dict, list_events, record
from bot.store.models_staff import AuditEvent

ACTOR = Actor(7, "sanne@delinde.example", "LINDE", "10.0.0.1")


def _one_event(store) -> int:
    with store.session() as s:
        row = record(s, actor=ACTOR, action="view", object_type="handover", object_id=3,
                     reference="JI-ABCDEF", practice_code="LINDE", detail="bekeken")
        s.flush()
        return row.id


def test_an_event_says_what_when_whose_data_which_user_and_on_whose_behalf(store):
    _one_event(store)
    with store.session() as s:
        (event,) = list_events(s)
        data = as_dict(event)
    assert data["action"] == "view" and data["object_type"] == "handover" and data["object_id"] == "3"
    assert data["reference"] == "JI-ABCDEF" and data["practice"] == "LINDE"
    assert data["user"] == "sanne@delinde.example" and data["user_id"] == 7
    assert data["on_behalf_of"] == "LINDE"
    assert data["at"].endswith("Z")


def test_the_orm_refuses_to_change_or_delete_an_event(store):
    event_id = _one_event(store)
    with pytest.raises(AuditLogIsAppendOnly), store.session() as s:
        s.get(AuditEvent, event_id).detail = "anders"
    with pytest.raises(AuditLogIsAppendOnly), store.session() as s:
        s.delete(s.get(AuditEvent, event_id))
    with store.session() as s:
        assert s.get(AuditEvent, event_id).detail == "bekeken"


def test_sqlite_triggers_reject_update_and_delete_in_plain_sql(store):
    event_id = _one_event(store)
    for statement in ("UPDATE staff_audit SET detail = 'x'", "DELETE FROM staff_audit"):
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    with store.session() as s:
        assert s.get(AuditEvent, event_id).detail == "bekeken"


def test_filters_by_user_reference_and_action(store):
    _one_event(store)
    with store.session() as s:
        record(s, actor=Actor(8, "kees@delinde.example"), action="export", reference="JI-QQQQQQ")
    with store.session() as s:
        assert [e.action for e in list_events(s, user_email="KEES@delinde.example")] == ["export"]
        assert [e.action for e in list_events(s, reference="ji-abcdef")] == ["view"]
        assert len(list_events(s, action="view")) == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postgres_url():
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries are not installed")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            pytest.skip("running as root without a postgres user")
        as_user = ["runuser", "-u", "postgres", "--"]
    # Not pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="staff-pg-"))
    os.chmod(base, 0o755)
    data = base / "pg"
    data.mkdir()
    if as_user:
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run([*as_user, initdb, "-D", str(data), "--auth=trust", "-U", "postgres"],
                   check=True, capture_output=True)
    subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(data / "log"), "-w", "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        time.sleep(0.2)
        shutil.rmtree(base, ignore_errors=True)


def test_postgresql_triggers_reject_update_delete_and_truncate(postgres_url, settings):
    from bot.store.db import Store
    from bot.store.migrate import upgrade

    pg = settings.with_overrides(database_url=postgres_url)
    upgrade(pg)
    store = Store(pg)
    try:
        event_id = _one_event(store)
        for statement in ("UPDATE staff_audit SET detail = 'x'", "DELETE FROM staff_audit",
                          "TRUNCATE staff_audit"):
            with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as conn:
                conn.execute(text(statement))
        with store.session() as s:
            assert s.get(AuditEvent, event_id).detail == "bekeken"
            assert len(list_events(s)) == 1
    finally:
        store.dispose()
