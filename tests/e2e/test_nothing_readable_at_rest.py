"""A whole intake through the real stack (Rasa server with the encrypted tracker store, action
server, bot app), then every file in the data folder is searched for what the person wrote: a
rare word, their name, their phone number and their channel id. On SQLite (the session's stack:
database, WAL, logs, generated files) and on PostgreSQL (a stack of its own on a server this
test starts; the server's files, WAL included, are searched after a CHECKPOINT).

Each search has a positive control, so it cannot pass by looking in the wrong place: the
conversation's reference (stored in plain text on purpose) must be found by the same search,
and Rasa's tracker for the conversation must exist, encrypted.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.privacy.trackers import EVENTS, FERNET_PREFIX
from bot.store import repo
from bot.store.db import Store
from tests.conversation.test_intake import PARENT, Person
from tests.support.postgres import running_postgres
from tests.support.stack import start_stack, stop_stack

pytestmark = pytest.mark.stack


def _word(n: int = 10) -> str:
    return "".join(random.choice(string.ascii_lowercase) for _ in range(n))


def _files_containing(folder: Path, needles: dict[str, str]) -> dict[str, list[str]]:
    """For each needle, the files under ``folder`` that hold it (case-insensitive)."""
    found: dict[str, list[str]] = {name: [] for name in needles}
    wanted = {name: value.lower().encode() for name, value in needles.items()}
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            data = path.read_bytes().lower()
        except (PermissionError, FileNotFoundError):
            continue
        for name, needle in wanted.items():
            if needle in data:
                found[name].append(str(path.relative_to(folder)))
    return found


def _full_intake(stack) -> tuple[Person, dict[str, str]]:
    marker = "zq" + _word()
    name = "Brecht" + _word(6)
    # A Dutch mobile number (06-1… to 06-5…; others fail the number check).
    digits = "6" + random.choice("12345") + "".join(random.choice(string.digits) for _ in range(7))
    answers = {**PARENT, "impact": f"hij praat alleen nog over {marker} en komt zijn kamer bijna niet uit",
               "hope": f"dat hij weer zin heeft in {marker} en school", "name": name, "contact": f"0{digits[:1]} {digits[1:]}"}
    person = Person(stack, answers, "atrest")
    person.say("/start LINDE")
    person.run([f"mijn zoon van 13 durft al drie weken niet naar school en zegt steeds {marker}"])
    assert person.finished
    return person, {"marker": marker, "name": name, "phone": digits, "channel id": person.user}


def _check_stored_encrypted(stack, person: Person, secrets: dict[str, str]) -> tuple[str, str]:
    """What was said is stored (and readable with the key); Rasa's tracker is encrypted."""
    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            conv = repo.find_conversation(s, channel="terminal", external_id=person.user)
            lines = repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)
            events = s.execute(select(EVENTS.c.data).where(EVENTS.c.sender_id == conv.sender_id)).scalars().all()
            reference, sender = conv.reference, conv.sender_id
            from bot.intake.repo import answers_of, list_handovers

            answers = [answers_of(h, cipher=store.cipher) for h in list_handovers(s)
                       if h.conversation_id == conv.id]
    finally:
        store.dispose()
    assert any(secrets["marker"] in line.text for line in lines)
    assert answers and answers[0]["name"] == secrets["name"]
    assert len(events) > 20 and all(e.startswith(FERNET_PREFIX) for e in events)
    return reference, sender


def _assert_nowhere(folder: Path, secrets: dict[str, str], reference: str) -> None:
    found = _files_containing(folder, {**secrets, "reference (control)": reference})
    control = found.pop("reference (control)")
    assert control, f"the search found the plain-text reference nowhere under {folder}: it searched the wrong place"
    assert found == {name: [] for name in secrets}, found


def test_a_full_intake_leaves_nothing_readable_in_the_sqlite_data_folder(stack):
    person, secrets = _full_intake(stack)
    reference, _ = _check_stored_encrypted(stack, person, secrets)
    person.say("/stop")
    _assert_nowhere(stack.data_dir, secrets, reference)
    # The search covered the database (and its WAL while one exists), every log and generated file.
    files = {p.name for p in stack.data_dir.rglob("*") if p.is_file()}
    assert {"intake.db", "rasa.log", "actions.log", "web.log", "endpoints.yml", "intake-run.log"} <= files


def test_a_full_intake_leaves_nothing_readable_on_postgresql(tmp_path):
    with running_postgres("test encryption at rest on PostgreSQL") as pg:
        stack = start_stack(tmp_path, INTAKE_DATABASE_URL=pg.url)
        try:
            person, secrets = _full_intake(stack)
            reference, _ = _check_stored_encrypted(stack, person, secrets)
            person.say("/stop")
            pg.execute("CHECKPOINT")  # everything the server holds in memory is now in its files
            _assert_nowhere(pg.data_dir, secrets, reference)
            _assert_nowhere_but_logs(tmp_path, secrets)
        finally:
            stop_stack(stack)


def _assert_nowhere_but_logs(folder: Path, secrets: dict[str, str]) -> None:
    """The app's own data folder on PostgreSQL holds logs and generated files only."""
    found = _files_containing(folder, secrets)
    assert found == {name: [] for name in secrets}, found
