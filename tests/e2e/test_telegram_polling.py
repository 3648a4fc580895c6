"""The Telegram channel end to end, in long-polling mode.

The real bot app (uvicorn + python-telegram-bot) runs as a process against our fake Bot API
server on loopback and the shared stack's real Rasa server and action server.
"""

from __future__ import annotations

import itertools
import random
import time

import httpx
import pytest

from bot.config import Settings
from tests.fakes.telegram_api import BotAppProcess, FakeTelegram
from tests.support.stack import free_port

pytestmark = pytest.mark.stack

ROLE_PARENT = '/inform_role{"role":"ouder"}'
TOPIC_UPBRINGING = '/inform_topic{"topic":"opvoeding"}'
SORRY = "Sorry, er gaat nu iets mis"
_chat_ids = itertools.count(random.randint(10**8, 2 * 10**8))


def new_chat() -> int:
    return next(_chat_ids)


def texts(messages: list[dict]) -> list[str]:
    return [m.get("text", "") for m in messages]


def buttons(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [row[0] for row in markup.get("inline_keyboard", [])]


def button_data(message: dict, payload: str) -> str:
    for b in buttons(message):
        if b["callback_data"] == payload:
            return b["callback_data"]
    raise AssertionError(f"no button {payload!r} in {buttons(message)}")


def test_polling_starts_with_menus_in_dutch_and_english(bot_app, fake):
    calls = fake.calls_of("setMyCommands")
    assert len(calls) >= 2
    nl = next(c for c in calls if "language_code" not in c.params)
    en = next(c for c in calls if c.params.get("language_code") == "en")
    # The core's commands first, then those the features registered (booking: /afspraak).
    assert [c["command"] for c in nl.params["commands"]][:5] == ["start", "help", "stop", "privacy", "taal"]
    assert "afspraak" in [c["command"] for c in nl.params["commands"]]
    assert [c["command"] for c in en.params["commands"]] == [c["command"] for c in nl.params["commands"]]
    assert nl.params["commands"][0]["description"] == "Begin een gesprek"
    assert fake.calls_of("deleteWebhook"), "polling mode removes a webhook first"
    polls = fake.calls_of("getUpdates")
    assert any(float(c.params.get("timeout", 0)) >= 5 for c in polls), "long polling uses a timeout"


def test_whole_parent_conversation_with_buttons(bot_app, fake):
    chat = new_chat()
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/start LINDE"), min_replies=2)
    assert "Huisartsenpraktijk De Linde" in out[0]["text"]
    assert "computerprogramma" in out[0]["text"]
    role_question = out[-1]
    assert role_question["text"] == "Voor wie schrijf je?"
    assert [b["text"] for b in buttons(role_question)][0] == "Ik ben ouder of verzorger"
    assert any(c.params.get("chat_id") == str(chat) and c.params.get("action") == "typing"
               for c in fake.calls_of("sendChatAction")), "a typing indicator while Rasa works"

    press = fake.press(chat, role_question, button_data(role_question, ROLE_PARENT))
    out = fake.exchange(chat, lambda: None)
    topic_question = out[-1]
    assert topic_question["text"] == "Waar gaat het over?"
    assert [b["text"] for b in buttons(topic_question)] == ["Opvoeding", "Angst of piekeren", "School", "Iets anders"]
    answered = [c for c in fake.calls_of("answerCallbackQuery")
                if c.params["callback_query_id"] == press["callback_query"]["id"]]
    assert len(answered) == 1
    old = next(m for m in fake.sent(chat) if m["message_id"] == role_question["message_id"])
    assert "reply_markup" not in old, "the keyboard of the answered message is removed"

    fake.press(chat, topic_question, button_data(topic_question, TOPIC_UPBRINGING))
    out = fake.exchange(chat, lambda: None)
    assert texts(out)[-1] == "Hoe oud is je kind?", "the topic starts the intake"
    out = fake.exchange(chat, lambda: fake.send_text(chat, "Ze is 9"))
    assert out and all(SORRY not in t and "Hoe oud" not in t for t in texts(out)), "the next intake question"
    assert bot_app.alive()


def test_menu_commands_help_privacy_taal_stop(bot_app, fake):
    chat = new_chat()
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/help"))
    assert "automatische assistent" in out[0]["text"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/privacy"))
    assert "geheim" in out[0]["text"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/taal"))
    # Dutch and English carry the conversation; the four first-contact languages offer an interpreter.
    assert [b["text"] for b in buttons(out[-1])] == ["Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/stop"))
    assert "gestopt met dit gesprek" in out[0]["text"]
    out = fake.exchange(chat, lambda: fake.send_text(chat, "hallo"), min_replies=2)
    assert out[-1]["text"] == "Voor wie schrijf je?", "after /stop a new conversation starts"


def test_double_press_and_unknown_button_get_a_kind_note(bot_app, fake):
    chat = new_chat()
    out = fake.exchange(chat, lambda: fake.send_text(chat, "/start"), min_replies=2)
    role_question = out[-1]
    data = button_data(role_question, ROLE_PARENT)
    fake.exchange(chat, lambda: fake.press(chat, role_question, data))
    # The client still showed the old keyboard: the same button once more.
    out = fake.exchange(chat, lambda: fake.press(chat, role_question, data))
    assert texts(out) == ["Die knop werkt niet meer. Kies een knop bij mijn laatste bericht, of typ gewoon je antwoord."]
    # A short id the server no longer knows (e.g. from before a restart).
    topic_question = fake.sent(chat)[-1]
    out = fake.exchange(chat, lambda: fake.press(chat, topic_question, "k:forgotten"))
    assert "Die knop werkt niet meer" in out[0]["text"]
    assert len(fake.calls_of("answerCallbackQuery")) >= 3, "every press is answered"
    assert bot_app.alive()


@pytest.mark.parametrize("kind", ["voice", "photo", "sticker", "video", "document", "location", "contact"])
def test_non_text_message_gets_please_type(bot_app, fake, kind):
    chat = new_chat()
    out = fake.exchange(chat, lambda: fake.send_kind(chat, kind))
    assert texts(out) == ["Ik kan alleen getypte berichten lezen. Wil je in een paar woorden typen wat je wilt vragen?"]
    assert bot_app.alive()


def test_edited_message_gets_a_note_and_the_conversation_goes_on(bot_app, fake):
    chat = new_chat()
    first = {}
    out = fake.exchange(chat, lambda: first.update(fake.send_text(chat, "hallo")), min_replies=2)
    assert out[-1]["text"] == "Voor wie schrijf je?"
    out = fake.exchange(chat, lambda: fake.edit(first, "hallo daar"))
    assert "bericht aangepast" in out[0]["text"]
    out = fake.exchange(chat, lambda: fake.press(chat, fake.sent(chat)[-2], ROLE_PARENT))
    assert out[-1]["text"].startswith("Bij welke huisartsenpraktijk"), "no practice code: it is asked first"


def test_edit_that_adds_danger_gets_the_help_lines(bot_app, fake):
    chat = new_chat()
    first = {}
    fake.exchange(chat, lambda: first.update(fake.send_text(chat, "hoi")), min_replies=2)
    out = fake.exchange(chat, lambda: fake.edit(first, "ik wil niet meer leven"))
    assert any("113" in t for t in texts(out))


def test_very_long_and_emoji_only_messages_are_fine(bot_app, fake):
    chat = new_chat()
    long_text = ("Mijn zoon van tien wil 's ochtends niet naar school en huilt dan veel. " * 60)[:4000]
    out = fake.exchange(chat, lambda: fake.send_text(chat, long_text))
    assert out and all(SORRY not in t for t in texts(out))
    out = fake.exchange(chat, lambda: fake.send_text(chat, "😀🙈👍🏽"))
    assert out and all(SORRY not in t for t in texts(out))
    assert httpx.get(f"{bot_app.url}/healthz").status_code == 200


def test_group_chat_is_told_once_and_left(bot_app, fake):
    group = -(10**12) - new_chat()
    out = fake.exchange(group, lambda: fake.group_message(group, "hallo bot"))
    assert len(out) == 1 and "privégesprek" in out[0]["text"]
    fake.wait_for(lambda: [c for c in fake.calls_of("leaveChat") if c.params["chat_id"] == str(group)],
                  what="leaveChat")
    fake.group_message(group, "nog een keer")
    fake.wait_for(lambda: fake.pending_updates() == 0, what="the update to be fetched")
    supergroup = -(10**12) - new_chat()
    out = fake.exchange(supergroup, lambda: fake.group_message(supergroup, "hoi", chat_type="supergroup"))
    assert "privégesprek" in out[0]["text"]
    time.sleep(1.5)
    assert len(fake.sent(group)) == 1, "said once, not for every message"


def test_flood_gets_one_polite_message_and_the_bot_stays_up(bot_app, fake):
    chat = new_chat()
    before = len(fake.sent(chat))
    for i in range(14):
        fake.send_text(chat, f"bericht {i}")
    fake.wait_for(lambda: any("veel berichten" in t for t in texts(fake.sent(chat))), what="flood note")
    time.sleep(3)
    notes = [t for t in texts(fake.sent(chat)[before:]) if "veel berichten" in t]
    assert len(notes) == 1
    # Still inside the flood window: a message that needs the help lines is never dropped.
    fake.send_text(chat, "ik wil niet meer leven")
    fake.wait_for(lambda: any("Ben je nu veilig?" in t for t in texts(fake.sent(chat)[before:])),
                  timeout=60, what="the crisis reply")
    assert bot_app.alive()
    time.sleep(10)  # the 10 s window passes
    # Answered again (a sticker: its answer does not depend on where the dialogue is).
    out = fake.exchange(chat, lambda: fake.send_kind(chat, "sticker"))
    assert "typen" in out[-1]["text"]


def test_error_in_a_handler_is_logged_with_update_id_and_the_user_gets_help_lines(bot_app, fake):
    chat = new_chat()
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    update = {}
    out = fake.exchange(chat, lambda: update.update(fake.send_text(chat, "ik heb een vraag over slapen")))
    assert SORRY in out[-1]["text"] and "113" in out[-1]["text"]
    log = fake.wait_for(lambda: f"update_id={update['update_id']}" in bot_app.log() and bot_app.log(),
                        what="the error log line")
    assert "error=BadRequest" in log
    assert "slapen" not in log, "message text never appears in the log"
    assert bot_app.alive()


def test_the_bot_app_log_never_contains_message_text(bot_app):
    log = bot_app.log()
    assert "handled channel=telegram" in log
    for phrase in ("Ze is 9", "hallo daar", "Mijn zoon", "bericht 3", "niet meer leven", "slapen", "😀"):
        assert phrase not in log


@pytest.fixture
def own_fake():
    """A fake of its own for a test that runs a second bot app: two pollers would share updates."""
    f = FakeTelegram().start()
    yield f
    f.stop()


def test_inbound_message_is_stored_even_when_rasa_is_down(stack, own_fake, tmp_path):
    fake = own_fake
    from bot.store import repo
    from bot.store.db import Store

    env = stack.client_env(INTAKE_RASA_URL=f"http://127.0.0.1:{free_port()}")
    app = BotAppProcess(fake, env, tmp_path / "bot-dead-rasa.log").start()
    try:
        chat = new_chat()
        out = fake.exchange(chat, lambda: fake.send_text(chat, "mijn dochter slaapt slecht"))
        # Telegram keeps a message that finds no Rasa and answers it when Rasa is back
        # (docs/scaling.md); a crisis message still gets the card at once (the screen runs first).
        assert "Eén moment" in out[-1]["text"] and "je krijgt zo antwoord" in out[-1]["text"]
        assert app.alive()
    finally:
        app.stop()
    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
            lines = repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)
    finally:
        store.dispose()
    assert [(x.direction, x.text) for x in lines if x.direction == "in"] == [("in", "mijn dochter slaapt slecht")]


def test_conversation_continues_after_a_restart(stack, own_fake, tmp_path):
    fake = own_fake
    log_path = tmp_path / "bot-restart.log"
    chat = new_chat()
    app = BotAppProcess(fake, stack.client_env(), log_path).start()
    try:
        out = fake.exchange(chat, lambda: fake.send_text(chat, "/start ANKER"), min_replies=2)
        assert "Gezondheidscentrum Het Anker" in out[0]["text"]
        role_question = out[-1]
    finally:
        assert app.stop() is not None
    app = BotAppProcess(fake, stack.client_env(), log_path).start()
    try:
        # A button from before the restart still works and the dialogue goes on from there.
        out = fake.exchange(chat, lambda: fake.press(chat, role_question, ROLE_PARENT))
        assert out[-1]["text"] == "Waar gaat het over?"
        # The practice chosen before the restart is still known: its own worker title.
        out = fake.exchange(chat, lambda: fake.send_text(chat, "/help"))
        assert "Specialist Ondersteuner Jeugd (SOJ)" in out[0]["text"]
    finally:
        app.stop()
