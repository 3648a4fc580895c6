"""Booking on the database: find free slots, book, reschedule and cancel.

Functions take the session first and keyword-only arguments, like bot.store.repo. The caller
owns the transaction (``with store.session()``); :func:`book` and :func:`reschedule` flush
inside it, and a clash with the unique index ``uq_appointments_worker_start_booked`` rolls
the session back and raises :class:`SlotTaken`. Make the booking the session's only write.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.booking import slots as S
from bot.store.models import Conversation, Practice, WeeklyHours, Worker, practice_workers, utcnow
from bot.store.models_booking import (
    STATUS_BOOKED,
    STATUS_CANCELLED,
    STATUS_RESCHEDULED,
    Appointment,
    AppointmentType,
    AvailabilityException,
    BookingSettings,
    ChatOutbox,
    HeldSlot,
    UrgentRequest,
)

log = logging.getLogger("bot.booking")

# The flag on the handover when an urgent intake found no held-back slot free.
NO_URGENT_SLOT_FLAG = "geen_spoedplek"


class BookingError(Exception):
    """The request cannot be honoured; ``code`` says why (for the dialogue and the CLI)."""

    code = "error"


class SlotTaken(BookingError):
    code = "slot_taken"


class SlotUnavailable(BookingError):
    code = "slot_unavailable"


class NotFound(BookingError):
    code = "not_found"


# -- settings and reference data ---------------------------------------------------------


def booking_settings(session: Session, *, practice_id: int) -> BookingSettings:
    found = session.get(BookingSettings, practice_id)
    if found is not None:
        return found
    # Defaults (not added to the session): the column defaults of BookingSettings.
    return BookingSettings(practice_id=practice_id, lead_time_hours=24, horizon_weeks=8, slot_minutes=45,
                           urgent_lead_time_hours=2, urgent_window_days=7, reminder_hours=24, checkin_days=7,
                           observe_public_holidays=True)


def appointment_types(session: Session, *, practice_id: int) -> list[AppointmentType]:
    """The practice's own types, else the defaults (practice_id NULL); active ones, in order."""
    rows = list(session.execute(
        select(AppointmentType).where(AppointmentType.practice_id == practice_id, AppointmentType.active)
        .order_by(AppointmentType.position)).scalars())
    if rows:
        return rows
    return list(session.execute(
        select(AppointmentType).where(AppointmentType.practice_id.is_(None), AppointmentType.active)
        .order_by(AppointmentType.position)).scalars())


def appointment_type(session: Session, *, practice_id: int, code: str) -> AppointmentType | None:
    return next((t for t in appointment_types(session, practice_id=practice_id) if t.code == code), None)


def _rules(cfg: BookingSettings, *, urgent: bool, duration_minutes: int | None = None) -> S.Rules:
    slot = cfg.slot_minutes
    return S.Rules(
        lead_time=timedelta(hours=cfg.urgent_lead_time_hours if urgent else cfg.lead_time_hours),
        horizon=timedelta(days=cfg.urgent_window_days) if urgent else timedelta(weeks=cfg.horizon_weeks),
        slot_minutes=slot,
        duration_minutes=min(duration_minutes or slot, slot),
        observe_public_holidays=cfg.observe_public_holidays,
    )


def load_calendar(session: Session, *, practice_id: int, start_utc: datetime, end_utc: datetime
                  ) -> tuple[list[S.Block], S.Calendar]:
    """Blocks of the practice's active workers, and what keeps them busy (at any practice)."""
    hours = session.execute(
        select(WeeklyHours).join(Worker, Worker.id == WeeklyHours.worker_id)
        .join(practice_workers, (practice_workers.c.worker_id == Worker.id)
              & (practice_workers.c.practice_id == practice_id))
        .where(WeeklyHours.practice_id == practice_id, Worker.active)
    ).scalars().all()
    blocks = [S.Block(h.worker_id, h.practice_id, h.weekday, S.parse_hhmm(h.start_time), S.parse_hhmm(h.end_time))
              for h in hours]
    workers = sorted({b.worker_id for b in blocks})
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    exceptions: dict[int, list[tuple[datetime, datetime]]] = {}
    if workers:
        for wid, s, e in session.execute(
            select(Appointment.worker_id, Appointment.start_utc, Appointment.end_utc).where(
                Appointment.worker_id.in_(workers), Appointment.status == STATUS_BOOKED,
                Appointment.end_utc > start_utc, Appointment.start_utc < end_utc)):
            busy.setdefault(wid, []).append((s, e))
        for wid, s, e in session.execute(
            select(AvailabilityException.worker_id, AvailabilityException.start_utc, AvailabilityException.end_utc)
            .where(AvailabilityException.worker_id.in_(workers), AvailabilityException.end_utc > start_utc,
                   AvailabilityException.start_utc < end_utc)):
            exceptions.setdefault(wid, []).append((s, e))
    held = frozenset(tuple(r) for r in session.execute(
        select(HeldSlot.worker_id, HeldSlot.practice_id, HeldSlot.weekday, HeldSlot.start_time)
        .where(HeldSlot.practice_id == practice_id)).all())
    return blocks, S.Calendar(busy=busy, exceptions=exceptions, held=held)


