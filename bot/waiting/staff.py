"""What staff see of the waiting time: the check-in answer on the handover page, and the safety
plan when the young person shared it (the view is audit-logged by the caller).

Labels are Dutch, like the rest of the staff workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.models_waiting import Checkin, SafetyPlan

ANSWER_NL = {"better": "beter", "same": "hetzelfde", "worse": "slechter"}
SCHOOL_NL = {"gewoon": "gaat gewoon", "soms": "mist soms", "geen": "gaat niet"}
URGENCY_NL = {"crisis": "crisis", "urgent": "urgent", "regular": "regulier", "advice": "advies"}


@dataclass
class CheckinView:
    sent_at: datetime | None
    answered_at: datetime | None
    answer: str  # Dutch, or "nog geen antwoord"
    worse: bool
    facts: list[tuple[str, str]] = field(default_factory=list)
    change: str = ""  # the family's own words


@dataclass
class PlanView:
    shared_at: datetime | None
    steps: list[tuple[str, str]]


def checkin_view(session: Session, *, conversation_id: int, handover_id: int, cipher: Cipher) -> CheckinView | None:
    """The newest sent or answered check-in of this handover."""
    c = session.execute(select(Checkin).where(
        Checkin.conversation_id == conversation_id, Checkin.handover_id == handover_id,
        (Checkin.sent_at.is_not(None)) | (Checkin.answer.is_not(None)))
        .order_by(Checkin.id.desc()).limit(1)).scalar_one_or_none()
    if c is None:
        return None
    facts = []
    if c.heaviness_after is not None:
        before = f"{c.heaviness_before} → " if c.heaviness_before else ""
        facts.append(("Zwaarte (1-10)", f"{before}{c.heaviness_after}"))
    if c.school_after:
        facts.append(("School nu", SCHOOL_NL.get(c.school_after, c.school_after)))
    if c.urgency_after:
        facts.append(("Urgentie volgens de regels", URGENCY_NL.get(c.urgency_after, c.urgency_after)))
    if c.moved_to_appointment_id:
        facts.append(("Afspraak", "verzet naar een spoedplek"))
    return CheckinView(sent_at=c.sent_at, answered_at=c.answered_at,
                       answer=ANSWER_NL.get(c.answer or "", "nog geen antwoord"), worse=c.answer == "worse",
                       facts=facts, change=cipher.decrypt(c.change) if c.change else "")


def shared_plan(session: Session, *, conversation_id: int, cipher: Cipher) -> PlanView | None:
    """The safety plan, only when the person shared it (None otherwise)."""
    from bot.waiting import plan as P

    row = session.execute(select(SafetyPlan).where(SafetyPlan.conversation_id == conversation_id)).scalar_one_or_none()
    if row is None or not row.shared:
        return None
    state = P.state_of(row, cipher)
    if not state.finished:
        return None
    return PlanView(shared_at=row.shared_at, steps=P.staff_view(state.content))
