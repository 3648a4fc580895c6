"""Privacy tables: per-practice retention periods and the claim row of scheduled jobs."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String

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
