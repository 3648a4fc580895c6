"""While a family waits, on Telegram: the bot app (python-telegram-bot) against our fake Bot API
and the shared stack's Rasa. The waiting-time check-in is pushed by the outbox at a frozen
moment with its three buttons, once; its answer is pressed like any button. The safety plan is
made, shown and shared with /veiligheidsplan (in the command menu)."""

from __future__ import annotations

import itertools
import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from bot.config import Settings

pytestmark = pytest.mark.stack

SKIP = ("/go_back", "/stop", "/correct", "/request_human", "/more_slots")
TYPED = [("oud", "Hij is 10"), ("merk je", "Hij slaapt slecht en is vaak boos."), ("hoop", "Tips voor thuis."),
         ("noemen", "Anna"), ("contact", "Via deze chat")]
_chat_ids = itertools.count(random.randint(3 * 10**8, 4 * 10**8))


def buttons(message: dict) -> list[dict]:
    return [row[0] for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])]


def data_of(messages: list[dict]) -> list[str]:
    return [b["callback_data"] for m in messages for b in buttons(m)]


def with_button(messages: list[dict], prefix: str) -> tuple[dict, str]:
    for m in reversed(messages):
        for b in buttons(m):
            if b["callback_data"].startswith(prefix):
                return m, b["callback_data"]
    raise AssertionError(f"no button {prefix!r} in {[data_of([m]) for m in messages]}")


@pytest.fixture(scope="module")
def store(stack, bot_app):
    from bot.store.db import Store

    s = Store(Settings.from_env(bot_app.env))
    yield s
    s.dispose()


def conversation_of(store, chat: int):
    from bot.store import repo

    with store.session() as s:
        return repo.find_conversation(s, channel="telegram", external_id=str(chat), cipher=store.cipher).id


def slot_start(data: str) -> datetime:
    slot_id = json.loads(data[len("/choose_slot"):])["slot_id"]
    return datetime.strptime(slot_id.split("-", 1)[1], "%Y%m%dT%H%MZ")


def step(fake, chat, out):
    """Answer the last question generically: a parent, the first sensible button, or typed."""
    msgs = [m for m in out if buttons(m)] or out
    for m in reversed(msgs):
        for b in buttons(m):
            if b["callback_data"].startswith("/inform_role") and "ouder" in b["callback_data"]:
                return fake.exchange(chat, lambda m=m, b=b: fake.press(chat, m, b["callback_data"]))
    for m in reversed(msgs):
        choices = [b for b in buttons(m) if not b["callback_data"].startswith(SKIP)]
        if choices:
            return fake.exchange(chat, lambda m=m, c=choices[0]: fake.press(chat, m, c["callback_data"]))
    last = out[-1].get("text", "") if out else ""
    typed = next((t for key, t in TYPED if key in last), None)
    if typed is None:
        return fake.exchange(chat, lambda: fake.send_text(chat, "Ik wil een afspraak maken"))
    return fake.exchange(chat, lambda: fake.send_text(chat, typed))


