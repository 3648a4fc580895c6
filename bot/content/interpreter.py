"""A request for a conversation with an interpreter, as a handover the practice sees in its inbox.

No intake was done (the person writes in another language), so the handover is incomplete and
carries the flag ``interpreter_requested``; the summary names the language. The worker answers
in this chat (and can ask for a phone number there) or waits for the person to call.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy.orm import Session

from bot.content.first_contact import DUTCH_NAMES
from bot.intake.repo import open_handover
from bot.intake.triage import Answers, triage
from bot.store.models import Conversation
from bot.store.models_handover import Handover

log = logging.getLogger("bot.content")


def request_interpreter(session: Session, *, conversation_id: int, language: str, cipher) -> Handover:
    h = open_handover(session, conversation_id=conversation_id)
    if h is None:
        conv = session.get(Conversation, conversation_id)
        h = Handover(conversation_id=conversation_id, practice_id=conv.practice_id if conv else None,
                     status="new", complete=False, flags="[]", urgency="regular")
        session.add(h)
    flags = json.loads(h.flags or "[]")
    for flag in triage(Answers(interpreter=language)).flags:
        if flag not in flags:
            flags.append(flag)
    h.flags = json.dumps(flags)
    if h.status == "closed":
        h.status = "new"
    note = (f"Vraagt een gesprek met een tolk ({DUTCH_NAMES.get(language, language)}). De persoon schreef in die "
            "taal; de chat kan alleen in het Nederlands of Engels verder. Neem contact op via deze chat of "
            "telefonisch, en regel een tolk.")
    if h.complete and h.summary:
        h.summary = cipher.encrypt(cipher.decrypt(h.summary) + "\n" + note)
    else:
        h.summary = cipher.encrypt(note)
    session.flush()
    log.info("interpreter requested handover=%s conversation=%s language=%s", h.id, conversation_id, language)
    return h
