"""Erasure (AVG art. 17): everything of one person's conversation goes, in one transaction.

Upcoming appointments are cancelled first and the support worker is told through the staff
alert outbox, without content (a time, the worker and the reference). Then the conversation
and everything linked to it is deleted: transcript, handovers and the notes on them, past
appointments, Rasa's trackers, and every row of any other table with a ``conversation_id``
(consent records, crisis events, staff alerts, chat outbox rows, call-back requests, takeovers,
messages waiting for Rasa). The audit log keeps one row: that an erasure happened, for which
reference, by whom and how it was asked for. Nothing of the content.

The same deletion serves the retention job (:mod:`bot.privacy.retention`), which writes its own
audit row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from bot.i18n import _, format_slot_time
from bot.privacy.trackers import delete_trackers
from bot.replies import t
from bot.staff.audit import Actor, record
from bot.store.models import (
    Conversation,
    Message,
    Practice,
    StaffAlert,
    Worker,
    all_tables,
    utcnow,
)
from bot.store.models_booking import STATUS_BOOKED, Appointment
from bot.store.models_handover import Handover
from bot.store.models_staff import StaffNote

log = logging.getLogger("bot.privacy.erasure")

WORKER_TOLD = _(
    "Afspraak {when} bij {worker} ({practice}) vervalt: de cliënt van gesprek {reference} heeft gevraagd "
    "alle gegevens te wissen. Er is niets meer over dit gesprek te lezen."
)
# How the request came in: recorded in the audit log, so an auditor can tell a person's own
# /vergeet from a request taken by phone or at the desk, or the retention job.
VIA = ("chat", "staff", "retention")


@dataclass
class ErasureReport:
    reference: str
    practice_code: str | None
    cancelled_appointments: list[int] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"reference": self.reference, "practice": self.practice_code,
                "cancelled_appointments": self.cancelled_appointments, "deleted": self.deleted}


def find_by_reference(session: Session, reference: str) -> Conversation | None:
    return session.execute(
        select(Conversation).where(Conversation.reference == reference.strip().upper())
    ).scalar_one_or_none()


def _count(result) -> int:
    return max(result.rowcount or 0, 0)


def delete_conversation(session: Session, conv: Conversation, *, now: datetime | None = None,
                        language: str = "nl") -> ErasureReport:
    """Delete everything of this conversation; cancel its upcoming appointments first."""
    now = now or utcnow()
    practice = session.get(Practice, conv.practice_id) if conv.practice_id else None
    report = ErasureReport(conv.reference, practice.code if practice else None)
    upcoming = session.execute(
        select(Appointment).where(Appointment.conversation_id == conv.id, Appointment.status == STATUS_BOOKED,
                                  Appointment.start_utc > now).with_for_update()).scalars().all()
    for appt in upcoming:
        _cancel_and_tell(session, appt, reference=conv.reference, now=now, language=language)
        report.cancelled_appointments.append(appt.id)
    # The cancelled appointments stay in the worker's calendar, unlinked from the person.
    if upcoming:
        session.execute(update(Appointment).where(Appointment.id.in_([a.id for a in upcoming]))
                        .values(conversation_id=None, handover_id=None).execution_options(synchronize_session=False))

    handover_ids = list(session.execute(select(Handover.id).where(Handover.conversation_id == conv.id)).scalars())
    d = report.deleted
    d["trackers"] = delete_trackers(session, [conv.sender_id])
    d["staff_notes"] = _count(session.execute(delete(StaffNote).where(StaffNote.handover_id.in_(handover_ids))))
    for name, table in _linked_tables():
        d[name] = _count(session.execute(delete(table).where(table.c.conversation_id == conv.id)))
    gone = list(session.execute(select(Appointment.id).where(Appointment.conversation_id == conv.id)).scalars())
    if gone:  # a kept (cancelled) appointment may have been rescheduled from one of these
        session.execute(update(Appointment).where(Appointment.rescheduled_from_id.in_(gone))
                        .values(rescheduled_from_id=None).execution_options(synchronize_session=False))
    d["appointments"] = _count(session.execute(delete(Appointment).where(Appointment.id.in_(gone))))
    d["messages"] = _count(session.execute(delete(Message).where(Message.conversation_id == conv.id)))
    d["handovers"] = _count(session.execute(delete(Handover).where(Handover.conversation_id == conv.id)))
    session.execute(delete(Conversation).where(Conversation.id == conv.id).execution_options(
        synchronize_session=False))
    session.expunge(conv)
    session.flush()
    return report


# Deleted by delete_conversation itself, in their own order (appointments: upcoming ones stay
# in the worker's calendar, cancelled and unlinked).
_OWN_ORDER = {"conversations", "messages", "handovers", "appointments"}


def _linked_tables() -> list[tuple[str, Table]]:
    """Every other table with a conversation_id (crisis events, staff alerts, outbox rows,
    call-back requests, consent records, takeovers, messages waiting for Rasa, and whatever a
    feature adds later), the ones that refer to others first."""
    tables = [t for t in reversed(all_tables()) if "conversation_id" in t.c and t.name not in _OWN_ORDER]
    return [(t.name, t) for t in tables]


def _cancel_and_tell(session: Session, appt: Appointment, *, reference: str, now: datetime, language: str) -> None:
    from bot.booking import service

    service.cancel(session, appointment_id=appt.id, now=now, changed_by="erasure")
    worker = session.get(Worker, appt.worker_id)
    practice = session.get(Practice, appt.practice_id)
    text = t(language, WORKER_TOLD).format(
        when=format_slot_time(appt.start_utc, language), worker=worker.name if worker else "-",
        practice=practice.code if practice else "-", reference=reference)
    # Not linked to the conversation: the alert must outlive it (and is no content).
    session.add(StaffAlert(conversation_id=None, kind="erasure_cancelled", text=text, created_at=now))


def erase(session: Session, *, reference: str, actor: Actor, via: str, now: datetime | None = None,
          language: str = "nl") -> ErasureReport | None:
    """Erase the conversation with this reference; None when there is none (already erased)."""
    if via not in VIA:
        raise ValueError(f"via must be one of {VIA}")
    conv = find_by_reference(session, reference)
    if conv is None:
        return None
    report = delete_conversation(session, conv, now=now, language=language)
    record(session, actor=actor, action="erase", object_type="conversation", reference=report.reference,
           practice_code=report.practice_code or "", detail=f"op verzoek via {via}", at=now)
    log.info("erased conversation reference=%s via=%s cancelled=%d", report.reference, via,
             len(report.cancelled_appointments))
    return report
