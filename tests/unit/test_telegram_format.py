"""Pure helpers of the Telegram channel, tested offline (updates built with Update.de_json)."""

from __future__ import annotations

import time

import pytest
from telegram import Bot, Update

from bot.channels.telegram import message_kind
from bot.channels.telegram_format import (
    MAX_CALLBACK_BYTES,
    CallbackStore,
    FloodLimiter,
    PressedMessages,
    escape,
    html_message,
    keyboard,
    split_text,
    strip_bot_mention,
    utf16_len,
)
from bot.replies import Button

SENTENCE = "Dit is een rustige zin over slapen en school. "


def test_short_text_is_one_part():
    assert split_text("Hoi!") == ["Hoi!"]


def test_long_text_is_split_at_sentence_ends_within_the_limit():
    text = SENTENCE * 250  # ~11,500 characters
    parts = split_text(text)
    assert len(parts) == 3
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert all(p.rstrip().endswith(".") for p in parts)
    assert " ".join(parts).split() == text.split()


def test_split_prefers_a_paragraph_break():
    text = "A" * 10 + ". " + "B" * 3000 + "\n\n" + "C. " * 600
    parts = split_text(text)
    assert parts[0] == "A" * 10 + ". " + "B" * 3000
    assert all(utf16_len(p) <= 4096 for p in parts)


def test_split_counts_emoji_as_telegram_does():
    text = "😀" * 3000  # 6000 UTF-16 units, no spaces
    parts = split_text(text)
    assert len(parts) == 2
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert "".join(parts) == text


def test_one_endless_word_is_cut_hard():
    parts = split_text("x" * 9000)
    assert [len(p) for p in parts] == [4096, 4096, 808]


def test_escape_and_html_message_escape_user_text():
    assert escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert html_message("<b>{name}</b>", name="<i>x</i> & co") == "<b>&lt;i&gt;x&lt;/i&gt; &amp; co</b>"


def test_short_payload_is_its_own_callback_data():
    store = CallbackStore()
    payload = '/inform_role{"role":"ouder"}'
    assert store.encode(payload) == payload
    assert store.decode(payload) == payload


def test_long_payload_gets_a_short_id_that_maps_back():
    store = CallbackStore()
    payload = '/inform_slot{"slot":"2026-11-24T14:00:00+01:00","worker":"Specialist Ondersteuner Jeugd"}'
    assert len(payload.encode()) > MAX_CALLBACK_BYTES
    data = store.encode(payload)
    assert data.startswith("k:") and len(data.encode()) <= MAX_CALLBACK_BYTES
    assert store.decode(data) == payload
    assert store.decode("k:unknown") is None


def test_multibyte_payload_is_measured_in_bytes():
    store = CallbackStore()
    payload = "/kies" + "é" * 30  # 35 characters, 65 bytes
    assert store.encode(payload) != payload


def test_short_ids_are_forgotten_beyond_capacity():
    store = CallbackStore(capacity=2)
    ids = [store.encode("/x" + "y" * 70 + str(i)) for i in range(3)]
    assert store.decode(ids[0]) is None
    assert store.decode(ids[2]) is not None


def test_keyboard_has_one_button_per_row_and_valid_callback_data():
    store = CallbackStore()
    markup = keyboard([Button("Ja", "/affirm"), Button("Lang", "/x" + "z" * 100)], store)
    rows = markup.inline_keyboard
    assert [len(r) for r in rows] == [1, 1]
    assert rows[0][0].text == "Ja" and rows[0][0].callback_data == "/affirm"
    assert len(rows[1][0].callback_data.encode()) <= 64
    assert keyboard([], store) is None


def test_flood_limiter_says_it_once_then_recovers():
    now = [0.0]
    flood = FloodLimiter(limit=3, window=10, clock=lambda: now[0])
    assert [flood.hit(1) for _ in range(3)] == ["ok", "ok", "ok"]
    assert flood.hit(1) == "notify"
    assert flood.hit(1) == "drop"
    assert flood.hit(2) == "ok", "another person is not affected"
    now[0] = 11.0
    assert flood.hit(1) == "ok"


def test_flood_limiter_forgets_idle_users():
    flood = FloodLimiter(limit=1, window=10, max_users=2, clock=time.monotonic)
    for user in range(5):
        flood.hit(user)
    assert len(flood._hits) == 2


def test_second_press_of_the_same_message_is_recognised():
    pressed = PressedMessages()
    assert pressed.first_press(1, 10)
    assert not pressed.first_press(1, 10)
    assert pressed.first_press(1, 11)


def test_bot_mention_is_stripped_from_commands():
    assert strip_bot_mention("/help@JeugdintakeBot") == "/help"
    assert strip_bot_mention("/start@JeugdintakeBot LINDE") == "/start LINDE"
    assert strip_bot_mention("mail me@example.org") == "mail me@example.org"


def _update(message: dict) -> Update:
    bot = Bot("123:ABC")
    base = {"message_id": 1, "date": 1700000000, "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "T"}}
    return Update.de_json({"update_id": 1, "message": {**base, **message}}, bot)


@pytest.mark.parametrize(("body", "kind"), [
    ({"voice": {"file_id": "a", "file_unique_id": "b", "duration": 1}}, "voice"),
    ({"sticker": {"file_id": "a", "file_unique_id": "b", "type": "regular", "width": 1, "height": 1,
                  "is_animated": False, "is_video": False}}, "sticker"),
    ({"photo": [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]}, "photo"),
    ({"location": {"latitude": 1.0, "longitude": 2.0}}, "location"),
    ({"venue": {"location": {"latitude": 1.0, "longitude": 2.0}, "title": "t", "address": "a"},
      "location": {"latitude": 1.0, "longitude": 2.0}}, "venue"),
    ({"contact": {"phone_number": "1", "first_name": "x"}}, "contact"),
    ({"document": {"file_id": "a", "file_unique_id": "b"}}, "document"),
])
def test_message_kind_names_the_attachment(body, kind):
    assert message_kind(_update(body).effective_message) == kind
