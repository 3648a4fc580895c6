"""SQLAlchemy models (1.4, 2.0 style). Times are stored as naive UTC.

Free text written by people (messages) is stored encrypted; see :mod:`bot.store.crypto`.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

# Marks a column that holds Fernet tokens made with Store.cipher: `intake keys rotate`
# re-encrypts exactly these columns, and a test requires every binary column to say whether
# it is one (info={"encrypted": True or False}).
ENCRYPTED = {"encrypted": True}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def all_tables() -> list[Table]:
    """Every table of the app's models, each feature's ``bot/store/models_*.py`` included.

    Key rotation and erasure walk these, so a table a feature adds later is covered without
    anyone having to remember to list it.
    """
    import importlib
    import pkgutil

    import bot.store as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("models_"):
            importlib.import_module(f"bot.store.{module.name}")
    return list(Base.metadata.sorted_tables)


practice_workers = Table(
    "practice_workers",
    Base.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("worker_id", ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True),
)


class Practice(Base):
    __tablename__ = "practices"

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    address = Column(String(300), nullable=False, default="")
    municipality = Column(String(100), nullable=False)
    worker_title = Column(String(100), nullable=False, default="POH-Jeugd")
    huisartsenpost_name = Column(String(200), nullable=False, default="")
    huisartsenpost_phone = Column(String(40), nullable=False, default="")
    phone = Column(String(40), nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)

    workers = relationship("Worker", secondary=practice_workers, back_populates="practices")


class Worker(Base):
    __tablename__ = "workers"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    email = Column(String(200), nullable=False, default="")
    calendar_token = Column(String(64), nullable=False, unique=True)
    active = Column(Boolean, nullable=False, default=True)

    practices = relationship("Practice", secondary=practice_workers, back_populates="workers")
    weekly_hours = relationship("WeeklyHours", back_populates="worker", cascade="all, delete-orphan")


class WeeklyHours(Base):
    """A recurring block of availability, in Europe/Amsterdam wall-clock time."""

    __tablename__ = "weekly_hours"

    id = Column(Integer, primary_key=True)
    worker_id = Column(ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True)
    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), nullable=False)
    weekday = Column(Integer, nullable=False)  # 0 = Monday
    start_time = Column(String(5), nullable=False)  # "09:00"
    end_time = Column(String(5), nullable=False)

    worker = relationship("Worker", back_populates="weekly_hours")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # One current conversation per chat (archived ones: see archived_at).
        Index("uq_conversation_channel_user_current", "channel", "external_hash", unique=True,
              sqlite_where=text("archived_at IS NULL"), postgresql_where=text("archived_at IS NULL")),
        Index("ix_conversations_external_hash", "external_hash"),
    )

    id = Column(Integer, primary_key=True)
    # A short, non-identifying reference that staff alerts and handovers use.
    reference = Column(String(16), nullable=False, unique=True)
    channel = Column(String(20), nullable=False)
    # The channel's id for this person (a Telegram chat id) is never stored readable: a keyed
    # hash (HMAC-SHA256, see Cipher.lookup_hash) finds the conversation, and the id itself is
    # kept encrypted for the messages the bot sends on its own (reminders, staff messages).
    external_hash = Column(String(64), nullable=False, info={"keyed_hash": True})
    external_id_enc = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    # The id Rasa knows this conversation by (sender_id); never a phone number or name.
    sender_id = Column(String(100), nullable=False, unique=True)
    practice_id = Column(ForeignKey("practices.id"), nullable=True)
    language = Column(String(5), nullable=False, default="nl")
    flagged = Column(Boolean, nullable=False, default=False)
    crisis_category = Column(String(40), nullable=True)
    # Space-separated keyed hashes of the button payloads offered here, newest last (bounded).
    offered = Column(Text, nullable=False, default="", info={"keyed_hash": True})
    # Set when the person started over with another practice (/start OTHERCODE): the chat then
    # has a new current conversation, and this one stays with its practice, found by the chat's
    # hash only for the person's own /vergeet and /mijngegevens.
    archived_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    practice = relationship("Practice")
    messages = relationship("Message", back_populates="conversation", order_by="Message.id")


class Message(Base):
    """One line of the transcript, inbound or outbound. ``body`` is ciphertext."""

    __tablename__ = "messages"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    direction = Column(String(3), nullable=False)  # "in" | "out"
    kind = Column(String(20), nullable=False, default="text")  # text, button, sticker, voice, ...
    body = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    intent = Column(String(80), nullable=True)
    # Set on a line a support worker wrote: their name and title as the person saw them.
    author = Column(String(200), nullable=True)
    # On a reply: the id of the inbound line it answers. A message kept while Rasa was away is
    # answered after the person's later messages, so the place in the transcript does not say it.
    # No foreign key: retention deletes old lines by age; a link to a deleted line is harmless.
    reply_to = Column(Integer, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    conversation = relationship("Conversation", back_populates="messages")


class CrisisEvent(Base):
    """A crisis detected by the safety screen (or Rasa's crisis intent). No message text."""

    __tablename__ = "crisis_events"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    category = Column(String(40), nullable=False)
    source = Column(String(20), nullable=False, default="screen")
    created_at = Column(DateTime, nullable=False, default=utcnow)


class KeyCheck(Base):
    """One known value encrypted with the key in use: start-up decrypts it to prove that
    INTAKE_SECRET_KEY is the key the data was written with (see bot.privacy.keys)."""

    __tablename__ = "key_check"

    id = Column(Integer, primary_key=True)
    token = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    rotated_at = Column(DateTime, nullable=True)


class StaffAlert(Base):
    """Outbox of staff alerts: reference and category only, never health details."""

    __tablename__ = "staff_alerts"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True)
    kind = Column(String(40), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    sent_at = Column(DateTime, nullable=True)
    # Which instance is sending it (bot.alerts.claim): each alert goes out once.
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(DateTime, nullable=True)