# -- searching ----------------------------------------------------------------------------


def find_slots(session: Session, *, practice_id: int, now: datetime | None = None, urgent: bool = False,
               limit: int | None = 5, after_utc: datetime | None = None,
               duration_minutes: int | None = None) -> list[S.Slot]:
    """The earliest free slots. Urgent: only the held-back slots in the urgent window."""
    now = now or utcnow()
    cfg = booking_settings(session, practice_id=practice_id)
    rules = _rules(cfg, urgent=urgent, duration_minutes=duration_minutes)
    earliest = after_utc + timedelta(minutes=1) if after_utc else None
    held = "only" if urgent else "exclude"
    if limit is not None:
        # Most searches end within days: look at a short window first, loading only the
        # appointments in it, and the whole horizon only when that window is not enough.
        window_end = max(now + rules.lead_time, earliest or now) + timedelta(days=14)
        blocks, calendar = load_calendar(session, practice_id=practice_id, start_utc=now, end_utc=window_end)
        found = S.search(blocks, calendar, rules, now_utc=now, earliest_utc=earliest, latest_utc=window_end,
                         held=held, limit=limit)
        if len(found) >= limit:
            return found
    blocks, calendar = load_calendar(session, practice_id=practice_id, start_utc=now,
                                     end_utc=now + rules.horizon + timedelta(days=1))
    return S.search(blocks, calendar, rules, now_utc=now, earliest_utc=earliest, held=held, limit=limit)


def _check_bookable(session: Session, *, practice_id: int, worker_id: int, start_utc: datetime,
                    urgent: bool, now: datetime, duration_minutes: int, ignore_id: int | None = None) -> S.Slot:
    cfg = booking_settings(session, practice_id=practice_id)
    blocks, calendar = load_calendar(session, practice_id=practice_id, start_utc=start_utc - timedelta(days=1),
                                     end_utc=start_utc + timedelta(days=1))
    if ignore_id is not None:
        own = session.get(Appointment, ignore_id)
        if own is not None and own.worker_id in calendar.busy:
            calendar = S.Calendar(busy={**calendar.busy, own.worker_id: [
                iv for iv in calendar.busy[own.worker_id] if iv != (own.start_utc, own.end_utc)]},
                exceptions=calendar.exceptions, held=calendar.held)
    blocks = [b for b in blocks if b.worker_id == worker_id]
    # Everyone may take an ordinary slot; only an urgent intake gets a held-back one.
    modes = [(False, "exclude")] + ([(True, "only")] if urgent else [])
    for urgent_rules, held in modes:
        rules = _rules(cfg, urgent=urgent_rules, duration_minutes=duration_minutes)
        for slot in S.search(blocks, calendar, rules, now_utc=now, earliest_utc=start_utc,
                             latest_utc=start_utc, held=held):
            if slot.start_utc == start_utc:
                return slot
    # Not on the grid, outside the hours, in the past, taken or held back.
    if any(iv[0] == start_utc for iv in calendar.busy.get(worker_id, ())):
        raise SlotTaken("slot already booked")
    raise SlotUnavailable("slot not bookable")


# -- booking ------------------------------------------------------------------------------