def test_checkin_pushed_once_with_buttons_and_worse_is_passed_on(bot_app, fake, store):
    from bot import outbox

    chat = next(_chat_ids)
    fake.exchange(chat, lambda: fake.send_text(chat, "/start ANKER"), min_replies=1)
    out = fake.exchange(chat, lambda: fake.send_text(chat, "hallo"), min_replies=1)
    for _ in range(40):
        if any(d.startswith("/choose_slot") for d in data_of(out)):
            break
        out = step(fake, chat, out)
    horizon = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=8)
    for _ in range(12):
        far = [d for d in data_of(out) if d.startswith("/choose_slot") and slot_start(d) > horizon]
        if far:
            break
        message, more = with_button(out, "/more_slots")
        out = fake.exchange(chat, lambda message=message, more=more: fake.press(chat, message, more))
    message = next(m for m in out if far[0] in data_of([m]))
    out = fake.exchange(chat, lambda: fake.press(chat, message, far[0]))
    message, kind = with_button(out, "/choose_appointment_type")
    fake.exchange(chat, lambda: fake.press(chat, message, kind), min_replies=2)

    from sqlalchemy import select

    from bot.store.models_booking import ChatOutbox

    conv = conversation_of(store, chat)
    with store.session() as s:
        row = s.execute(select(ChatOutbox).where(ChatOutbox.conversation_id == conv,
                                                 ChatOutbox.kind == "checkin")).scalar_one()
    settings = Settings.from_env(bot_app.env)
    before = len(fake.sent(chat))
    deliver = outbox.ChannelDelivery(settings)
    # The outbox is shared with the other tests' chats (their booked appointments have check-ins of
    # their own, some due earlier), so count what reaches this chat, not what run_once sent in all.
    outbox.run_once(store, deliver, now=row.due_utc - timedelta(minutes=5), channels=("telegram",))
    assert len(fake.sent(chat)) == before  # not before it is due
    assert outbox.run_once(store, deliver, now=row.due_utc, channels=("telegram",)) >= 1
    outbox.run_once(store, deliver, now=row.due_utc + timedelta(hours=2), channels=("telegram",))
    pushed = fake.sent(chat)[before:]
    assert len(pushed) == 1 and "Hoe gaat het nu met je kind" in pushed[0]["text"]
    assert [b["text"] for b in buttons(pushed[0])] == ["Beter", "Hetzelfde", "Slechter"]

    out = fake.exchange(chat, lambda: fake.press(chat, pushed[0], "/checkin_worse"))
    assert "Wat is er veranderd" in out[-1]["text"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "Hij is sneller boos en slaapt later"))
    message, level = with_button(out, '/checkin_level{"n":5}')
    out = fake.exchange(chat, lambda: fake.press(chat, message, level), min_replies=2)
    assert "doorgegeven" in out[0]["text"] and "113" in out[-1]["text"]

    from bot.store.models_handover import Handover

    with store.session() as s:
        h = s.execute(select(Handover).where(Handover.conversation_id == conv)).scalar_one()
        assert h.checkin_answer == "worse" and "wachttijd_slechter" in json.loads(h.flags)
    assert bot_app.alive()


def test_safety_plan_made_shown_and_shared_on_telegram(bot_app, fake, store):
    menu = next(c for c in fake.calls_of("setMyCommands") if "language_code" not in c.params)
    assert "veiligheidsplan" in [c["command"] for c in menu.params["commands"]]
    chat = next(_chat_ids)
    fake.exchange(chat, lambda: fake.send_text(chat, "/start LINDE"), min_replies=1)
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/veiligheidsplan"))
    message, start = with_button(out, "/plan_start")
    out = fake.exchange(chat, lambda: fake.press(chat, message, start))
    assert "Stap 1 van 6" in out[-1]["text"]
    answers = ["Ik slaap slecht en zeg niks meer", "Gamen met vrienden", None, "Mijn broer Tim", None,
               "Mijn kat en later de kermis"]
    for words in answers:
        if words is None:
            message, skip = with_button(out, "/plan_skip")
            out = fake.exchange(chat, lambda message=message, skip=skip: fake.press(chat, message, skip))
        else:
            out = fake.exchange(chat, lambda words=words: fake.send_text(chat, words))
    shown = "\n".join(m["text"] for m in out)
    assert "Mijn broer Tim" in shown and "0800-0113" in shown and "0800-0432" in shown
    message, share = with_button(out, "/plan_share")
    out = fake.exchange(chat, lambda: fake.press(chat, message, share))
    assert "gedeeld" in out[-1]["text"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/veiligheidsplan"), min_replies=2)
    assert "Gamen met vrienden" in out[0]["text"] and "/plan_unshare" in data_of(out)

    from bot.waiting import plan as P

    with store.session() as s:
        state = P.state_of(P.row_of(s, conversation_of(store, chat)), store.cipher)
    assert state.shared and state.content["contacts"] == "Mijn broer Tim"
