"""The handover: what the support worker reads before the first appointment (issue 6).

Free text (the answers and the SBAR summary) is stored encrypted with ``Store.cipher``; the
transcript is the conversation's messages (already encrypted), linked by ``conversation_id``.
Flags, urgency, themes and consent answers are codes, not free text, and stay queryable.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    event,
)
from sqlalchemy.orm import relationship

from bot.store.models import ENCRYPTED, Base, utcnow

STATUSES = ("new", "read", "accepted", "closed")


class Handover(Base):
    __tablename__ = "handovers"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True)
    practice_id = Column(ForeignKey("practices.id"), nullable=True, index=True)
    role = Column(String(20), nullable=True)  # ouder | jongere
    age = Column(Integer, nullable=True)
    age_band = Column(String(10), nullable=True)  # 0_11 | 12_15 | 16_17 | 18_23
    themes = Column(String(200), nullable=False, default="")  # comma separated codes
    urgency = Column(String(10), nullable=False, default="regular")  # crisis | urgent | regular | advice
    flags = Column(Text, nullable=False, default="[]")  # JSON list of rule codes
    consent = Column(Text, nullable=False, default="{}")  # JSON: band, rule, answers
    answers = Column(LargeBinary, nullable=True, info=ENCRYPTED)  # encrypted JSON of all answers
    summary = Column(LargeBinary, nullable=True, info=ENCRYPTED)  # encrypted Dutch SBAR text
    contact_method = Column(String(20), nullable=True)  # telegram | phone
    complete = Column(Boolean, nullable=False, default=False)  # False: opened by a crisis mid-intake
    status = Column(String(10), nullable=False, default="new")
    # When the handover was closed (taken into the practice's own record): the retention job
    # counts from here. Set by the listener below whichever code changes the status.
    closed_at = Column(DateTime, nullable=True)
    # The family's answer to the waiting-time check-in (better | same | worse) and when: the
    # inbox shows it, and "worse" sorts the handover above others of the same urgency.
    checkin_answer = Column(String(10), nullable=True)
    checkin_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    conversation = relationship("Conversation")
    practice = relationship("Practice")


@event.listens_for(Handover.status, "set")
def _track_closing(target: Handover, value, oldvalue, _initiator) -> None:
    if value == "closed" and oldvalue != "closed":
        target.closed_at = utcnow()
    elif value != "closed":
        target.closed_at = None
