"""Between the first message and the first appointment: the waiting-time check-in and the
safety plan. Times are naive UTC; free text is encrypted with ``Store.cipher``.

A check-in row is made when an appointment is booked far enough ahead; the message itself is
a ``chat_outbox`` row of kind ``checkin`` (claimed once across instances, like a reminder).
The row here holds what the family answered and where the short dialogue after it stands.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, LargeBinary, String

import bot.store.models_booking  # noqa: F401 - the tables this one refers to
from bot.store.models import ENCRYPTED, Base, utcnow


class Checkin(Base):
    __tablename__ = "waiting_checkins"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    outbox_id = Column(ForeignKey("chat_outbox.id", ondelete="SET NULL"), nullable=True)
    appointment_id = Column(ForeignKey("appointments.id", ondelete="SET NULL"), nullable=True)
    handover_id = Column(Integer, nullable=True)
    # The Rasa sender id when the check-in was planned: after /stop it differs, and nothing is sent.
    sender_id = Column(String(100), nullable=False)
    # Where the dialogue after the check-in stands: answer | change | heaviness | school | slots | done.
    step = Column(String(12), nullable=True)
    answer = Column(String(10), nullable=True)  # better | same | worse
    change = Column(LargeBinary, nullable=True, info=ENCRYPTED)  # "what changed", in their words
    heaviness_before = Column(Integer, nullable=True)
    heaviness_after = Column(Integer, nullable=True)
    school_after = Column(String(10), nullable=True)  # gewoon | soms | geen
    urgency_before = Column(String(10), nullable=True)
    urgency_after = Column(String(10), nullable=True)
    moved_to_appointment_id = Column(Integer, nullable=True)  # an urgent slot it moved to
    sent_at = Column(DateTime, nullable=True)
    answered_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class SafetyPlan(Base):
    """One young person's safety plan, in their own words (Stanley-Brown steps).

    ``content`` is the finished plan, ``draft`` the answers while it is being made or changed;
    both encrypted JSON ``{step: text}``. ``step`` is the question waiting for an answer.
    """

    __tablename__ = "safety_plans"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, unique=True)
    content = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    draft = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    step = Column(String(20), nullable=True)
    mode = Column(String(10), nullable=True)  # new | edit, while a step is open
    # The Rasa sender id when the steps started: /stop ends an open step (the plan stays).
    sender_id = Column(String(100), nullable=True)
    paused = Column(Boolean, nullable=False, default=False)  # a crisis came in during a step
    shared = Column(Boolean, nullable=False, default=False)
    shared_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
