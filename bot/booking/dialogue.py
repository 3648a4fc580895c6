"""The booking dialogue as plain functions: the Rasa actions (actions/booking.py) call these
and turn a :class:`Turn` into dispatcher messages and slot events. Unit-testable without Rasa.

Buttons use Rasa's intent payloads, e.g. ``/choose_slot{"slot_id":"3-20261124T1300Z"}``. The
.ics file goes out as a custom JSON message ``{"ics": {"filename", "content_b64"}}``, which
the bot process turns into ``Reply.document`` (bot.conversation.rasa_to_replies).
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.booking import ics
from bot.booking import service as B
from bot.booking import texts as T
from bot.replies import t
from bot.store import repo
from bot.store.models import Conversation, Practice
from bot.store.models_booking import Appointment

log = logging.getLogger("bot.booking.dialogue")

MAX_OFFER = 5


@dataclass
class Turn:
    messages: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    retry: bool = False  # the chosen time could not be booked: messages[0] says why, then offers again

    def say(self, text: str, buttons: list[tuple[str, str]] | None = None) -> None:
        self.messages.append({"text": text, "buttons": [{"title": a, "payload": b} for a, b in buttons or []]})


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def _practice(session, conv: Conversation | None, practice_code: str | None) -> Practice | None:
    if conv is not None and conv.practice_id:
        return session.get(Practice, conv.practice_id)
    if practice_code:
        practice = session.execute(select(Practice).where(Practice.code == practice_code.upper())).scalar_one_or_none()
        if practice is not None and conv is not None:
            repo.set_practice(session, conv, practice.id)
        return practice
    practices = list(session.execute(select(Practice).order_by(Practice.code)).scalars())
    return practices[0] if len(practices) == 1 else None


def _slot_buttons(slots, language: str) -> list[tuple[str, str]]:
    return [(T.slot_label(s.start_utc, language), _payload("choose_slot", slot_id=s.slot_id)) for s in slots]


def offer_slots(store, *, sender_id: str, language: str, more: bool = False, after: str | None = None,
                practice_code: str | None = None, urgent_alerted: bool = False,
                now: datetime | None = None) -> Turn:
    # A fresh offer (after the intake) books a new appointment; "andere tijden" keeps the mode.
    turn = Turn(slots={} if more else {"booking_mode": None})
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        practice = _practice(s, conv, practice_code)
        if practice is None:
            practices = list(s.execute(select(Practice).order_by(Practice.code)).scalars())
            turn.say(t(language, T.ASK_PRACTICE),
                     [(p.name, _payload("choose_practice", practice_code=p.code)) for p in practices])
            return turn
        handover_id, urgent = B.handover_for(s, conversation_id=conv.id) if conv else (None, False)
        offered = []
        intro = T.OFFER_MORE if more else T.OFFER
        if urgent and not more:
            offered = B.find_slots(s, practice_id=practice.id, urgent=True, now=now, limit=MAX_OFFER)
            if offered:
                intro = T.OFFER_URGENT
            elif not urgent_alerted:
                B.record_no_urgent_slot(s, practice_id=practice.id, conversation_id=conv.id if conv else None,
                                        handover_id=handover_id)
                turn.say(t(language, T.NO_URGENT_SLOT))
                turn.slots["urgent_alerted"] = True
        if not offered:
            after_utc = datetime.fromisoformat(after) if (more and after) else None
            offered = B.find_slots(s, practice_id=practice.id, now=now, limit=MAX_OFFER, after_utc=after_utc)
        if not offered:
            turn.say(t(language, T.NO_MORE_SLOTS if more else T.NO_SLOTS).format(phone=practice.phone or "-"))
            return turn
        buttons = _slot_buttons(offered, language) + [(t(language, T.MORE_BUTTON), "/more_slots")]
        turn.say(t(language, intro).format(worker_title=practice.worker_title), buttons)
        normal = [o for o in offered if not o.held]
        turn.slots["slots_after"] = normal[-1].start_utc.isoformat() if normal else None
        # What was offered, to read a typed choice ("de eerste", "dinsdag om 9") next turn.
        turn.slots["offered_slots"] = [f"{o.slot_id}|{o.start_utc.isoformat()}" for o in offered]
    return turn


def choose_slot(store, *, sender_id: str, language: str, slot_id: str | None, mode: str | None,
                now: datetime | None = None) -> Turn:
    """A time was chosen: ask how (booking), or move the appointment (rescheduling)."""
    if not slot_id:
        turn = offer_slots(store, sender_id=sender_id, language=language, now=now)
        turn.messages.insert(0, {"text": t(language, T.USE_BUTTONS), "buttons": []})
        return turn
    if mode == "reschedule":
        return _reschedule(store, sender_id=sender_id, language=language, slot_id=slot_id, now=now)
    turn = Turn(slots={"chosen_slot": slot_id})
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        practice = _practice(s, conv, None)
        kinds = B.appointment_types(s, practice_id=practice.id) if practice else []
        turn.say(t(language, T.ASK_TYPE),
                 [(T.type_name(k.code, language), _payload("choose_appointment_type", appointment_type=k.code))
                  for k in kinds])
    return turn


def ask_type(store, *, sender_id: str, language: str) -> tuple[Turn, list[str]]:
    """How the conversation takes place: the practice's appointment types as buttons."""
    turn = Turn()
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        practice = _practice(s, conv, None)
        kinds = B.appointment_types(s, practice_id=practice.id) if practice else []
        turn.say(t(language, T.ASK_TYPE),
                 [(T.type_name(k.code, language), _payload("choose_appointment_type", appointment_type=k.code))
                  for k in kinds])
        return turn, [k.code for k in kinds]


