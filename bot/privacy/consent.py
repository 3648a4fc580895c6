"""Consent that can be shown: each answer to a consent question is recorded with who gave it
(the young person or a parent: whoever was writing), when, and the version of the text shown.

The version is the first 12 hex digits of the SHA-256 of the exact text the person saw, in
their language, with the practice's names filled in; the text itself is kept once per version
in ``consent_texts`` (the bot's words, not the person's), so staff can read what was agreed to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Conversation, Practice, utcnow
from bot.store.models_privacy import ConsentRecord, ConsentText

KINDS = ("consent_parents", "consent_huisarts")


def text_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def shown_text(*, kind: str, role: str | None, age: int | None, language: str, practice: Practice | None) -> tuple[str, str]:
    """(message name, text) of the question as the intake showed it (see actions/intake.py)."""
    from bot.intake.texts import question_name, render

    name = question_name(kind, role, age)
    text, _buttons = render(name, language, worker_title=practice.worker_title if practice else "POH-Jeugd",
                            practice_name=practice.name if practice else "de huisartsenpraktijk")
    return name, text


def record_consents(session: Session, *, conversation: Conversation, handover_id: int | None, role: str | None,
                    age: int | None, answers: dict[str, object], now: datetime | None = None) -> list[ConsentRecord]:
    """Record the consent answers of a completed intake (``answers``: kind -> 'ja'/'nee'/
    'onbekend' or a bool)."""
    from bot.intake.consent import age_band

    now = now or utcnow()
    practice = session.get(Practice, conversation.practice_id) if conversation.practice_id else None
    language = conversation.language or "nl"
    rows = []
    for kind in KINDS:
        value = answers.get(kind)
        if value is None:
            continue
        answer = ("ja" if value else "nee") if isinstance(value, bool) else str(value)
        name, text = shown_text(kind=kind, role=role, age=age, language=language, practice=practice)
        version = text_version(text)
        if session.get(ConsentText, version) is None:
            session.add(ConsentText(version=version, language=language, name=name, text=text, first_shown_at=now))
            session.flush()
        row = ConsentRecord(conversation_id=conversation.id, handover_id=handover_id, kind=kind, answer=answer,
                            given_by="ouder" if role == "ouder" else "jongere", age_band=age_band(age),
                            text_version=version, given_at=now)
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


@dataclass(frozen=True)
class ConsentView:
    kind: str
    answer: str
    given_by: str
    age_band: str | None
    given_at: datetime
    version: str
    language: str
    text: str


def consents_of(session: Session, *, conversation_id: int, handover_id: int | None = None) -> list[ConsentView]:
    q = (select(ConsentRecord, ConsentText).join(ConsentText, ConsentText.version == ConsentRecord.text_version)
         .where(ConsentRecord.conversation_id == conversation_id).order_by(ConsentRecord.id))
    if handover_id is not None:
        q = q.where(ConsentRecord.handover_id == handover_id)
    return [ConsentView(r.kind, r.answer, r.given_by, r.age_band, r.given_at, r.text_version, t.language, t.text)
            for r, t in session.execute(q).all()]
