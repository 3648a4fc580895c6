"""Who is writing in a conversation (a parent, a young person, a professional), as far as the
stored conversation tells: the safety plan is the young person's own, so a parent who asks for
it gets an explanation instead of the plan's questions. Synchronous (callers use a thread).

The newest sign wins:
- the handover's role (the intake asked "Voor wie schrijf je?");
- a role button pressed in this conversation (the intake's, or the plan's "Ik ben ouder of verzorger");
- a typed answer to the intake's question "Voor wie schrijf je?" ("moeder", "over mezelf");
- a typed message that says it plainly ("mijn zoon van 14 …", "ik ben 16").
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from bot.replies import Reply, t
from bot.safety.helplines import placeholders
from bot.store.models import Message
from bot.store.models_handover import Handover
from bot.waiting import texts as T

# How far back the conversation is read (a conversation rarely has more messages before a plan).
MESSAGES_READ = 200
_ROLE_PAYLOAD = re.compile(r"^/inform_role(\{.*\})$")
PLAN_ROLE_PAYLOADS = {"/plan_parent": "ouder"}  # the plan's own button for a parent


def role_of_payload(payload: str) -> str | None:
    if payload in PLAN_ROLE_PAYLOADS:
        return PLAN_ROLE_PAYLOADS[payload]
    m = _ROLE_PAYLOAD.match(payload)
    if not m:
        return None
    try:
        role = json.loads(m.group(1)).get("role")
    except (ValueError, AttributeError):
        return None
    return role if role in ("ouder", "jongere", "professional") else None


def _asks_who(text: str) -> bool:
    """Whether a message of the bot asks who is writing (the intake's question)."""
    from bot.intake.conversation import ROLE_QUESTION

    return any(text.startswith(t(lang, ROLE_QUESTION)) for lang in ("nl", "en"))


def writer_role(session, conversation_id: int, cipher) -> str | None:
    """"ouder", "jongere", "professional", or None when the conversation does not say."""
    from bot.content.themes import read_role

    role = session.execute(select(Handover.role).where(Handover.conversation_id == conversation_id,
                                                       Handover.role.isnot(None))
                           .order_by(Handover.id.desc()).limit(1)).scalar_one_or_none()
    if role:
        return role
    rows = session.execute(select(Message).where(Message.conversation_id == conversation_id)
                           .order_by(Message.id.desc()).limit(MESSAGES_READ)).scalars().all()
    for i, message in enumerate(rows):
        if message.direction != "in":
            continue
        text = cipher.decrypt(message.body)
        if message.kind == "button":
            role = role_of_payload(text)
        elif message.kind == "text":
            before = rows[i + 1] if i + 1 < len(rows) else None
            answering = (before is not None and before.direction == "out"
                         and _asks_who(cipher.decrypt(before.body)))
            role = read_role(text, answering=answering)
        else:
            role = None
        if role:
            return role
    return None


def for_others(role: str, language: str, practice) -> Reply:
    """For a parent or a professional: who makes the plan, and what they can do meanwhile."""
    values = placeholders()
    if role == "professional":
        return Reply(t(language, T.PLAN_FOR_PROFESSIONAL, **values))
    made_by = (t(language, T.PLAN_FOR_PARENT_MADE_BY, worker_title=practice.worker_title)
               if practice is not None else t(language, T.PLAN_FOR_PARENT_MADE_BY_NO_PRACTICE))
    return Reply(made_by + "\n\n" + t(language, T.PLAN_FOR_PARENT_MEANWHILE, **values))
