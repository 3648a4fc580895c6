"""Tables for running several instances: Telegram updates stored before they are answered, and
messages waiting for Rasa to come back."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
)

from bot.store.models import ENCRYPTED, Base, utcnow


class TelegramUpdate(Base):
    """A webhook update, stored (encrypted) before Telegram gets its 200.

    Any instance may process it: the chat's turn (bot.scale.shared) makes one instance at a
    time work on a chat, oldest update first. ``done_at`` is set right after processing and the
    payload is dropped then; the row itself stays a day so that a redelivery is recognised.
    """

    __tablename__ = "telegram_updates"
    __table_args__ = (Index("ix_telegram_updates_pending", "done_at", "received_at"),)

    id = Column(Integer, primary_key=True)
    update_id = Column(BigInteger, nullable=False, unique=True)
    # Keyed hash of the chat id (one chat's updates are processed in order); "-" without a chat.
    chat_key = Column(String(64), nullable=False, index=True, info={"keyed_hash": True})
    payload = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    received_at = Column(DateTime, nullable=False, default=utcnow)
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(DateTime, nullable=True)
    attempts = Column(Integer, nullable=False, default=0)
    done_at = Column(DateTime, nullable=True)
    # The crisis card went out for this update before its chat's turn could be had (Redis away):
    # claimed here once, so no other instance and no later turn sends it again.
    card_sent_at = Column(DateTime, nullable=True)


class DeferredTurn(Base):
    """A message for Rasa that arrived while no Rasa server answered: the person was told
    "één moment", and it is sent to Rasa (in order, per conversation) when one is back."""

    __tablename__ = "deferred_turns"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    message = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    # The Rasa conversation it was meant for: after /stop (a new one) it is not sent any more.
    sender_id = Column(String(100), nullable=False)
    language = Column(String(5), nullable=False, default="nl")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    # The id sent to Rasa in the message's metadata when it reached a server that did not
    # answer: before it is sent again, the tracker is searched for it (Rasa may have taken it).
    turn_id = Column(String(32), nullable=True)
    # Not sent again before this (a server that got it may still be working on it).
    not_before = Column(DateTime, nullable=False, default=utcnow)
    # The person was told "één moment" with this one (once per waiting spell).
    notified = Column(Boolean, nullable=False, default=False)
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(DateTime, nullable=True)
    attempts = Column(Integer, nullable=False, default=0)
    # What the person typed when the message is the button it was read as: sent with it again.
    typed = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    # The transcript line of the message (messages.id): its replies are linked to it when they go out.
    reply_to = Column(Integer, nullable=True)
    # The screen's check-in (the classifier alone) was not asked when the message came in: it is
    # decided when the message is sent, after the replies to the messages before it (a feature's
    # waiver may then apply: "ik ben de moeder van …" answers the role question asked by then).
    check_in = Column(Boolean, nullable=False, default=False)
    done_at = Column(DateTime, nullable=True)
