"""The support worker in the chat through the real stack and the terminal channel.

`intake chat --json` cannot be pushed to: what a worker writes waits and shows at the start of
the person's next turn; while the conversation is taken over Rasa does not answer; a crisis
message still gets the help lines first. Asking for a person makes a call-back request through
Rasa's request_human intent and the action server.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.store import repo
from bot.store.db import Store
from bot.store.models import Conversation
from bot.store.models_booking import UrgentRequest

pytestmark = pytest.mark.stack


def texts(out: dict) -> list[str]:
    return [r["text"] for r in out["replies"]]


@pytest.fixture
def db(stack):
    store = Store(Settings.from_env(stack.env))
    yield store
    store.dispose()


def conversation_of(db, user: str) -> int:
    with db.session() as s:
        return repo.find_conversation(s, channel="terminal", external_id=user).id


def test_asking_for_a_person_makes_a_call_back_request_with_when_and_the_crisis_lines(stack, db):
    user = stack.new_user("callback")
    out = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": "ik wil iemand spreken"},
                      {"user": user, "text": "06-12345678"}])
    answer = "\n".join(texts(out[1]))
    assert "Ik heb de praktijk gevraagd om contact met je op te nemen" in answer
    assert "113" in answer and "112" in answer
    assert "Stuur dan je telefoonnummer" in answer
    assert texts(out[2]) == ["Dank je. We bellen je op het nummer dat eindigt op 78."]
    with db.session() as s:
        row = s.execute(select(UrgentRequest).where(
            UrgentRequest.conversation_id == conversation_of(db, user))).scalar_one()
        assert row.reason == "asked" and db.cipher.decrypt(row.phone_enc) == "+31612345678"


def test_a_worker_holds_a_terminal_conversation_and_a_crisis_still_gets_the_help_lines(stack, db):
    from bot.staffchat import messages as M
    from bot.staffchat import takeover as T
    from bot.staffchat.identity import StaffIdentity

    user = stack.new_user("takeover")
    first = stack.chat([{"user": user, "text": "/start LINDE"}])
    assert first[0]["replies"], "the assistant greets"
    conv_id = conversation_of(db, user)
    sanne = StaffIdentity(1, "Sanne de Vries", "POH-Jeugd")
    with db.session() as s:
        conv = s.get(Conversation, conv_id)
        T.take_over(s, conversation=conv, who=sanne, pull=True)
        M.send(s, conversation=conv, who=sanne, text="Hoi! Waar kan ik je mee helpen?")

    out = stack.chat([{"user": user, "text": "ik maak me zorgen over mijn zoon"},
                      {"user": user, "text": "hij gaat niet naar school"},
                      {"user": user, "text": "ik wil er niet meer zijn"}])
    assert texts(out[0])[0].startswith("Je praat nu met Sanne de Vries (POH-Jeugd)")
    assert texts(out[0])[1] == "Sanne de Vries (POH-Jeugd):\nHoi! Waar kan ik je mee helpen?"
    assert len(texts(out[0])) == 2, "the assistant does not answer in a taken-over conversation"
    assert texts(out[1]) == ["Je bericht is doorgestuurd naar Sanne de Vries. "
                             "Een antwoord zie je hier als je weer iets stuurt."]
    assert "113" in texts(out[2])[0], "a crisis message gets the help lines first"

    with db.session() as s:
        T.release(s, conversation=s.get(Conversation, conv_id), by="sanne@delinde.example")
    out = stack.chat([{"user": user, "text": "hallo"}])
    assert "teruggegeven aan de assistent" in texts(out[0])[0]
    assert len(texts(out[0])) >= 2, "and the assistant answers again"
