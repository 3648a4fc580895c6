"""Crises that happened before the person chose a practice.

A crisis in a conversation without a practice opens a handover without one (the intake's crisis
listener), which no practice's inbox would show. These handovers form one small queue that every
staff member sees at the top of the inbox, with codes only (reference, category, time); whoever
picks one up assigns it to one of their own practices, and from then on it is an ordinary crisis
handover there. The staff alert for such a crisis points to this queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.models import Conversation
from bot.store.models_handover import Handover


@dataclass(frozen=True)
class OrphanRow:
    id: int
    reference: str
    category: str
    created_at: datetime


def waiting(session: Session) -> list[OrphanRow]:
    """Open handovers without a practice, oldest first."""
    rows = session.execute(
        select(Handover.id, Conversation.reference, Conversation.crisis_category, Handover.created_at)
        .join(Conversation, Conversation.id == Handover.conversation_id)
        .where(Handover.practice_id.is_(None), Handover.status != "closed")
        .order_by(Handover.created_at, Handover.id)
    ).all()
    return [OrphanRow(i, ref, category or "-", created) for i, ref, category, created in rows]


def claim(session: Session, *, handover_id: int, practice_id: int) -> str | None:
    """Assign the handover (and its conversation) to the practice; the reference, or None when
    someone else was first or it no longer waits. One conditional UPDATE: two staff members
    pressing at once cannot both get it."""
    done = session.execute(
        update(Handover)
        .where(Handover.id == handover_id, Handover.practice_id.is_(None))
        .values(practice_id=practice_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        return None
    h = session.get(Handover, handover_id)
    session.refresh(h)
    conv = session.get(Conversation, h.conversation_id)
    if conv.practice_id is None:
        conv.practice_id = practice_id
    return conv.reference
