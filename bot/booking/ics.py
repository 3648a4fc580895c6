"""iCalendar (.ics) for one appointment (sent in the chat) and a per-worker feed (subscribed
to by URL in Outlook or Google Calendar). Times are written in UTC ('Z'); calendar apps show
them in the reader's own zone. The feed carries no health details and no client names: only
the type, the practice and the conversation reference."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.booking import texts
from bot.store.models import Conversation, Practice, Worker, utcnow
from bot.store.models_booking import STATUS_BOOKED, Appointment

PRODID = "-//Jeugdintake//booking//NL"
MIME_TYPE = "text/calendar"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


def _uid(appt: Appointment) -> str:
    return f"appointment-{appt.id}@jeugdintake"


def _calendar(name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def appointment_ics(session: Session, appt: Appointment, language: str = "nl") -> bytes:
    """The .ics the person gets with the confirmation (METHOD:PUBLISH, one VEVENT)."""
    info = texts.details(session, appt, language)
    cal = _calendar()
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", _uid(appt))
    event.add("dtstamp", _utc(utcnow()))
    event.add("dtstart", _utc(appt.start_utc))
    event.add("dtend", _utc(appt.end_utc))
    event.add("summary", f"{info['worker_title']}: {info['worker']}")
    event.add("location", info["where"])
    event.add("description", f"{info['how']} — {info['practice']}, {info['phone']}")
    event.add("status", "CONFIRMED" if appt.status == STATUS_BOOKED else "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()


def appointment_filename(appt: Appointment) -> str:
    return f"afspraak-{appt.start_utc:%Y%m%d-%H%M}.ics"


def worker_by_token(session: Session, token: str) -> Worker | None:
    if not token or len(token) < 16:
        return None
    return session.execute(select(Worker).where(Worker.calendar_token == token)).scalar_one_or_none()


def worker_feed(session: Session, worker: Worker, *, now: datetime | None = None, past_days: int = 30) -> bytes:
    """Booked appointments of one worker from ``past_days`` ago onwards."""
    now = now or utcnow()
    cal = _calendar(f"Afspraken {worker.name}")
    rows = session.execute(
        select(Appointment, Practice.name, Conversation.reference)
        .join(Practice, Practice.id == Appointment.practice_id)
        .outerjoin(Conversation, Conversation.id == Appointment.conversation_id)
        .where(Appointment.worker_id == worker.id, Appointment.status == STATUS_BOOKED,
               Appointment.start_utc >= now - timedelta(days=past_days))
        .order_by(Appointment.start_utc)).all()
    for appt, practice_name, reference in rows:
        event = Event()
        event.add("uid", _uid(appt))
        event.add("dtstamp", _utc(appt.updated_at or appt.created_at))
        event.add("dtstart", _utc(appt.start_utc))
        event.add("dtend", _utc(appt.end_utc))
        label = texts.type_name(appt.type_code, "nl").lower()
        event.add("summary", f"Jeugdintake {reference or appt.id} ({label})")
        event.add("location", practice_name)
        cal.add_component(event)
    return cal.to_ical()


def document_from_custom(custom: dict):
    """Rasa custom payload ``{"ics": {"filename", "content_b64"}}`` -> bot.replies.Document."""
    import base64
    import binascii

    from bot.replies import Document

    spec = custom.get("ics")
    if not isinstance(spec, dict):
        return None
    try:
        content = base64.b64decode(str(spec.get("content_b64", "")), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not content.startswith(b"BEGIN:VCALENDAR"):
        return None
    name = str(spec.get("filename") or "afspraak.ics")
    return Document(filename=name if name.endswith(".ics") else name + ".ics", mime_type=MIME_TYPE, content=content)
