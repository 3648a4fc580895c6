"""A whole intake through the real stack (Rasa server with the encrypted tracker store, action
server, bot app), then a call-back request with a phone number and a support worker who takes
the conversation over and writes to the person, who answers the worker. Every file in the data
folder is then searched for what the person wrote (a rare word in the intake and one in the
answer to the worker), their name, both phone numbers, their channel id and a rare word the
worker wrote: while the conversation's Rasa tracker is live, and again after /stop. On SQLite
(the session's stack: database, WAL, logs, generated files) and on PostgreSQL (the session's
PostgreSQL stack, the one the conversation tests also run on, with Redis: the server's files, WAL
included, are searched after a CHECKPOINT, and the stack's own folder, which holds only logs and
generated files; Redis keeps nothing on disk, it runs with --save "" and no append-only file).

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
from bot.staffchat import callback
from bot.staffchat import messages as M
from bot.staffchat import takeover as T
from bot.staffchat.identity import StaffIdentity
from bot.store import repo
from bot.store.db import Store
from tests.conversation.test_intake import PARENT, Person

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


def _mobile() -> str:
    """A Dutch mobile number without its 0 (06-1… to 06-5…; others fail the number check)."""
    return "6" + random.choice("12345") + "".join(random.choice(string.digits) for _ in range(7))


def _full_intake(stack) -> tuple[Person, dict[str, str]]:
    marker = "zq" + _word()
    name = "Brecht" + _word(6)
    digits = _mobile()
    answers = {**PARENT, "impact": f"hij praat alleen nog over {marker} en komt zijn kamer bijna niet uit",
               "hope": f"dat hij weer zin heeft in {marker} en school", "name": name, "contact": f"0{digits[:1]} {digits[1:]}"}
    person = Person(stack, answers, "atrest")
    try:
        person.say("/start LINDE")
        person.run([f"mijn zoon van 13 durft al drie weken niet naar school en zegt steeds {marker}"])
    except BaseException:
        person.close()
        raise
    assert person.finished
    return person, {"marker": marker, "name": name, "phone": digits, "channel id": person.user}


def _staff_chat(stack, person: Person) -> dict[str, str]:
    """A call-back request with a phone number; a worker takes over and writes; the person answers."""
    worker_word, answer_word, phone = "zw" + _word(), "zx" + _word(), _mobile()
    sanne = StaffIdentity(1, "Sanne de Vries", "POH-Jeugd")
    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            conv = repo.find_conversation(s, channel="terminal", external_id=person.user)
            outcome = callback.request(s, conversation=conv, text=f"bel me maar op 0{phone}")
            assert outcome.created and outcome.phone_digits, outcome
            T.take_over(s, conversation=conv, who=sanne, pull=True)
            M.send(s, conversation=conv, who=sanne, text=f"Hoi, ik lees over {worker_word}. Hoe gaat het nu?")
    finally:
        store.dispose()
    replies = person.say(f"nog steeds veel {answer_word} thuis")
    shown = "\n".join(r["text"] for r in replies)
    assert worker_word in shown, "the worker's message reached the person"
    return {"worker's word": worker_word, "answer to the worker": answer_word, "call-back phone": phone}


def _check_stored_encrypted(stack, person: Person, secrets: dict[str, str]) -> tuple[str, str]:
    """What was said is stored (and readable with the key), the worker's lines and the call-back
    number too; Rasa's tracker is encrypted."""
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
            requests = callback.requests_for(s, conversation_id=conv.id, cipher=store.cipher)
    finally:
        store.dispose()
    assert any(secrets["marker"] in line.text for line in lines)
    assert any(secrets["worker's word"] in line.text and line.author for line in lines)
    assert any(secrets["answer to the worker"] in line.text for line in lines)
    assert [r.phone.replace(" ", "") for r in requests] == ["0" + secrets["call-back phone"]]
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
    try:
        secrets.update(_staff_chat(stack, person))
        reference, _ = _check_stored_encrypted(stack, person, secrets)
        _assert_nowhere(stack.data_dir, secrets, reference)  # Rasa's tracker of the intake is live
        person.say("/stop")
        _assert_nowhere(stack.data_dir, secrets, reference)
    finally:
        person.close()
    # The search covered the database (and its WAL while one exists), every log and generated file.
    files = {p.name for p in stack.data_dir.rglob("*") if p.is_file()}
    assert {"intake.db", "rasa.log", "actions.log", "web.log", "endpoints.yml", "intake-run.log"} <= files


def test_a_full_intake_leaves_nothing_readable_on_postgresql(pg_stack):
    stack, pg = pg_stack, pg_stack.postgres
    person, secrets = _full_intake(stack)
    try:
        secrets.update(_staff_chat(stack, person))
        reference, _ = _check_stored_encrypted(stack, person, secrets)
        pg.execute("CHECKPOINT")  # everything the server holds in memory is now in its files
        _assert_nowhere(pg.data_dir, secrets, reference)  # Rasa's tracker of the intake is live
        person.say("/stop")
        pg.execute("CHECKPOINT")
        _assert_nowhere(pg.data_dir, secrets, reference)
    finally:
        person.close()
    _assert_nowhere_but_logs(stack.data_dir, secrets)


def _assert_nowhere_but_logs(folder: Path, secrets: dict[str, str]) -> None:
    """The app's own data folder on PostgreSQL holds logs and generated files only."""
    found = _files_containing(folder, secrets)
    assert found == {name: [] for name in secrets}, found
