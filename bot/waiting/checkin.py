"""The waiting-time check-in on the outbox: planned when an appointment is booked, rendered when
it is due, sent once.

- :func:`plan` runs inside the booking transaction (``bot.booking.service.book``): one check-in
  per handover, moved along when the appointment is moved, never a second one once sent.
- The message is a ``chat_outbox`` row of kind ``checkin``: claimed with the outbox's
  conditional UPDATE, so one instance sends it, once, across restarts.
- :func:`render` decides at send time: not for a conversation that was reset (``/stop``) or
  erased (its rows are gone), not when the appointment is no longer booked or is too close,
  and never pushed outside decent hours (then :class:`~bot.outbox.Later`). On a channel the bot
  cannot push to (the terminal) it shows when the person writes next: they are awake then.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import format_long_time
from bot.outbox import CHECKIN, Later
from bot.replies import Button, Reply, t
from bot.store.models import Conversation, Practice
from bot.store.models_booking import STATUS_BOOKED, Appointment, ChatOutbox
from bot.store.models_handover import Handover
from bot.store.models_waiting import Checkin
from bot.waiting import selfhelp, timing
from bot.waiting import texts as T

log = logging.getLogger("bot.waiting.checkin")


def voice_of(handover: Handover | None) -> str:
    return "parent" if handover is not None and handover.role == "ouder" else "young"


def _checkins(session: Session, conversation_id: int) -> list[Checkin]:
    return list(session.execute(select(Checkin).where(Checkin.conversation_id == conversation_id)
                                .order_by(Checkin.id)).scalars())


def plan(session: Session, appt: Appointment, *, now: datetime) -> Checkin | None:
    """After a booking: plan the check-in, or move the one not yet sent to this appointment."""
    if appt.conversation_id is None:
        return None
    # An urgent appointment usually is within days, and then the days rule below says no; an
    # urgent family that chose a time further ahead waits too, and needs the check-in most.
    from bot.booking.service import booking_settings

    conv = session.get(Conversation, appt.conversation_id)
    if conv is None:
        return None
    existing = next((c for c in reversed(_checkins(session, conv.id)) if c.handover_id == appt.handover_id), None)
    if existing is not None and existing.sent_at is not None:
        return None  # once per handover
    cfg = booking_settings(session, practice_id=appt.practice_id)
    due = timing.checkin_due(booked_utc=now, start_utc=appt.start_utc, checkin_days=cfg.checkin_days)
    row = session.get(ChatOutbox, existing.outbox_id) if existing is not None and existing.outbox_id else None
    pending = row is not None and row.sent_at is None and row.cancelled_at is None
    if due is None:
        if pending:
            row.cancelled_at = now
        if existing is not None:
            existing.appointment_id = appt.id
        return existing
    if pending:
        row.appointment_id, row.due_utc = appt.id, due
    else:
        row = ChatOutbox(conversation_id=conv.id, appointment_id=appt.id, kind=CHECKIN, due_utc=due, created_at=now)
        session.add(row)
        session.flush()
    if existing is None:
        existing = Checkin(conversation_id=conv.id, handover_id=appt.handover_id, created_at=now, updated_at=now,
                           sender_id=conv.sender_id)
        session.add(existing)
    existing.appointment_id, existing.outbox_id, existing.sender_id = appt.id, row.id, conv.sender_id
    session.flush()
    log.info("checkin planned conversation=%s appointment=%s due=%s", conv.reference, appt.id, due.isoformat())
    return existing


def cancel_pending(session: Session, *, appointment_id: int, now: datetime) -> None:
    """The appointment is cancelled: its check-in is not sent."""
    for row in session.execute(select(ChatOutbox).where(
            ChatOutbox.appointment_id == appointment_id, ChatOutbox.kind == CHECKIN,
            ChatOutbox.sent_at.is_(None), ChatOutbox.cancelled_at.is_(None))).scalars():
        row.cancelled_at = now


def render(session: Session, row: ChatOutbox, now: datetime, *, pull: bool = False) -> Reply | Later | None:
    checkin = session.execute(select(Checkin).where(Checkin.outbox_id == row.id)).scalar_one_or_none()
    conv = session.get(Conversation, row.conversation_id)
    appt = session.get(Appointment, row.appointment_id) if row.appointment_id else None
    if checkin is None or conv is None or appt is None or appt.status != STATUS_BOOKED:
        return None
    if conv.sender_id != checkin.sender_id:
        log.info("checkin dropped after /stop conversation=%s", conv.reference)
        return None
    if not timing.still_worth_sending(now_utc=now, start_utc=appt.start_utc):
        log.info("checkin dropped: appointment too close conversation=%s", conv.reference)
        return None
    if any(c.sent_at is not None and c.handover_id == checkin.handover_id and c.id != checkin.id
           for c in _checkins(session, conv.id)):
        return None
    if not pull and not timing.is_decent(now):
        return Later(timing.next_decent(now))
    handover = session.get(Handover, checkin.handover_id) if checkin.handover_id else None
    checkin.step = "answer"
    checkin.urgency_before = handover.urgency if handover is not None else None
    return message(session, conv=conv, appt=appt, handover=handover)


def message(session: Session, *, conv: Conversation, appt: Appointment, handover: Handover | None) -> Reply:
    language = conv.language or "nl"
    practice = session.get(Practice, appt.practice_id)
    voice = voice_of(handover)
    themes = [x for x in (handover.themes or "").split(",") if x] if handover is not None else []
    from bot.replies import HELP_LINES_SHORT
    from bot.safety.helplines import placeholders

    text = "\n\n".join((
        t(language, T.CHECKIN_QUESTION[voice]).format(
            practice=practice.name if practice else "", worker_title=practice.worker_title if practice else "",
            when=format_long_time(appt.start_utc, language)),
        t(language, T.CHECKIN_TIP).format(step=selfhelp.step(themes, voice, language)),
        t(language, HELP_LINES_SHORT, **placeholders()),
        t(language, T.CHECKIN_NO_NEED),
    ))
    buttons = tuple(Button(t(language, title), payload) for title, payload in T.CHECKIN_BUTTONS)
    return Reply(text, buttons, kind=CHECKIN)


def mark_sent(session: Session, *, outbox_id: int, at: datetime) -> None:
    checkin = session.execute(select(Checkin).where(Checkin.outbox_id == outbox_id)).scalar_one_or_none()
    if checkin is not None:
        checkin.sent_at = at
        log.info("checkin sent conversation=%s checkin=%s", checkin.conversation_id, checkin.id)
