"""Booking models (issue 7): appointment types, per-practice booking settings, availability
exceptions, held-back urgent slots, appointments and the chat outbox (reminders and staff
changes). Times are naive UTC, like the rest of the store.

Double booking is prevented by the database: a partial unique index on
``appointments (worker_id, start_utc) WHERE status = 'booked'`` (SQLite and PostgreSQL both
support partial indexes), checked inside the booking transaction.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import relationship

from bot.store.models import ENCRYPTED, Base, utcnow

STATUS_BOOKED = "booked"
STATUS_CANCELLED = "cancelled"
STATUS_RESCHEDULED = "rescheduled"


class AppointmentType(Base):
    """How the appointment takes place. ``practice_id`` NULL: the default for every practice."""

    __tablename__ = "appointment_types"
    __table_args__ = (UniqueConstraint("practice_id", "code", name="uq_appointment_type_practice_code"),)

    id = Column(Integer, primary_key=True)
    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), nullable=True)
    code = Column(String(20), nullable=False)  # praktijk | video | telefoon
    name = Column(String(100), nullable=False)
    duration_minutes = Column(Integer, nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    position = Column(Integer, nullable=False, default=0)


class BookingSettings(Base):
    """Per-practice booking rules. A practice without a row uses the defaults below."""

    __tablename__ = "booking_settings"

    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True)
    lead_time_hours = Column(Integer, nullable=False, default=24)
    horizon_weeks = Column(Integer, nullable=False, default=8)
    slot_minutes = Column(Integer, nullable=False, default=45)
    urgent_lead_time_hours = Column(Integer, nullable=False, default=2)
    urgent_window_days = Column(Integer, nullable=False, default=7)
    reminder_hours = Column(Integer, nullable=False, default=24)
    # The waiting-time check-in: sent once when the appointment is more than this many days
    # away at booking (bot.waiting.timing); 0 turns it off.
    checkin_days = Column(Integer, nullable=False, default=7)
    observe_public_holidays = Column(Boolean, nullable=False, default=True)


class AvailabilityException(Base):
    """A worker is not available (holiday, sickness, training) from start to end (UTC)."""

    __tablename__ = "availability_exceptions"

    id = Column(Integer, primary_key=True)
    worker_id = Column(ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True)
    start_utc = Column(DateTime, nullable=False)
    end_utc = Column(DateTime, nullable=False)
    kind = Column(String(20), nullable=False, default="holiday")  # holiday | sick | other
    created_at = Column(DateTime, nullable=False, default=utcnow)


class HeldSlot(Base):
    """A recurring weekly slot kept free for urgent intakes (Europe/Amsterdam wall clock)."""

    __tablename__ = "held_slots"
    __table_args__ = (UniqueConstraint("worker_id", "practice_id", "weekday", "start_time",
                                       name="uq_held_slot"),)

    id = Column(Integer, primary_key=True)
    worker_id = Column(ForeignKey("workers.id", ondelete="CASCADE"), nullable=False)
    practice_id = Column(ForeignKey("practices.id", ondelete="CASCADE"), nullable=False)
    weekday = Column(Integer, nullable=False)  # 0 = Monday
    start_time = Column(String(5), nullable=False)  # "09:00"


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        Index(
            "uq_appointments_worker_start_booked", "worker_id", "start_utc", unique=True,
            sqlite_where=text("status = 'booked'"), postgresql_where=text("status = 'booked'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    practice_id = Column(ForeignKey("practices.id"), nullable=False, index=True)
    worker_id = Column(ForeignKey("workers.id"), nullable=False)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True)
    # The handover (issue 6) this appointment follows; no foreign key so booking does not
    # depend on the handover tables' migration.
    handover_id = Column(Integer, nullable=True)
    type_code = Column(String(20), nullable=False)
    start_utc = Column(DateTime, nullable=False)
    end_utc = Column(DateTime, nullable=False)
    status = Column(String(12), nullable=False, default=STATUS_BOOKED)
    urgent = Column(Boolean, nullable=False, default=False)
    rescheduled_from_id = Column(ForeignKey("appointments.id"), nullable=True)
    changed_by = Column(String(20), nullable=False, default="client")  # client | staff
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    practice = relationship("Practice")
    worker = relationship("Worker")


class UrgentRequest(Base):
    """Staff must contact this person: a call-back request.

    ``reason`` says why: ``no_urgent_slot`` (an urgent intake found no held-back slot free) or
    ``asked`` (the person asked for a person, see bot.staffchat.callback). The phone number,
    when the person gave one, is stored encrypted; ``expected_utc`` is when the person was
    told to expect contact.
    """

    __tablename__ = "urgent_requests"

    id = Column(Integer, primary_key=True)
    practice_id = Column(ForeignKey("practices.id"), nullable=False)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True)
    handover_id = Column(Integer, nullable=True)
    reason = Column(String(40), nullable=False, default="no_urgent_slot")
    urgency = Column(String(10), nullable=False, default="urgent")  # crisis | urgent | regular
    phone_enc = Column(LargeBinary, nullable=True, info=ENCRYPTED)  # E.164, encrypted
    expected_utc = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    resolved_at = Column(DateTime, nullable=True)
    resolved_by = Column(String(200), nullable=True)


class ChatOutbox(Base):
    """Messages to a person that do not answer their last message: reminders, changes made by
    staff, and what a support worker writes from the workspace (see bot.outbox).

    A row is claimed with ``UPDATE ... WHERE claimed_by IS NULL`` before it is sent, so two
    bot instances never send the same row twice. ``body`` is for texts the bot composes (no
    health details); what a worker writes goes in ``body_enc``, encrypted.
    """

    __tablename__ = "chat_outbox"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    appointment_id = Column(ForeignKey("appointments.id", ondelete="CASCADE"), nullable=True, index=True)
    # reminder | checkin | staff_rescheduled | staff_cancelled | staff_message | takeover_start | takeover_end
    kind = Column(String(30), nullable=False)
    body = Column(Text, nullable=False, default="")
    body_enc = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    # A worker's message: who wrote it (staff_users.id) and how the transcript names them.
    staff_user_id = Column(Integer, nullable=True)
    author = Column(String(200), nullable=True)
    due_utc = Column(DateTime, nullable=False, default=utcnow, index=True)
    claimed_by = Column(String(64), nullable=True)
    claimed_at = Column(DateTime, nullable=True)
    sent_at = Column(DateTime, nullable=True)
    cancelled_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
