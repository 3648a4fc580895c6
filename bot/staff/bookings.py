"""The staff side of booking (issue 7): appointments in the calendar and on a handover,
availability exceptions, and rescheduling or cancelling through bot.booking, which also
tells the person in the chat. Every function degrades to "nothing" when the booking
feature is not in this build.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import AMSTERDAM


def _models():
    try:
        return importlib.import_module("bot.store.models_booking")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    return _models() is not None


def _to_utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class AppointmentView:
    id: int
    start_utc: datetime
    end_utc: datetime
    status: str
    type_label: str
    urgent: bool
    worker_name: str
    practice_code: str
    practice_id: int
    conversation_id: int | None
    handover_id: int | None

    @property
    def local_start(self) -> datetime:
        return self.start_utc.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)

    @property
    def local_end(self) -> datetime:
        return self.end_utc.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)


TYPE_NL = {"praktijk": "op de praktijk", "video": "beeldbellen", "telefoon": "telefonisch"}


def _view(a) -> AppointmentView:
    return AppointmentView(
        id=a.id, start_utc=a.start_utc, end_utc=a.end_utc, status=a.status,
        type_label=TYPE_NL.get(a.type_code, a.type_code),
        urgent=bool(a.urgent), worker_name=a.worker.name if a.worker else "",
        practice_code=a.practice.code if a.practice else "", practice_id=a.practice_id,
        conversation_id=a.conversation_id, handover_id=a.handover_id,
    )


def appointments_for_worker(
    session: Session, *, worker_id: int, start: datetime, end: datetime, practice_ids: set[int]
) -> list[AppointmentView]:
    m = _models()
    if m is None:
        return []
    A = m.Appointment
    rows = session.execute(
        select(A).where(
            A.worker_id == worker_id, A.status == m.STATUS_BOOKED, A.practice_id.in_(practice_ids),
            A.start_utc >= _to_utc_naive(start), A.start_utc < _to_utc_naive(end),
        ).order_by(A.start_utc)
    ).scalars()
    return [_view(a) for a in rows]


def appointment_for(
    session: Session, *, handover_id: int | None, conversation_id: int | None
) -> AppointmentView | None:
    """The booked appointment that follows this handover (or, failing that, its conversation)."""
    m = _models()
    if m is None:
        return None
    A = m.Appointment
    query = select(A).where(A.status == m.STATUS_BOOKED).order_by(A.start_utc.desc())
    row = None
    if handover_id is not None:
        row = session.execute(query.where(A.handover_id == handover_id)).scalars().first()
    if row is None and conversation_id is not None:
        row = session.execute(query.where(A.conversation_id == conversation_id)).scalars().first()
    return _view(row) if row is not None else None


def appointments_for_many(
    session: Session, *, pairs: list[tuple[int, int]]
) -> dict[int, AppointmentView]:
    """For the inbox: {handover_id: its next booked appointment} in one query.

    ``pairs`` are (handover_id, conversation_id); an appointment matches its handover, or
    failing that the handover's conversation (as :func:`appointment_for`).
    """
    m = _models()
    if m is None or not pairs:
        return {}
    A = m.Appointment
    handover_ids = {h for h, _ in pairs}
    conversation_ids = {c for _, c in pairs}
    rows = session.execute(
        select(A).where(A.status == m.STATUS_BOOKED,
                        (A.handover_id.in_(handover_ids)) | (A.conversation_id.in_(conversation_ids)))
        .order_by(A.start_utc.desc())
    ).scalars().all()
    by_handover, by_conversation = {}, {}
    for a in rows:  # newest start first; setdefault keeps it, like appointment_for
        if a.handover_id is not None:
            by_handover.setdefault(a.handover_id, a)
        if a.conversation_id is not None:
            by_conversation.setdefault(a.conversation_id, a)
    out = {}
    for h, c in pairs:
        a = by_handover.get(h) or by_conversation.get(c)
        if a is not None:
            out[h] = _view(a)
    return out


def get_appointment(session: Session, appointment_id: int):
    m = _models()
    return session.get(m.Appointment, appointment_id) if m is not None else None


@dataclass(frozen=True)
class ExceptionView:
    id: int
    start_utc: datetime
    end_utc: datetime
    kind: str


def exceptions_for_worker(session: Session, *, worker_id: int) -> list[ExceptionView] | None:
    """None when booking is not in this build (the page then hides the exceptions)."""
    m = _models()
    if m is None:
        return None
    E = m.AvailabilityException
    rows = session.execute(select(E).where(E.worker_id == worker_id).order_by(E.start_utc)).scalars()
    return [ExceptionView(e.id, e.start_utc, e.end_utc, e.kind) for e in rows]


def add_exception(session: Session, *, worker_id: int, start_utc: datetime, end_utc: datetime, kind: str):
    m = _models()
    row = m.AvailabilityException(worker_id=worker_id, start_utc=start_utc, end_utc=end_utc, kind=kind)
    session.add(row)
    session.flush()
    return row


def delete_exception(session: Session, *, worker_id: int, exception_id: int) -> bool:
    m = _models()
    row = session.get(m.AvailabilityException, exception_id) if m else None
    if row is None or row.worker_id != worker_id:
        return False
    session.delete(row)
    return True


@dataclass(frozen=True)
class SlotChoice:
    slot_id: str
    start_utc: datetime


def free_slots(session: Session, *, appointment_id: int, limit: int = 8) -> list[SlotChoice]:
    """The next free slots at the appointment's practice, for its type's duration."""
    if _models() is None:
        return []
    from bot.booking import service

    appt = get_appointment(session, appointment_id)
    if appt is None:
        return []
    kind = service.appointment_type(session, practice_id=appt.practice_id, code=appt.type_code)
    slots = service.find_slots(session, practice_id=appt.practice_id, limit=limit,
                               duration_minutes=kind.duration_minutes if kind else None)
    return [SlotChoice(s.slot_id, s.start_utc) for s in slots]


class ChangeRefused(Exception):
    """The booking service refused the change; the message is Dutch, for the page."""


def reschedule(session: Session, *, appointment_id: int, slot_id: str):
    from bot.booking import service

    try:
        return service.staff_reschedule(session, appointment_id=appointment_id, slot_id=slot_id)
    except service.SlotTaken:
        raise ChangeRefused("Dit tijdstip is net bezet. Kies een ander.") from None
    except service.BookingError:
        raise ChangeRefused("Dit tijdstip kan niet (meer). Kies een ander.") from None


def cancel(session: Session, *, appointment_id: int):
    from bot.booking import service

    try:
        return service.staff_cancel(session, appointment_id=appointment_id)
    except service.BookingError:
        raise ChangeRefused("Deze afspraak staat niet meer gepland.") from None
