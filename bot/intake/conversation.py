"""The intake's part in the conversation: a crisis raises the handover to "crisis", and a short
typed answer to "Voor wie schrijf je?" ("myself", "moeder", "ik ben leerkracht") counts as the
button it means."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from bot.conversation import Hooks
from bot.i18n import _
from bot.replies import t

ROLE_QUESTION = _("Voor wie schrijf je?")
SHORT_ANSWER_WORDS = 6  # up to here any short answer ("moeder", "over mezelf")
LONG_ANSWER_WORDS = 12  # up to here only a plain statement of who is writing


def raise_handover(session, *, conversation_id: int, category: str, cipher) -> None:
    from bot.intake.handover import upgrade_to_crisis

    upgrade_to_crisis(session, conversation_id, category, cipher=cipher)


def role_payload(text: str) -> str | None:
    """The role button a short typed answer means, or None: the same reading as the intake form's
    answer to "Voor wie schrijf je?" (``read_role`` with ``answering``)."""
    from bot.content.themes import read_role

    words = len(text.split())
    if words > LONG_ANSWER_WORDS:
        return None
    if words > SHORT_ANSWER_WORDS:
        # "ik ben de moeder van een jongen": a plain statement of who is writing; but a message
        # that also names a worry ("mijn zoon van 14 wil niet naar school") goes to Rasa whole.
        from bot.intake.parsing import extract_facts

        facts = extract_facts(text)
        if facts.role is None or facts.themes or facts.school_attendance:
            return None
        role = facts.role
    else:
        role = read_role(text, answering=True)
    return None if role is None else "/inform_role" + json.dumps({"role": role}, separators=(",", ":"))


def register(hooks: Hooks, *, store=None, **_deps) -> None:
    hooks.on_crisis(raise_handover)
    if store is None:
        return

    def last_bot_text(conversation_id: int) -> str | None:
        from bot.store.models import Message

        with store.session() as s:
            body = s.execute(
                select(Message.body).where(Message.conversation_id == conversation_id, Message.direction == "out")
                .order_by(Message.id.desc()).limit(1)
            ).scalar()
            return None if body is None else store.cipher.decrypt(body)

    async def typed_role(turn, message: str) -> str | None:
        payload = role_payload(turn.text.strip())
        if payload is None:
            return None
        last = await asyncio.to_thread(last_bot_text, turn.conversation.id)
        asked = {t(turn.language, ROLE_QUESTION), t("nl", ROLE_QUESTION)}
        return payload if last and any(last.startswith(q) for q in asked) else None

    hooks.typed_answer(typed_role)
