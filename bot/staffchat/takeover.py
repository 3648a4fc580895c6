"""Human mode: a worker takes a conversation over from the assistant, and gives it back.

While a takeover is open the staff-chat turn handler (:mod:`bot.staffchat.conversation`)
keeps the person's messages away from Rasa; the safety screen still runs first on every
message (the core does that before any turn handler). Two workers cannot hold one
conversation: the partial unique index on open takeovers lets one INSERT win. Ending a
takeover (given back, or silent for the practice's ``takeover_idle_minutes``) is one
conditional UPDATE, so the person is told once even when two instances try.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.replies import t
from bot.staffchat import texts
from bot.staffchat.identity import StaffIdentity
from bot.store.models import Conversation, utcnow
from bot.store.models_booking import ChatOutbox
from bot.store.models_staffchat import PracticeChatSettings, Takeover

log = logging.getLogger("bot.staffchat")

DEFAULT_IDLE_MINUTES = 30


class AlreadyTaken(Exception):
    def __init__(self, holder: str):
        super().__init__("conversation already taken over")
        self.holder = holder


@dataclass(frozen=True)
class Ended:
    takeover_id: int
    conversation_id: int
    worker_name: str


def active(session: Session, *, conversation_id: int) -> Takeover | None:
    return session.execute(
        select(Takeover).where(Takeover.conversation_id == conversation_id, Takeover.ended_at.is_(None))
    ).scalars().first()


def idle_minutes(session: Session, *, practice_id: int | None) -> int:
    row = session.get(PracticeChatSettings, practice_id) if practice_id else None
    return row.takeover_idle_minutes if row is not None else DEFAULT_IDLE_MINUTES


def queue_to_person(session: Session, *, conversation: Conversation, kind: str, text: str,
                    now: datetime, author: str | None = None, staff_user_id: int | None = None,
                    encrypted: bool = False) -> ChatOutbox:
    """A message to the person through the chat outbox (bot.outbox delivers it once)."""
    row = ChatOutbox(conversation_id=conversation.id, kind=kind, due_utc=now, created_at=now,
                     author=author, staff_user_id=staff_user_id)
    if encrypted:
        row.body_enc = session.info["cipher"].encrypt(text)
    else:
        row.body = text
    session.add(row)
    return row


def take_over(session: Session, *, conversation: Conversation, who: StaffIdentity, pull: bool,
              now: datetime | None = None) -> Takeover:
    """Open a takeover and tell the person who they talk to now; raises AlreadyTaken.

    On AlreadyTaken the session has been rolled back (the caller may go on using it).
    """
    now = now or utcnow()
    row = Takeover(conversation_id=conversation.id, staff_user_id=who.user_id, worker_name=who.name,
                   worker_title=who.title, started_at=now, last_activity_at=now)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        holder = active(session, conversation_id=conversation.id)
        raise AlreadyTaken(f"{holder.worker_name} ({holder.worker_title})" if holder else "") from None
    # Everything the person wrote until now counts as seen by the worker who takes over.
    row.staff_seen_message_id = _last_message_id(session, conversation.id)
    message = texts.TAKEN_OVER_PULL if pull else texts.TAKEN_OVER
    queue_to_person(session, conversation=conversation, kind="takeover_start", now=now,
                    text=t(conversation.language, message, name=who.name, worker_title=who.title))
    log.info("takeover started id=%s conversation=%s", row.id, conversation.reference)
    return row


def _end(session: Session, *, takeover_id: int, now: datetime, reason: str, by: str,
         idle_before: datetime | None = None) -> bool:
    query = update(Takeover).where(Takeover.id == takeover_id, Takeover.ended_at.is_(None))
    if idle_before is not None:
        query = query.where(Takeover.last_activity_at < idle_before)
    result = session.execute(query.values(ended_at=now, end_reason=reason, ended_by=by)
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def release(session: Session, *, conversation: Conversation, by: str, now: datetime | None = None) -> Ended | None:
    """Give the conversation back to the assistant; None when no takeover was open."""
    now = now or utcnow()
    row = active(session, conversation_id=conversation.id)
    if row is None or not _end(session, takeover_id=row.id, now=now, reason="released", by=by):
        return None
    queue_to_person(session, conversation=conversation, kind="takeover_end", now=now,
                    text=t(conversation.language, texts.RELEASED, name=row.worker_name))
    log.info("takeover released id=%s conversation=%s", row.id, conversation.reference)
    return Ended(row.id, conversation.id, row.worker_name)


def stopped_by_person(session: Session, *, conversation: Conversation, now: datetime | None = None) -> Ended | None:
    """The person sent /stop: the worker lets go (the person is told in that turn)."""
    now = now or utcnow()
    row = active(session, conversation_id=conversation.id)
    if row is None or not _end(session, takeover_id=row.id, now=now, reason="stopped", by=""):
        return None
    log.info("takeover ended by the person's /stop id=%s conversation=%s", row.id, conversation.reference)
    return Ended(row.id, conversation.id, row.worker_name)


def touch(session: Session, *, takeover: Takeover, now: datetime | None = None) -> None:
    takeover.last_activity_at = now or utcnow()


def expire_idle(session: Session, *, now: datetime | None = None, conversation_id: int | None = None) -> list[Ended]:
    """End takeovers whose worker has been silent for the practice's idle time."""
    now = now or utcnow()
    query = (select(Takeover, Conversation).join(Conversation, Conversation.id == Takeover.conversation_id)
             .where(Takeover.ended_at.is_(None)))
    if conversation_id is not None:
        query = query.where(Takeover.conversation_id == conversation_id)
    ended = []
    for row, conv in session.execute(query).all():
        cutoff = now - timedelta(minutes=idle_minutes(session, practice_id=conv.practice_id))
        if row.last_activity_at >= cutoff:
            continue
        if not _end(session, takeover_id=row.id, now=now, reason="idle", by="", idle_before=cutoff):
            continue
        queue_to_person(session, conversation=conv, kind="takeover_end", now=now,
                        text=t(conv.language, texts.IDLE_RETURNED, name=row.worker_name))
        log.info("takeover ended after silence id=%s conversation=%s", row.id, conv.reference)
        ended.append(Ended(row.id, conv.id, row.worker_name))
    return ended


def expire_idle_in(store) -> int:
    """For the bot app's outbox loop: end silent takeovers, then wake the outbox to tell them."""
    from bot import outbox

    with store.session() as s:
        ended = expire_idle(s)
    if ended:
        outbox.wake()
    return len(ended)


def _last_message_id(session: Session, conversation_id: int) -> int:
    from sqlalchemy import func

    from bot.store.models import Message

    return session.execute(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)
                           ).scalar() or 0