def booking_state(store, *, sender_id: str, practice_code: str | None, now: datetime | None = None) -> dict[str, Any]:
    """What the booking form must know before it asks: is there a practice, an appointment
    already, any free time at all, and which appointment types exist."""
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        practice = _practice(s, conv, practice_code)
        if practice is None:
            return {"practice": None, "appointment": None, "free": False, "types": []}
        current = B.next_appointment(s, conversation_id=conv.id, now=now) if conv else None
        handover_id, urgent = B.handover_for(s, conversation_id=conv.id) if conv else (None, False)
        free = bool(B.find_slots(s, practice_id=practice.id, now=now, limit=1)) or (
            urgent and bool(B.find_slots(s, practice_id=practice.id, urgent=True, now=now, limit=1)))
        types = [k.code for k in B.appointment_types(s, practice_id=practice.id)]
        return {"practice": practice.code, "appointment": current.id if current else None,
                "current_type": current.type_code if current else None, "free": free, "types": types,
                "phone": practice.phone}


def _ics_message(session, appt: Appointment, language: str) -> dict[str, Any]:
    content = ics.appointment_ics(session, appt, language)
    return {"json_message": {"ics": {"filename": ics.appointment_filename(appt),
                                     "content_b64": base64.b64encode(content).decode("ascii")}}}


def book(store, *, sender_id: str, language: str, slot_id: str | None, type_code: str | None,
         now: datetime | None = None) -> Turn:
    if not slot_id or not type_code:
        return offer_slots(store, sender_id=sender_id, language=language, now=now)
    turn = Turn()
    try:
        with store.session() as s:
            conv = repo.conversation_by_sender(s, sender_id)
            practice = _practice(s, conv, None)
            if practice is None:
                return offer_slots(store, sender_id=sender_id, language=language, now=now)
            handover_id, urgent = B.handover_for(s, conversation_id=conv.id) if conv else (None, False)
            appt = B.book(s, practice_id=practice.id, slot_id=slot_id, type_code=type_code,
                          conversation_id=conv.id if conv else None, handover_id=handover_id, urgent=urgent,
                          now=now)
            turn.say(T.confirmation(s, appt, language))
            turn.messages.append(_ics_message(s, appt, language))
            turn.slots.update({"appointment_id": float(appt.id), "chosen_slot": None, "booking_mode": None})
    except B.BookingError as exc:
        log.info("booking refused reason=%s", exc.code)
        retry = offer_slots(store, sender_id=sender_id, language=language, now=now)
        retry.messages.insert(0, {"text": t(language, T.SLOT_TAKEN if exc.code == "slot_taken" else T.SLOT_GONE),
                                  "buttons": []})
        retry.slots["chosen_slot"] = None
        retry.retry = True
        return retry
    return turn


