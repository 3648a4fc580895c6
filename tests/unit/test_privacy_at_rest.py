"""Nothing readable at rest: the migration that encrypts what was stored in plain text, Rasa's
encrypted tracker store, the data folder's permissions and the children's environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, select, text

from bot.config import Settings
from bot.privacy.trackers import EVENTS, FERNET_PREFIX
from bot.store import repo
from bot.store.crypto import generate_key
from bot.store.db import Store
from bot.store.migrate import upgrade

INTAKE = str(Path(sys.executable).parent / "intake")
ROOT = Path(__file__).resolve().parents[2]
MARKER = "zeldzaamwoordxq"


def _settings(tmp_path, key: str) -> Settings:
    return Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": key,
                              "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path / 'intake.db'}"})


def _disk_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_upgrading_an_old_database_encrypts_channel_ids_and_tracker_events_and_purges_orphans(tmp_path):
    settings = _settings(tmp_path, generate_key())
    upgrade(settings, "0004_staff")
    store = Store(settings)
    engine = create_engine(settings.database_url, future=True)
    with engine.begin() as c:  # what the previous release wrote: plain ids and plain events
        c.execute(text("INSERT INTO conversations (reference, channel, external_id, sender_id, language, flagged, "
                       "created_at, updated_at) VALUES ('JI-AAAAAA', 'telegram', '918273645', 'telegram-abc', 'nl', "
                       "0, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"))
        c.execute(text("INSERT INTO messages (conversation_id, direction, kind, body, created_at) "
                       "VALUES (1, 'in', 'text', :b, '2026-01-01 00:00:00.000000')"), {"b": store.cipher.encrypt("hallo")})
        EVENTS.create(c)
        for sender in ("telegram-abc", "telegram-left-behind-by-stop"):
            c.execute(EVENTS.insert().values(sender_id=sender, type_name="user",
                                             data=json.dumps({"event": "user", "text": f"ik heet {MARKER}"})))
    engine.dispose()
    assert MARKER.encode() in _disk_bytes(tmp_path)

    upgrade(settings)

    assert MARKER.encode() not in _disk_bytes(tmp_path)  # not in the file, its free pages or the WAL
    assert b"918273645" not in _disk_bytes(tmp_path)
    with store.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id="918273645")
        assert conv.reference == "JI-AAAAAA"
        rows = s.execute(select(EVENTS.c.sender_id, EVENTS.c.data)).all()
    assert [r.sender_id for r in rows] == ["telegram-abc"]
    assert rows[0].data.startswith(FERNET_PREFIX)
    assert MARKER in store.cipher.decrypt_text(rows[0].data)
    store.dispose()


def test_upgrading_with_the_wrong_key_refuses_and_changes_nothing(tmp_path):
    import pytest

    settings = _settings(tmp_path, generate_key())
    upgrade(settings, "0004_staff")
    store = Store(settings)
    with store.engine.begin() as c:
        c.execute(text("INSERT INTO conversations (reference, channel, external_id, sender_id, language, flagged, "
                       "created_at, updated_at) VALUES ('JI-BBBBBB', 'terminal', 'u1', 'terminal-x', 'nl', 0, "
                       "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"))
        c.execute(text("INSERT INTO messages (conversation_id, direction, kind, body, created_at) "
                       "VALUES (1, 'in', 'text', :b, '2026-01-01 00:00:00.000000')"), {"b": store.cipher.encrypt("hallo")})
    store.dispose()
    with pytest.raises(RuntimeError) as err:
        upgrade(_settings(tmp_path, generate_key()))
    assert "does not decrypt the stored transcripts" in str(err.value)
    from bot.store.migrate import current_heads

    assert current_heads(settings.database_url) == {"0004_staff"}


def test_stop_deletes_the_old_rasa_tracker(store):
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u-stop")
        EVENTS.create(s.connection(), checkfirst=True)
        s.execute(EVENTS.insert().values(sender_id=conv.sender_id, type_name="user", data="x"))
        s.execute(EVENTS.insert().values(sender_id="someone-else", type_name="user", data="y"))
        old = conv.sender_id
        repo.reset_conversation(s, conv)
        assert conv.sender_id != old
    with store.session() as s:
        assert [r.sender_id for r in s.execute(select(EVENTS.c.sender_id))] == ["someone-else"]


def test_rasa_tracker_store_encrypts_every_event_and_reads_them_back(tmp_path, monkeypatch):
    import asyncio

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.privacy.tracker_store import EncryptedSQLTrackerStore

    key = generate_key()
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INTAKE_SECRET_KEY", key)
    monkeypatch.setenv("INTAKE_ENV", "test")
    upgrade(_settings(tmp_path, key))
    domain = Domain.from_yaml("version: '3.1'\nslots:\n  name:\n    type: text\n    mappings: []\n")
    ts = EncryptedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "intake.db"))
    tracker = DialogueStateTracker.from_events("terminal-1", [UserUttered(f"ik ben {MARKER}"),
                                                              SlotSet("name", MARKER.title())], domain.slots)
    asyncio.run(ts.save(tracker))
    with ts.engine.connect() as c:
        data = [r[0] for r in c.execute(text("select data from events"))]
    assert len(data) == 2 and all(d.startswith(FERNET_PREFIX) and MARKER not in d.lower() for d in data)
    back = asyncio.run(ts.retrieve("terminal-1"))
    assert back.get_slot("name") == MARKER.title()
    assert back.latest_message.text == f"ik ben {MARKER}"
    ts.engine.dispose()

    monkeypatch.setenv("INTAKE_SECRET_KEY", generate_key())
    import pytest

    with pytest.raises(RuntimeError) as err:  # never Rasa's quiet fall-back to an in-memory store
        EncryptedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "intake.db"))
    assert "INTAKE_SECRET_KEY does not decrypt" in str(err.value)


def test_the_data_folder_is_0700_and_its_files_0600(tmp_path):
    data = tmp_path / "fresh"
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(data), "INTAKE_ENV": "development"}
    subprocess.run([INTAKE, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
    (data / "log").mkdir(mode=0o755)
    (data / "log" / "old.log").write_text("x")
    os.chmod(data / "log" / "old.log", 0o644)
    subprocess.run([INTAKE, "practices"], env=env, check=True, capture_output=True, cwd=ROOT)
    modes = {p.relative_to(data).as_posix(): p.stat().st_mode & 0o777 for p in [data, *data.rglob("*")]}
    assert modes.pop(".") == 0o700 and modes.pop("log") == 0o700
    assert modes and set(modes.values()) == {0o600}, modes
    assert "secret.key" in modes and "intake.db" in modes


def test_children_get_only_the_environment_they_need(tmp_path, monkeypatch):
    from bot.runtime import child_env

    monkeypatch.setenv("INTAKE_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("INTAKE_STAFF_PASSWORD", "een lang wachtwoord")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not for us")
    monkeypatch.setenv("INTAKE_LOG_LEVEL", "DEBUG")
    settings = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_SECRET_KEY": "k",
                                  "INTAKE_DATABASE_URL": "postgresql://intake:pw@db/intake"})
    rasa, actions, web, train = (child_env(settings, c) for c in ("rasa", "actions", "web", "train"))
    for env in (rasa, actions, web, train):
        assert "AWS_SECRET_ACCESS_KEY" not in env and "INTAKE_STAFF_PASSWORD" not in env
        assert env["INTAKE_LOG_LEVEL"] == "DEBUG" and "PATH" in env
    assert web["INTAKE_TELEGRAM_TOKEN"] == "123:abc"
    assert "INTAKE_TELEGRAM_TOKEN" not in rasa and "INTAKE_TELEGRAM_TOKEN" not in actions
    assert rasa["INTAKE_SECRET_KEY"] == "k" and "INTAKE_DATABASE_URL" not in rasa
    assert actions["INTAKE_DATABASE_URL"].endswith("@db/intake")
    assert "INTAKE_SECRET_KEY" not in train and "INTAKE_DATABASE_URL" not in train


def test_revision_ids_fit_postgresqls_alembic_version_column():
    # alembic_version.version_num is VARCHAR(32) on PostgreSQL; SQLite would not notice.
    from alembic.script import ScriptDirectory

    from bot.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    too_long = [r.revision for r in script.walk_revisions() if len(r.revision) > 32]
    assert too_long == []
