"""The first-contact feature: registers with the conversation core (bot/features.py).

A turn handler that runs before Rasa:
- a typed message in Arabic, Turkish, Polish or Ukrainian (Russian: the Ukrainian texts) gets the
  first-contact card in that language, instead of Rasa's Dutch "I did not understand";
- the language buttons of /taal show the card in that language;
- "Gesprek met een tolk" asks the practice for a conversation with an interpreter (a handover
  with that flag) and confirms it in the person's language.
A crisis message never reaches a turn handler: the safety screen answers it first, in the same
language when the card exists in it.
"""

from __future__ import annotations

import asyncio
import logging

from bot.content import first_contact as fc
from bot.conversation.hooks import Hooks
from bot.conversation.model import Turn

log = logging.getLogger("bot.content")

ORDER = 55  # after the features that wait for an answer, before the queue for an unavailable Rasa


def register(hooks: Hooks, *, settings, store, **_deps) -> None:
    def practice_of(conversation_id: int) -> tuple[str, str]:
        from bot.store.models import Conversation, Practice

        with store.session() as s:
            conv = s.get(Conversation, conversation_id)
            practice = s.get(Practice, conv.practice_id) if conv is not None and conv.practice_id else None
            if practice is None:
                return "de huisartsenpraktijk", ""
            return practice.name, practice.phone or ""

    def ask_interpreter(conversation_id: int, language: str) -> None:
        from bot.content.interpreter import request_interpreter

        with store.session() as s:
            request_interpreter(s, conversation_id=conversation_id, language=language, cipher=store.cipher)
            s.commit()

    async def first_contact(turn: Turn, message: str) -> bool:
        conv = turn.conversation
        if turn.pressed:
            pressed = fc.read_payload(message)
            if pressed is None:
                return False
            kind, language = pressed
        else:
            language = fc.language_of(turn.text)
            if language is None:
                return False
            kind = fc.CARD_PAYLOAD
        name, phone = await asyncio.to_thread(practice_of, conv.id)
        if kind == fc.INTERPRETER_PAYLOAD:
            await asyncio.to_thread(ask_interpreter, conv.id, language)
            await turn.say(fc.interpreter_asked(language, practice_name=name, phone=phone))
        else:
            await turn.say(fc.card(language, practice_name=name))
        log.info("first contact conversation=%s language=%s kind=%s", conv.reference, language, kind.lstrip("/"))
        return True

    hooks.turn_handler("first_contact", first_contact, order=ORDER)
