"""The support worker in the chat: takeovers, per-practice chat settings, opening hours and
message templates. Times are naive UTC; opening hours are Europe/Amsterdam wall clock.

At most one open takeover per conversation is enforced by the database: a partial unique
index ``takeovers (conversation_id) WHERE ended_at IS NULL`` (SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Text, text

from bot.store.models import Base, utcnow


class Takeover(Base):
    """A worker holds this conversation: the bot stops answering through Rasa until it ends."""

    __tablename__ = "takeovers"
    __table_args__ = (
        Index("uq_takeovers_open_per_conversation", "conversation_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    staff_user_id = Column(Integer, nullable=True)
    # As the person was told: "Je praat nu met {worker_name} ({worker_title})".
    worker_name = Column(String(200), nullable=False)
    worker_title = Column(String(100), nullable=False)
    started_at = Column(DateTime, nullable=False, default=utcnow)
    # The worker's last sign of life in this conversation (taking over, writing): a takeover
    # silent for the practice's takeover_idle_minutes goes back to the assistant.
    last_activity_at = Column(DateTime, nullable=False, default=utcnow)
    ended_at = Column(DateTime, nullable=True)
    end_reason = Column(String(20), nullable=True)  # released | idle | stopped (the person) | erased
    ended_by = Column(String(200), nullable=True)
    # The newest transcript line a worker has seen on the page (for the unread count).
    staff_seen_message_id = Column(Integer, nullable=False, default=0)


class PracticeChatSettings(Base):
    """Per practice; a practice without a row uses the defaults."""

    __tablename__ = "practice_chat_settings"

    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True)
    takeover_idle_minutes = Column(Integer, nullable=False, default=30)


class PracticeOpeningHours(Base):
    """When the practice answers the phone (Europe/Amsterdam); public holidays are closed."""

    __tablename__ = "practice_opening_hours"

    id = Column(Integer, primary_key=True)
    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), nullable=False, index=True)
    weekday = Column(Integer, nullable=False)  # 0 = Monday
    start_time = Column(String(5), nullable=False)  # "08:00"
    end_time = Column(String(5), nullable=False)


class MessageTemplate(Base):
    """A short text a worker can start a message with; written by the practice, no client data."""

    __tablename__ = "message_templates"

    id = Column(Integer, primary_key=True)
    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), nullable=False, index=True)
    title = Column(String(80), nullable=False)
    body = Column(Text, nullable=False)
    position = Column(Integer, nullable=False, default=0)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by = Column(String(200), nullable=False, default="")
