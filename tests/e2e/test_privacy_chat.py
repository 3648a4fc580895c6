"""/mijngegevens and /vergeet on the real stack: through `intake chat --json` and through
Telegram (the real bot app against the fake Bot API), then the database is checked: the
person's conversation, messages and Rasa tracker are gone; the audit log says who and when."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.privacy.trackers import EVENTS
from bot.staff.audit import list_events
from bot.store import repo
from bot.store.db import Store
from tests.e2e.test_telegram_polling import button_data, new_chat, texts
from tests.fakes.telegram_api import BotAppProcess, FakeTelegram

pytestmark = pytest.mark.stack

CONFIRM, KEEP = "/vergeet_bevestigd", "/vergeet_niet"


def _events_of(stack, sender: str) -> int:
    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            return s.execute(select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender)).scalar_one()
    finally:
        store.dispose()


def _state(stack, channel: str, external_id: str, reference: str) -> dict:
    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            conv = repo.find_conversation(s, channel=channel, external_id=external_id)
            conv_ref = conv.reference if conv else None
            sender = conv.sender_id if conv else None
            events = s.execute(select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender)
                               ).scalar_one() if sender else 0
            erased = [e for e in list_events(s, action="erase", reference=reference)]
            return {"reference": conv_ref, "sender": sender, "events": events,
                    "erased_by": [(e.user_email, e.detail) for e in erased]}
    finally:
        store.dispose()


def test_mijngegevens_and_vergeet_in_intake_chat(stack):
    user = stack.new_user("rights")
    say = lambda text: stack.chat([{"user": user, "text": text}])[0]["replies"]  # noqa: E731
    say("/start LINDE")
    say("mijn dochter Lotte van 9 is vaak bang in bed")
    before = _state(stack, "terminal", user, "")
    assert before["events"] > 0, "Rasa's tracker exists before the erasure"

    (copy,) = say("/mijngegevens")
    document = copy["document"]
    assert document["filename"] == f"mijngegevens-{before['reference']}.txt"
    body = base64.b64decode(document["content_b64"]).decode()
    assert "Jij: mijn dochter Lotte van 9 is vaak bang in bed" in body and before["reference"] in body

    (ask,) = say("/vergeet")
    assert [b["payload"] for b in ask["buttons"]] == [CONFIRM, KEEP]
    (done,) = stack.chat([{"user": user, "button": CONFIRM}])[0]["replies"]
    assert "alles is gewist" in done["text"] and "Telegram bewaart" in done["text"]
    after = _state(stack, "terminal", user, before["reference"])
    assert after["reference"] is None
    assert _events_of(stack, before["sender"]) == 0
    assert after["erased_by"] == [("cliënt via de chat", "op verzoek via chat")]


@pytest.fixture(scope="module")
def telegram(stack, tmp_path_factory):
    fake = FakeTelegram().start()
    app = BotAppProcess(fake, stack.client_env(), tmp_path_factory.mktemp("tg-rights") / "bot-app.log").start()
    yield fake
    app.stop()
    fake.stop()


def test_mijngegevens_and_vergeet_in_telegram(stack, telegram):
    fake, chat = telegram, new_chat()
    fake.exchange(chat, lambda: fake.send_text(chat, "/start ANKER"), min_replies=2)
    fake.exchange(chat, lambda: fake.send_text(chat, "mijn zoon Ties van 14 blijft thuis van school"))
    menu = fake.calls_of("setMyCommands")[-1].params["commands"]
    assert {"vergeet", "mijngegevens"} <= {c["command"] for c in menu}

    out = fake.exchange(chat, lambda: fake.send_text(chat, "/mijngegevens"))
    (doc,) = [m for m in out if "document" in m]
    assert doc["document"]["file_name"].startswith("mijngegevens-JI-")
    assert "mijn zoon Ties van 14" in doc["_content"].decode()
    reference = doc["document"]["file_name"].removeprefix("mijngegevens-").removesuffix(".txt")
    before = _state(stack, "telegram", str(chat), reference)
    assert before["reference"] == reference and before["events"] > 0, "Rasa's tracker exists before the erasure"

    out = fake.exchange(chat, lambda: fake.send_text(chat, "/vergeet"))
    question = out[-1]
    out = fake.exchange(chat, lambda: fake.press(chat, question, button_data(question, KEEP)))
    assert texts(out) == ["Oké, ik heb niets gewist."]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/vergeet"))
    question = out[-1]
    out = fake.exchange(chat, lambda: fake.press(chat, question, button_data(question, CONFIRM)))
    assert "alles is gewist" in out[-1]["text"]
    state = _state(stack, "telegram", str(chat), reference)
    assert state["reference"] is None and state["erased_by"] == [("cliënt via de chat", "op verzoek via chat")]
    assert _events_of(stack, before["sender"]) == 0
