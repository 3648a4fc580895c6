"""Telling the practice that someone waits for them, without content.

- A staff alert (the StaffAlert outbox, delivered to INTAKE_STAFF_ALERT_CHAT by the bot app)
  for a new call-back request and for a person's message in a taken-over conversation: the
  conversation's reference only, never what was written. One alert per batch of unseen
  messages: the next one comes after a worker has looked at the conversation.
- The workspace's navigation shows how many items wait (:func:`attention`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store import repo
from bot.store.models import Conversation, Message
from bot.store.models_booking import UrgentRequest
from bot.store.models_staffchat import Takeover


def person_wrote(session: Session, *, takeover: Takeover, conversation: Conversation, message_id: int) -> bool:
    """The person wrote in a taken-over conversation; alert unless earlier unseen messages did."""
    earlier_unseen = session.execute(select(func.count(Message.id)).where(
        Message.conversation_id == conversation.id, Message.direction == "in",
        Message.id > takeover.staff_seen_message_id, Message.id < message_id)).scalar()
    if earlier_unseen:
        return False
    repo.queue_staff_alert(session, conversation=conversation, kind="human_message",
                           text=f"Nieuw bericht in overgenomen gesprek {conversation.reference}.")
    return True


@dataclass(frozen=True)
class Attention:
    call_backs: int
    unread_conversations: int

    @property
    def total(self) -> int:
        return self.call_backs + self.unread_conversations

    def as_json(self) -> dict:
        return {"total": self.total, "call_backs": self.call_backs, "unread": self.unread_conversations}


def attention(session: Session, *, practice_ids: set[int]) -> Attention:
    if not practice_ids:
        return Attention(0, 0)
    call_backs = session.execute(select(func.count(UrgentRequest.id)).where(
        UrgentRequest.practice_id.in_(practice_ids), UrgentRequest.resolved_at.is_(None))).scalar() or 0
    unread = session.execute(
        select(func.count(func.distinct(Takeover.id)))
        .join(Conversation, Conversation.id == Takeover.conversation_id)
        .join(Message, Message.conversation_id == Takeover.conversation_id)
        .where(Takeover.ended_at.is_(None), Conversation.practice_id.in_(practice_ids),
               Message.direction == "in", Message.id > Takeover.staff_seen_message_id)
    ).scalar() or 0
    return Attention(call_backs, unread)


def mark_seen(session: Session, *, conversation_id: int, message_id: int) -> None:
    row = session.execute(select(Takeover).where(Takeover.conversation_id == conversation_id,
                                                 Takeover.ended_at.is_(None))).scalars().first()
    if row is not None and message_id > row.staff_seen_message_id:
        row.staff_seen_message_id = message_id