def _reschedule(store, *, sender_id: str, language: str, slot_id: str, now: datetime | None) -> Turn:
    turn = Turn()
    try:
        with store.session() as s:
            conv = repo.conversation_by_sender(s, sender_id)
            current = B.next_appointment(s, conversation_id=conv.id, now=now, practice_id=conv.practice_id) if conv else None
            if current is None:
                turn.say(t(language, T.NO_APPOINTMENT), [(t(language, T.BOOK_BUTTON), "/request_appointment")])
                turn.slots["booking_mode"] = None
                return turn
            appt = B.reschedule(s, appointment_id=current.id, slot_id=slot_id, now=now)
            turn.say(T.confirmation(s, appt, language, rescheduled=True))
            turn.messages.append(_ics_message(s, appt, language))
            turn.slots.update({"appointment_id": float(appt.id), "booking_mode": None})
    except B.BookingError as exc:
        log.info("reschedule refused reason=%s", exc.code)
        retry = offer_slots(store, sender_id=sender_id, language=language, now=now)
        retry.messages.insert(0, {"text": t(language, T.SLOT_TAKEN if exc.code == "slot_taken" else T.SLOT_GONE),
                                  "buttons": []})
        retry.retry = True
        return retry
    return turn


def start_reschedule(store, *, sender_id: str, language: str, now: datetime | None = None) -> Turn:
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        current = B.next_appointment(s, conversation_id=conv.id, now=now, practice_id=conv.practice_id) if conv else None
    if current is None:
        turn = Turn(slots={"booking_mode": None})
        turn.say(t(language, T.NO_APPOINTMENT), [(t(language, T.BOOK_BUTTON), "/request_appointment")])
        return turn
    turn = offer_slots(store, sender_id=sender_id, language=language, now=now)
    turn.messages.insert(0, {"text": t(language, T.PICK_NEW_TIME), "buttons": []})
    turn.slots["booking_mode"] = "reschedule"
    return turn


def cancel(store, *, sender_id: str, language: str, confirm: str | None, now: datetime | None = None) -> Turn:
    turn = Turn(slots={"booking_mode": None})
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        current = B.next_appointment(s, conversation_id=conv.id, now=now, practice_id=conv.practice_id) if conv else None
        if current is None:
            turn.say(t(language, T.NO_APPOINTMENT), [(t(language, T.BOOK_BUTTON), "/request_appointment")])
            return turn
        when = T.details(s, current, language)["when"]
        if confirm == "ja":
            B.cancel(s, appointment_id=current.id, now=now)
            turn.say(t(language, T.CANCELLED).format(when=when))
            turn.slots["appointment_id"] = None
        elif confirm == "nee":
            turn.say(t(language, T.KEPT))
        else:
            turn.say(t(language, T.ASK_CANCEL).format(when=when),
                     [(t(language, T.CANCEL_YES), _payload("cancel_appointment", confirm="ja")),
                      (t(language, T.CANCEL_NO), _payload("cancel_appointment", confirm="nee"))])
    return turn


def show(store, *, sender_id: str, language: str, now: datetime | None = None) -> Turn:
    turn = Turn()
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        current = B.next_appointment(s, conversation_id=conv.id, now=now, practice_id=conv.practice_id) if conv else None
        if current is None:
            turn.say(t(language, T.NO_APPOINTMENT), [(t(language, T.BOOK_BUTTON), "/request_appointment")])
            return turn
        info = T.details(s, current, language)
        turn.say(t(language, T.SHOW_APPOINTMENT).format(**info),
                 [(t(language, T.RESCHEDULE_BUTTON), "/reschedule_appointment"),
                  (t(language, T.CANCEL_BUTTON), "/cancel_appointment"),
                  (t(language, T.KEEP_BUTTON), _payload("cancel_appointment", confirm="nee"))])
    return turn