def book(session: Session, *, practice_id: int, slot_id: str, type_code: str,
         conversation_id: int | None = None, handover_id: int | None = None, urgent: bool = False,
         now: datetime | None = None, changed_by: str = "client",
         rescheduled_from: Appointment | None = None) -> Appointment:
    now = now or utcnow()
    try:
        worker_id, start_utc = S.parse_slot_id(slot_id)
    except ValueError:
        raise SlotUnavailable("malformed slot id") from None
    kind = appointment_type(session, practice_id=practice_id, code=type_code)
    if kind is None:
        raise BookingError(f"unknown appointment type {type_code!r}")
    slot = _check_bookable(session, practice_id=practice_id, worker_id=worker_id, start_utc=start_utc,
                           urgent=urgent, now=now, duration_minutes=kind.duration_minutes,
                           ignore_id=rescheduled_from.id if rescheduled_from is not None else None)
    if rescheduled_from is not None:
        rescheduled_from.status = STATUS_RESCHEDULED
        rescheduled_from.changed_by = changed_by
        rescheduled_from.updated_at = now
        session.flush()
    appt = Appointment(practice_id=practice_id, worker_id=worker_id, conversation_id=conversation_id,
                       handover_id=handover_id, type_code=type_code, start_utc=slot.start_utc,
                       end_utc=slot.start_utc + timedelta(minutes=kind.duration_minutes),
                       status=STATUS_BOOKED, urgent=urgent, changed_by=changed_by,
                       rescheduled_from_id=rescheduled_from.id if rescheduled_from is not None else None,
                       created_at=now, updated_at=now)
    session.add(appt)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise SlotTaken("slot already booked") from None
    _schedule_reminder(session, appt, now=now)
    from bot.waiting import checkin  # the waiting-time check-in rides on the same outbox

    checkin.plan(session, appt, now=now)
    log.info("appointment booked id=%s practice=%s worker=%s urgent=%s", appt.id, practice_id, worker_id, urgent)
    return appt


def reschedule(session: Session, *, appointment_id: int, slot_id: str, now: datetime | None = None,
               changed_by: str = "client", urgent: bool | None = None) -> Appointment:
    """Move an appointment: the old row becomes 'rescheduled', a new 'booked' row is made.

    ``urgent=True`` moves it to a held-back urgent slot (the waiting-time check-in found that
    things got worse); by default the appointment keeps its own urgency.
    """
    now = now or utcnow()
    old = _active(session, appointment_id)
    new = book(session, practice_id=old.practice_id, slot_id=slot_id, type_code=old.type_code,
               conversation_id=old.conversation_id, handover_id=old.handover_id,
               urgent=old.urgent if urgent is None else urgent, now=now,
               changed_by=changed_by, rescheduled_from=old)
    _cancel_pending(session, old.id, now)
    return new


def cancel(session: Session, *, appointment_id: int, now: datetime | None = None,
           changed_by: str = "client") -> Appointment:
    now = now or utcnow()
    appt = _active(session, appointment_id)
    appt.status = STATUS_CANCELLED
    appt.changed_by = changed_by
    appt.updated_at = now
    _cancel_pending(session, appt.id, now)
    log.info("appointment cancelled id=%s by=%s", appt.id, changed_by)
    return appt


def staff_reschedule(session: Session, *, appointment_id: int, slot_id: str, now: datetime | None = None,
                     language: str | None = None) -> Appointment:
    """For the staff workspace: move the appointment and tell the person in the chat."""
    from bot.booking import texts

    new = reschedule(session, appointment_id=appointment_id, slot_id=slot_id, now=now, changed_by="staff")
    _queue_message(session, new, kind="staff_rescheduled",
                   body=texts.staff_rescheduled(session, new, _language(session, new, language)), now=now)
    return new


def staff_cancel(session: Session, *, appointment_id: int, now: datetime | None = None,
                 language: str | None = None) -> Appointment:
    """For the staff workspace: cancel the appointment and tell the person in the chat."""
    from bot.booking import texts

    appt = cancel(session, appointment_id=appointment_id, now=now, changed_by="staff")
    _queue_message(session, appt, kind="staff_cancelled",
                   body=texts.staff_cancelled(session, appt, _language(session, appt, language)), now=now)
    return appt


def _language(session: Session, appt: Appointment, language: str | None) -> str:
    if language:
        return language
    conv = session.get(Conversation, appt.conversation_id) if appt.conversation_id else None
    return conv.language if conv is not None else "nl"


def _active(session: Session, appointment_id: int) -> Appointment:
    appt = session.get(Appointment, appointment_id, with_for_update=True)
    if appt is None or appt.status != STATUS_BOOKED:
        raise NotFound("no such booked appointment")
    return appt


