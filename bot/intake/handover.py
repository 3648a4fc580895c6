"""The handover service: turn a finished intake into a handover, and raise it to crisis.

Called from the action server (``actions/intake.py``) when the form completes, and from the
bot process when the safety net fires (a crisis listener, see ``bot/intake/conversation.py``).
"""

from __future__ import annotations

import json
import logging

from sqlalchemy.orm import Session

from bot.intake import consent
from bot.intake.record import IntakeRecord
from bot.intake.repo import flags_of, open_handover
from bot.intake.summary import build_sbar
from bot.intake.triage import CRISIS, Triage, higher, triage
from bot.store.crypto import Cipher
from bot.store.models import Conversation
from bot.store.models_handover import Handover

log = logging.getLogger("bot.intake.handover")


def _merge_flags(old: list[str], new: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def submit_intake(session: Session, *, conversation_id: int, record: IntakeRecord, cipher: Cipher) -> Handover:
    """Store a completed intake as a handover (or complete the one a crisis opened).

    Urgency never goes down: a crisis handover stays crisis when the intake completes.
    """
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise LookupError(f"conversation {conversation_id} not found")
    existing = open_handover(session, conversation_id=conversation_id)
    # A handover a crisis opened mid-intake is completed in place; otherwise a new one.
    h = existing if existing is not None and not existing.complete else None
    if h is not None and h.urgency == CRISIS and not record.crisis_category:
        record.crisis_category = conv.crisis_category or "onbekend"
    result = triage(record.triage_answers())
    if h is None:
        h = Handover(conversation_id=conversation_id, status="new")
        session.add(h)
        urgency, flags = result.urgency, list(result.flags)
    else:
        urgency = higher(h.urgency, result.urgency)
        flags = _merge_flags(flags_of(h), result.flags)
    final = Triage(urgency, tuple(flags))
    h.practice_id = conv.practice_id
    h.role = record.role
    h.age = record.age
    h.age_band = consent.age_band(record.age)
    h.themes = ",".join(record.themes)
    h.urgency = urgency
    h.flags = json.dumps(flags)
    h.consent = json.dumps(consent.record(role=record.role, age=record.age, parents=record.consent_parents,
                                          huisarts=record.consent_huisarts))
    h.answers = cipher.encrypt(json.dumps(record.as_dict(), ensure_ascii=False))
    h.summary = cipher.encrypt(build_sbar(record, final, complete=True))
    h.contact_method = record.contact_method
    h.complete = True
    session.flush()
    # Consent that can be shown: who gave it, when, and the version of the text shown.
    from bot.privacy.consent import record_consents

    record_consents(session, conversation=conv, handover_id=h.id, role=record.role, age=record.age,
                    answers={"consent_parents": record.consent_parents, "consent_huisarts": record.consent_huisarts})
    log.info("handover stored id=%s conversation=%s urgency=%s flags=%s", h.id, conversation_id, urgency, ",".join(flags))
    return h


def upgrade_to_crisis(session: Session, conversation_id: int, category: str, *, cipher: Cipher | None = None) -> Handover:
    """A crisis happened in this conversation: raise the open handover to "crisis", or open one.

    A handover opened here is marked incomplete; when the intake finishes, it is completed
    in place (see :func:`submit_intake`) and keeps its crisis urgency.
    """
    h = open_handover(session, conversation_id=conversation_id)
    if h is None:
        conv = session.get(Conversation, conversation_id)
        h = Handover(conversation_id=conversation_id, practice_id=conv.practice_id if conv else None,
                     status="new", complete=False, flags="[]")
        session.add(h)
    h.urgency = CRISIS
    h.flags = json.dumps(_merge_flags(flags_of(h), ("crisis_signal",)))
    if h.status == "closed":
        h.status = "new"
    if cipher is not None and not h.complete:
        record = IntakeRecord(crisis_category=category)
        h.summary = cipher.encrypt(build_sbar(record, Triage(CRISIS, ("crisis_signal",)), complete=False))
    elif cipher is not None and h.summary:
        h.summary = cipher.encrypt(cipher.decrypt(h.summary)
                                   + f"\nLet op: later in het gesprek een crisissignaal (categorie: {category}).")
    session.flush()
    log.info("handover raised to crisis id=%s conversation=%s category=%s", h.id, conversation_id, category)
    return h
