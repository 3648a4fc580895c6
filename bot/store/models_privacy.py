"""Privacy tables: retention periods per practice, claims of scheduled jobs, consent records."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text

from bot.store.models import Base


class RetentionSettings(Base):
    """How long a practice keeps what, in days. A practice without a row uses the defaults in
    :mod:`bot.privacy.retention` (documented in docs/privacy.md)."""

    __tablename__ = "retention_settings"

    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True)
    # A conversation that never became a handover, counted from its last message.
    unfinished_days = Column(Integer, nullable=False)
    # A conversation whose handovers are all closed (taken into the practice's own record),
    # counted from the last closing.
    closed_handover_days = Column(Integer, nullable=False)
    # An appointment, counted from its end.
    past_appointment_days = Column(Integer, nullable=False)


class ScheduledJob(Base):
    """One row per periodic job: an instance claims the run with a conditional UPDATE, so with
    several instances a job runs once per interval."""

    __tablename__ = "scheduled_jobs"

    name = Column(String(40), primary_key=True)
    last_run_at = Column(DateTime, nullable=True)
    claimed_by = Column(String(64), nullable=True)
    claimed_until = Column(DateTime, nullable=True)


class ConsentText(Base):
    """A consent question exactly as it was shown, once per version (a hash of the text). The
    bot's own words, not the person's: kept readable so staff can see what was agreed to."""

    __tablename__ = "consent_texts"

    version = Column(String(16), primary_key=True)
    language = Column(String(5), nullable=False)
    name = Column(String(80), nullable=False)  # which message (bot.intake.texts) asked it
    text = Column(Text, nullable=False)
    first_shown_at = Column(DateTime, nullable=False)


class ConsentRecord(Base):
    """One consent answer: what, who gave it, when, and the version of the text shown."""

    __tablename__ = "consent_records"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    handover_id = Column(Integer, nullable=True, index=True)
    kind = Column(String(30), nullable=False)  # consent_parents | consent_huisarts
    answer = Column(String(10), nullable=False)  # ja | nee | onbekend
    given_by = Column(String(10), nullable=False)  # ouder | jongere: who was writing
    age_band = Column(String(10), nullable=True)
    text_version = Column(String(16), ForeignKey("consent_texts.version"), nullable=False)
    given_at = Column(DateTime, nullable=False)