def _schedule_reminder(session: Session, appt: Appointment, *, now: datetime) -> None:
    if appt.conversation_id is None:
        return
    cfg = booking_settings(session, practice_id=appt.practice_id)
    due = appt.start_utc - timedelta(hours=cfg.reminder_hours)
    if due <= now:
        return  # the confirmation was just sent; a reminder right after it would be noise
    session.add(ChatOutbox(conversation_id=appt.conversation_id, appointment_id=appt.id, kind="reminder",
                           due_utc=due, created_at=now))


def _queue_message(session: Session, appt: Appointment, *, kind: str, body: str, now: datetime | None) -> None:
    if appt.conversation_id is None:
        return
    now = now or utcnow()
    session.add(ChatOutbox(conversation_id=appt.conversation_id, appointment_id=appt.id, kind=kind,
                           body=body, due_utc=now, created_at=now))


def _cancel_pending(session: Session, appointment_id: int, now: datetime) -> None:
    for row in session.execute(select(ChatOutbox).where(
            ChatOutbox.appointment_id == appointment_id, ChatOutbox.kind.in_(("reminder", "checkin")),
            ChatOutbox.sent_at.is_(None), ChatOutbox.cancelled_at.is_(None))).scalars():
        row.cancelled_at = now


# -- queries ------------------------------------------------------------------------------


def next_appointment(session: Session, *, conversation_id: int, now: datetime | None = None,
                     practice_id: int | None = None) -> Appointment | None:
    """The conversation's next booked appointment; with ``practice_id``, only one at that practice
    (the chat's actions never reach an appointment of another practice)."""
    now = now or utcnow()
    q = select(Appointment).where(Appointment.conversation_id == conversation_id,
                                  Appointment.status == STATUS_BOOKED, Appointment.start_utc > now)
    if practice_id is not None:
        q = q.where(Appointment.practice_id == practice_id)
    return session.execute(q.order_by(Appointment.start_utc).limit(1)).scalar_one_or_none()


def upcoming(session: Session, *, now: datetime | None = None, practice_code: str | None = None,
             include_cancelled: bool = False) -> list[Appointment]:
    now = now or utcnow()
    q = select(Appointment).where(Appointment.start_utc >= now)
    if not include_cancelled:
        q = q.where(Appointment.status == STATUS_BOOKED)
    if practice_code:
        q = q.join(Practice, Practice.id == Appointment.practice_id).where(Practice.code == practice_code.upper())
    return list(session.execute(q.order_by(Appointment.start_utc, Appointment.id)).scalars())


@dataclass(frozen=True)
class NoUrgentSlot:
    request_id: int
    alert_id: int | None


def record_no_urgent_slot(session: Session, *, practice_id: int, conversation_id: int | None,
                          handover_id: int | None = None) -> NoUrgentSlot:
    """An urgent intake found no free held-back slot: note it and alert staff (no health details)."""
    from bot.store import repo

    req = UrgentRequest(practice_id=practice_id, conversation_id=conversation_id, handover_id=handover_id)
    session.add(req)
    conv = session.get(Conversation, conversation_id) if conversation_id else None
    ref = conv.reference if conv is not None else "-"
    alert = repo.queue_staff_alert(
        session, conversation=conv, kind="urgent_no_slot",
        text=f"Urgente aanmelding {ref}: geen vrije spoedplek. Neem contact op om een afspraak te maken.")
    _flag_handover(session, handover_id=handover_id, conversation_id=conversation_id)
    session.flush()
    log.warning("no urgent slot free practice=%s conversation=%s", practice_id, conversation_id)
    return NoUrgentSlot(req.id, alert.id)


def _flag_handover(session: Session, *, handover_id: int | None, conversation_id: int | None) -> None:
    """Add the flag ``geen_spoedplek`` to the handover, when there is one."""
    from bot.intake import repo as intake_repo
    from bot.store.models_handover import Handover

    h = session.get(Handover, handover_id) if handover_id else None
    if h is None and conversation_id is not None:
        h = intake_repo.open_handover(session, conversation_id=conversation_id)
    if h is None:
        return
    flags = intake_repo.flags_of(h)
    if NO_URGENT_SLOT_FLAG not in flags:
        h.flags = json.dumps(flags + [NO_URGENT_SLOT_FLAG])


def handover_for(session: Session, *, conversation_id: int) -> tuple[int | None, bool]:
    """(handover id, urgent?) of the conversation's open handover, if the intake made one."""
    from bot.intake import repo as intake_repo

    h = intake_repo.open_handover(session, conversation_id=conversation_id)
    if h is None:
        return None, False
    return h.id, h.urgency in ("urgent", "crisis")
