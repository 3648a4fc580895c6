"""A worker writes to the person from the workspace.

The message goes into the chat outbox encrypted, with who wrote it; :mod:`bot.outbox`
delivers it exactly once (pushed to Telegram at once, or shown on the person's next turn on a
channel that cannot be pushed to) and then writes it into the transcript with the author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staffchat import takeover as T
from bot.staffchat.identity import StaffIdentity
from bot.store.models import Conversation, Message, utcnow
from bot.store.models_booking import ChatOutbox

MAX_CHARS = 4000  # one Telegram message holds 4096; the name line comes on top


class EmptyMessage(ValueError):
    pass


def send(session: Session, *, conversation: Conversation, who: StaffIdentity, text: str,
         now: datetime | None = None) -> ChatOutbox:
    now = now or utcnow()
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise EmptyMessage
    row = T.queue_to_person(session, conversation=conversation, kind="staff_message", text=text[:MAX_CHARS],
                            now=now, author=who.label, staff_user_id=who.user_id, encrypted=True)
    open_takeover = T.active(session, conversation_id=conversation.id)
    if open_takeover is not None:
        T.touch(session, takeover=open_takeover, now=now)
    session.flush()
    return row


@dataclass(frozen=True)
class ChatLine:
    """One line of the conversation as the workspace shows it."""

    id: str  # "m12" for a transcript line, "o7" for an outbox row not delivered yet
    direction: str  # in | out
    who: str  # "Cliënt", "Assistent" or the worker's label
    kind: str
    text: str
    created_at: datetime
    state: str = ""  # "" delivered | waiting (pull channel: shown on the person's next turn) | sending

    @property
    def by_staff(self) -> bool:
        return self.kind in ("staff_message",)

    def as_json(self) -> dict:
        return {"id": self.id, "direction": self.direction, "who": self.who, "kind": self.kind,
                "text": self.text, "at": self.created_at.isoformat() + "Z", "state": self.state}


def who_of(message: Message) -> str:
    if message.direction == "in":
        return "Cliënt"
    return message.author or "Assistent"


def lines(session: Session, *, conversation_id: int, cipher, after_id: int = 0, pull: bool = False) -> list[ChatLine]:
    """The transcript (from ``after_id`` on) and, after it, what is still on its way."""
    rows = session.execute(select(Message).where(Message.conversation_id == conversation_id, Message.id > after_id)
                           .order_by(Message.id)).scalars()
    out = [ChatLine(f"m{m.id}", m.direction, who_of(m), m.kind, cipher.decrypt(m.body), m.created_at)
           for m in rows]
    pending = session.execute(select(ChatOutbox).where(
        ChatOutbox.conversation_id == conversation_id, ChatOutbox.sent_at.is_(None),
        ChatOutbox.cancelled_at.is_(None), ChatOutbox.due_utc <= utcnow()).order_by(ChatOutbox.id)).scalars()
    for row in pending:
        text = cipher.decrypt(row.body_enc) if row.body_enc is not None else row.body
        if not text:
            continue
        out.append(ChatLine(f"o{row.id}", "out", row.author or "Assistent", row.kind, text, row.created_at,
                            state="waiting" if pull else "sending"))
    return out


def last_message_id(session: Session, *, conversation_id: int) -> int:
    from sqlalchemy import func

    return session.execute(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)
                           ).scalar() or 0
