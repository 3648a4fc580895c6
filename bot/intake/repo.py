"""Repository functions for handovers; the staff web and the CLI read through these.

All take the session first and keyword-only arguments. Decrypting needs ``Store.cipher``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.models import Conversation, Practice
from bot.store.models_handover import STATUSES, Handover

_RANK = case({"crisis": 3, "urgent": 2, "regular": 1, "advice": 0}, value=Handover.urgency, else_=0)


def list_handovers(
    session: Session,
    *,
    practice_ids: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    urgencies: Iterable[str] | None = None,
    limit: int = 500,
) -> list[Handover]:
    """Handovers for an inbox: most urgent first, then newest first.

    ``practice_ids`` limits to those practices (staff only see their own); ``None`` means all.
    """
    q = select(Handover)
    if practice_ids is not None:
        q = q.where(Handover.practice_id.in_(list(practice_ids)))
    if statuses is not None:
        q = q.where(Handover.status.in_(list(statuses)))
    if urgencies is not None:
        q = q.where(Handover.urgency.in_(list(urgencies)))
    q = q.order_by(_RANK.desc(), Handover.created_at.desc(), Handover.id.desc()).limit(limit)
    return list(session.execute(q).scalars())


def get_handover(session: Session, *, handover_id: int, practice_ids: Iterable[int] | None = None) -> Handover | None:
    """One handover, or ``None`` when it does not exist or belongs to another practice."""
    h = session.get(Handover, handover_id)
    if h is None or (practice_ids is not None and h.practice_id not in set(practice_ids)):
        return None
    return h


def set_status(session: Session, *, handover_id: int, status: str) -> Handover:
    """Move a handover to new | read | accepted | closed. Raises ValueError on anything else."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
    h = session.get(Handover, handover_id)
    if h is None:
        raise LookupError(f"handover {handover_id} not found")
    h.status = status
    return h


def open_handover(session: Session, *, conversation_id: int) -> Handover | None:
    """The newest handover of this conversation that is not closed."""
    return session.execute(
        select(Handover)
        .where(Handover.conversation_id == conversation_id, Handover.status != "closed")
        .order_by(Handover.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def flags_of(h: Handover) -> list[str]:
    return list(json.loads(h.flags or "[]"))


def consent_of(h: Handover) -> dict[str, Any]:
    return dict(json.loads(h.consent or "{}"))


def answers_of(h: Handover, *, cipher: Cipher) -> dict[str, Any]:
    """The decrypted intake answers (free text included; phone number under ``phone``)."""
    return json.loads(cipher.decrypt(h.answers)) if h.answers else {}


def summary_of(h: Handover, *, cipher: Cipher) -> str:
    return cipher.decrypt(h.summary) if h.summary else ""


@dataclass(frozen=True)
class HandoverView:
    """Everything staff see about one handover, decrypted. ``transcript`` is a list of
    :class:`bot.store.repo.TranscriptLine` (the conversation's messages)."""

    id: int
    reference: str
    practice_code: str | None
    role: str | None
    age: int | None
    age_band: str | None
    themes: list[str]
    urgency: str
    flags: list[str]
    consent: dict[str, Any]
    answers: dict[str, Any]
    summary: str
    complete: bool
    status: str
    created_at: Any
    transcript: list


def handover_view(session: Session, *, handover: Handover, cipher: Cipher, with_transcript: bool = True) -> HandoverView:
    from bot.store.repo import transcript

    conv = session.get(Conversation, handover.conversation_id)
    practice = session.get(Practice, handover.practice_id) if handover.practice_id else None
    return HandoverView(
        id=handover.id,
        reference=conv.reference if conv else "",
        practice_code=practice.code if practice else None,
        role=handover.role,
        age=handover.age,
        age_band=handover.age_band,
        themes=[t for t in (handover.themes or "").split(",") if t],
        urgency=handover.urgency,
        flags=flags_of(handover),
        consent=consent_of(handover),
        answers=answers_of(handover, cipher=cipher),
        summary=summary_of(handover, cipher=cipher),
        complete=bool(handover.complete),
        status=handover.status,
        created_at=handover.created_at,
        transcript=transcript(session, conversation_id=handover.conversation_id, cipher=cipher) if with_transcript else [],
    )


def handover_json(session: Session, *, handover: Handover, cipher: Cipher) -> dict[str, Any]:
    """The operator's view (``intake handovers --json``): no transcript, no answers."""
    from datetime import timezone

    practice = session.get(Practice, handover.practice_id) if handover.practice_id else None
    themes = [t for t in (handover.themes or "").split(",") if t]
    return {
        "id": handover.id,
        "practice": practice.code if practice else None,
        "created": handover.created_at.replace(tzinfo=timezone.utc).isoformat(),
        "urgency": handover.urgency,
        "topic": themes[0] if themes else None,
        "themes": themes,
        "flags": flags_of(handover),
        "summary": summary_of(handover, cipher=cipher),
        "status": handover.status,
    }
