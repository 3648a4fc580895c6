"""The conversation's language lives in the database; Rasa's language slot follows it every turn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.stack


def _set_language(stack, user: str, language: str) -> None:
    from bot.config import Settings
    from bot.store import repo
    from bot.store.db import Store

    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            repo.find_conversation(s, channel="terminal", external_id=user).language = language
    finally:
        store.dispose()


def test_the_replies_follow_the_language_in_the_database_even_when_it_changed_outside_rasa(stack):
    user = stack.new_user("lang")
    (first,) = stack.chat([{"user": user, "text": "/start LINDE"}])
    assert first["replies"][-1]["text"] == "Voor wie schrijf je?"
    _set_language(stack, user, "en")  # e.g. chosen in another channel or by staff
    (out,) = stack.chat([{"user": user, "text": "/help"}])
    assert "automated assistant" in out["replies"][0]["text"]
    _set_language(stack, user, "nl")
    (out,) = stack.chat([{"user": user, "text": "/help"}])
    assert "automatische assistent" in out["replies"][0]["text"]


def test_an_english_conversation_gets_english_questions_and_reads_english_answers(stack):
    user = stack.new_user("lang-en")
    stack.chat([{"user": user, "text": "/start LINDE"}])
    (chosen,) = stack.chat([{"user": user, "button": '/set_language{"language":"en"}'}])
    out = stack.chat([{"user": user, "button": '/inform_role{"role":"ouder"}'},
                      {"user": user, "text": "school"}, {"user": user, "text": "thirteen"}])
    assert out[0]["replies"][-1]["text"] == "What is it about?"
    assert out[1]["replies"][-1]["text"] == "How old is your child?"
    assert "12" in out[2]["replies"][-1]["text"] and "?" in out[2]["replies"][-1]["text"]  # the consent rule for 12-15
