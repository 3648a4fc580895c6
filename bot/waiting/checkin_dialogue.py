"""The few turns after the waiting-time check-in: better, the same or worse, and what follows.

- **better**: keep the appointment, or cancel it (the booking dialogue asks to confirm);
- **the same**: the appointment stays;
- **worse**: what changed (their words, optional), how heavy it is now (1-10), school (for a
  school worry); the triage rules (bot.intake.triage) run again on the intake answers with the
  new ones. When they now say urgent, the family is offered a held-back urgent slot (or staff
  are asked to call when none is free); the handover is flagged and moves up in the inbox.

Every function is one short transaction and returns the replies; the conversation side
(bot.waiting.conversation) decides which turn goes here. Synchronous: run it in a thread.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.booking import service as B
from bot.i18n import format_long_time, format_slot_time
from bot.intake import triage as TR
from bot.intake.parsing import normalise, parse_heaviness, parse_school_attendance, parse_yes_no
from bot.intake.record import IntakeRecord
from bot.replies import HELP_LINES_SHORT, Button, Document, Reply, t
from bot.safety.helplines import placeholders
from bot.store import repo
from bot.store.models import Conversation, Practice, utcnow
from bot.store.models_booking import STATUS_BOOKED, Appointment, ChatOutbox
from bot.store.models_handover import Handover
from bot.store.models_waiting import Checkin
from bot.waiting import texts as T
from bot.waiting.checkin import voice_of
from bot.waiting.parsing import asks_something

log = logging.getLogger("bot.waiting.checkin")

ANSWERS = ("better", "same", "worse")
WORSE_FLAG = "wachttijd_slechter"
MAX_CHANGE = 1000
MAX_URGENT_OFFER = 3
# Typed in the "worse" answer, more than this many words also say what changed.
CHANGE_WORDS = 3

_KEEP_RE = re.compile(r"(ik )?(wil )?(de |mijn )?(afspraak )?(houden|laten staan|blijft staan|houd ik|hou ik)"
                      r"( hem| die)?( graag| maar| wel)?")
_PAYLOAD_RE = re.compile(r"^/checkin_(\w+?)(\{.*\})?$")


def parse_payload(payload: str) -> tuple[str, dict] | None:
    """('worse', {}) for '/checkin_worse'; ('level', {'n': 7}) for '/checkin_level{"n":7}'."""
    m = _PAYLOAD_RE.match(payload.strip())
    if not m:
        return None
    try:
        values = json.loads(m.group(2)) if m.group(2) else {}
    except ValueError:
        return None
    return m.group(1), values if isinstance(values, dict) else {}


def typed_answer(text: str, language: str) -> str | None:
    """'better' for "Beter", "beter!" or "Slechter, ze komt haar bed niet uit" typed instead of
    pressing: the title of one of the check-in's buttons (in the conversation's language or in
    Dutch), alone or followed by a comma, full stop, colon or dash and their own words. Other
    phrasings are Rasa's (the checkin_* intents)."""
    words = normalise(text).strip()
    for title, payload in T.CHECKIN_BUTTONS:
        for name in dict.fromkeys((normalise(t(language, title)), normalise(title))):
            if re.fullmatch(rf"{re.escape(name)}\W*|{re.escape(name)}\s*[,.:;\u2013\u2014-]\s*\w.*", words, re.S):
                return payload.removeprefix("/checkin_")
    return None


def _payload(name: str, **values) -> str:
    return f"/checkin_{name}" + (json.dumps(values, separators=(",", ":")) if values else "")


class CheckinDialogue:
    def __init__(self, store):
        self.store = store

    # -- which check-in a turn belongs to ------------------------------------------------------

    def waiting_step(self, conversation_id: int) -> str | None:
        """The step of this conversation's open check-in dialogue (None: none open)."""
        with self.store.session() as s:
            c = self._open(s, conversation_id)
            return c.step if c is not None else None

    @staticmethod
    def _open(s: Session, conversation_id: int) -> Checkin | None:
        return s.execute(select(Checkin).where(Checkin.conversation_id == conversation_id,
                                               Checkin.step.is_not(None), Checkin.step != "done")
                         .order_by(Checkin.id.desc()).limit(1)).scalar_one_or_none()

    # -- entry points --------------------------------------------------------------------------

    def pressed(self, conversation_id: int, payload: str, *, now: datetime | None = None) -> list[Reply] | None:
        """A check-in button; None when the payload is not one of ours."""
        parsed = parse_payload(payload)
        if parsed is None:
            return None
        name, values = parsed
        now = now or utcnow()
        with self.store.session() as s:
            conv = s.get(Conversation, conversation_id)
            if name in ANSWERS:
                return self._answer(s, conv, name, "", now, pressed=True)
            c = self._open(s, conversation_id)
            if c is None or not self._still_current(s, conv, c, now):
                return [Reply(t(conv.language, T.ALREADY_ANSWERED), kind="notice")]
            if name == "skip" and c.step == "change":
                return self._after_change(s, conv, c, None)
            if name == "level" and c.step == "heaviness":
                return self._heaviness(s, conv, c, values.get("n"), now)
            if name == "school" and c.step == "school":
                return self._school(s, conv, c, values.get("v"), now)
            if name == "move" and c.step == "slots":
                return self._move(s, conv, c, str(values.get("slot", "")), now)
            if name == "keep" and c.step in ("slots", "keep"):
                c.step = "done"
                return [Reply(t(conv.language, T.KEPT).format(when=self._when(s, conv, c)))]
            return [Reply(t(conv.language, T.ALREADY_ANSWERED), kind="notice")]

    def typed(self, conversation_id: int, text: str, *, now: datetime | None = None) -> list[Reply] | None:
        """Typed text while a step waits for it; None: not for the check-in (Rasa gets it)."""
        now = now or utcnow()
        with self.store.session() as s:
            c = self._open(s, conversation_id)
            if c is None or c.step not in ("answer", "change", "heaviness", "school", "keep"):
                return None
            conv = s.get(Conversation, conversation_id)
            if not self._still_current(s, conv, c, now):
                return None
            if c.step == "keep":
                return self._typed_keep(s, conv, c, text)
            if c.step == "answer":  # the check-in waits: a button's title typed is that answer
                answer = typed_answer(text, conv.language)
                return None if answer is None else self._answer(s, conv, answer, text, now)
            from bot.intake.parsing import is_stop

            if is_stop(text):
                c.step = "done"
                return [Reply(t(conv.language, T.STOPPED).format(when=self._when(s, conv, c)))]
            if asks_something(text):
                return None  # a question in between: the dialogue answers it, this one waits
            if c.step == "change":
                return self._after_change(s, conv, c, text)
            if c.step == "heaviness":
                return self._heaviness(s, conv, c, parse_heaviness(text), now)
            return self._school(s, conv, c, _school_from_text(text), now)

    def _typed_keep(self, s: Session, conv: Conversation, c: Checkin, text: str) -> list[Reply] | None:
        """Typed to "keep the appointment, or cancel it?": "houden", "laten staan" or the keep
        button's title keep it; "ja" or "1" only right after that question (a later "ja" answers
        something else). Anything else, "afzeggen" too, goes on to the dialogue (the booking
        dialogue asks to confirm a cancellation)."""
        words = normalise(text).strip().rstrip(".!")
        keep = normalise(t(conv.language, T.KEEP_BUTTON)).rstrip(".!")
        if not (words == keep or _KEEP_RE.fullmatch(words)):
            if not (words == "1" or parse_yes_no(words) is True) or not self._just_asked_keep(s, conv, keep):
                return None
        c.step = "done"
        return [Reply(t(conv.language, T.KEPT).format(when=self._when(s, conv, c)))]

    def _just_asked_keep(self, s: Session, conv: Conversation, keep: str) -> bool:
        from bot.store.models import Message

        last = s.execute(select(Message).where(Message.conversation_id == conv.id, Message.direction == "out")
                         .order_by(Message.id.desc()).limit(1)).scalar_one_or_none()
        if last is None:
            return False
        buttons = self.store.cipher.decrypt(last.body).rsplit("\n", 1)[-1]
        return f"[{keep}]" in normalise(buttons)

    def understood(self, conversation_id: int, answer: str, text: str, *,
                   now: datetime | None = None) -> list[Reply]:
        """Rasa understood a typed answer (checkin_better / _same / _worse)."""
        now = now or utcnow()
        with self.store.session() as s:
            return self._answer(s, s.get(Conversation, conversation_id), answer, text, now)

    # -- the answer ----------------------------------------------------------------------------

    def _answer(self, s: Session, conv: Conversation, answer: str, text: str, now: datetime, *,
                pressed: bool = False) -> list[Reply]:
        language = conv.language
        c = self._open(s, conv.id)
        if c is None and pressed and self._answered(s, conv, now):
            return [Reply(t(language, T.ALREADY_ANSWERED), kind="notice")]
        if c is not None and c.step != "answer":
            if c.answer == answer or not self._still_current(s, conv, c, now):
                return [Reply(t(language, T.ALREADY_ANSWERED), kind="notice")]
        if c is None or not self._still_current(s, conv, c, now):
            c = self._unprompted(s, conv, now)
            if c is None:
                return _unprompted_replies(s, conv, answer)
        handover = s.get(Handover, c.handover_id) if c.handover_id else None
        c.answer, c.answered_at = answer, now
        if handover is not None:
            handover.checkin_answer, handover.checkin_at = answer, now
        when = self._when(s, conv, c)
        log.info("checkin answered conversation=%s answer=%s", conv.reference, answer)
        if answer == "better":
            c.step = "keep"
            return [Reply(t(language, T.BETTER).format(when=when), (
                Button(t(language, T.KEEP_BUTTON), _payload("keep")),
                Button(t(language, T.CANCEL_BUTTON), "/cancel_appointment")))]
        if answer == "same":
            c.step = "done"
            return [Reply(t(language, T.SAME).format(when=when))]
        c.heaviness_before = _answers(handover, self.store.cipher).get("heaviness") if handover else None
        c.urgency_before = handover.urgency if handover is not None else None
        _alert_staff(s, conv, handover.urgency if handover is not None else None)
        if len(text.split()) > CHANGE_WORDS:  # "slechter, ze komt haar bed niet meer uit"
            return self._after_change(s, conv, c, text)
        c.step = "change"
        return [Reply(t(language, T.WORSE_ASK_CHANGE), (Button(t(language, T.SKIP_BUTTON), _payload("skip")),))]

    def _unprompted(self, s: Session, conv: Conversation, now: datetime) -> Checkin | None:
        """An answer without a check-in that waits for it ("het gaat slechter" while waiting):
        it counts as the check-in of the coming appointment, which is then not sent again."""
        appt = B.next_appointment(s, conversation_id=conv.id, now=now)
        if appt is None:
            return None
        for row in s.execute(select(ChatOutbox).where(
                ChatOutbox.conversation_id == conv.id, ChatOutbox.kind == "checkin",
                ChatOutbox.sent_at.is_(None), ChatOutbox.cancelled_at.is_(None))).scalars():
            row.cancelled_at = now
        planned = s.execute(select(Checkin).where(Checkin.conversation_id == conv.id, Checkin.sent_at.is_(None),
                                                  Checkin.answer.is_(None))
                            .order_by(Checkin.id.desc()).limit(1)).scalar_one_or_none()
        c = planned or Checkin(conversation_id=conv.id, created_at=now)
        c.appointment_id, c.handover_id, c.sender_id, c.step = appt.id, appt.handover_id, conv.sender_id, "answer"
        s.add(c)
        s.flush()
        return c

    # -- "worse" -------------------------------------------------------------------------------

    def _after_change(self, s: Session, conv: Conversation, c: Checkin, text: str | None) -> list[Reply]:
        if text:
            c.change = self.store.cipher.encrypt(text.strip()[:MAX_CHANGE])
        c.step = "heaviness"
        language = conv.language
        question = (t(language, T.ASK_HEAVINESS_BEFORE).format(before=c.heaviness_before)
                    if c.heaviness_before else t(language, T.ASK_HEAVINESS))
        return [Reply(question, _level_buttons())]

    def _heaviness(self, s: Session, conv: Conversation, c: Checkin, value, now: datetime) -> list[Reply]:
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 10:
            return [Reply(t(conv.language, T.ASK_HEAVINESS_AGAIN), _level_buttons())]
        c.heaviness_after = level
        handover = s.get(Handover, c.handover_id) if c.handover_id else None
        if handover is not None and _about_school(handover, self.store.cipher):
            c.step = "school"
            return [Reply(t(conv.language, T.ASK_SCHOOL[voice_of(handover)]), _school_buttons(conv.language))]
        return self._worse_done(s, conv, c, handover, now)

    def _school(self, s: Session, conv: Conversation, c: Checkin, value, now: datetime) -> list[Reply]:
        if value not in ("gewoon", "soms", "geen"):
            return [Reply(t(conv.language, T.ASK_SCHOOL_AGAIN), _school_buttons(conv.language))]
        c.school_after = value
        handover = s.get(Handover, c.handover_id) if c.handover_id else None
        return self._worse_done(s, conv, c, handover, now)

    def _worse_done(self, s: Session, conv: Conversation, c: Checkin, handover: Handover | None,
                    now: datetime) -> list[Reply]:
        """Run the triage rules again, flag the handover, tell staff, and offer what fits."""
        language = conv.language
        c.step = "done"
        appt = s.get(Appointment, c.appointment_id) if c.appointment_id else None
        practice = s.get(Practice, appt.practice_id) if appt is not None else None
        title = practice.worker_title if practice is not None else "POH-Jeugd"
        when = self._when(s, conv, c)
        help_lines = Reply(t(language, HELP_LINES_SHORT, **placeholders()))
        result = self._retriage(s, conv, c, handover, now)
        if TR.URGENCY_RANK.get(result.urgency, 0) > TR.URGENCY_RANK.get(c.urgency_before or TR.REGULAR, 1):
            _alert_staff(s, conv, result.urgency, raised=True)
        if appt is not None and (result.urgency in (TR.URGENT, TR.CRISIS) or appt.urgent):
            # An urgent appointment can still be far ahead (the family chose a later time): an
            # earlier held-back slot is offered then too, and "as early as possible" is said
            # only when it is within the practice's urgent window.
            slots = [x for x in B.find_slots(s, practice_id=appt.practice_id, urgent=True, now=now,
                                             limit=MAX_URGENT_OFFER) if x.start_utc < appt.start_utc]
            if slots:
                c.step = "slots"
                return [Reply(t(language, T.WORSE_URGENT_SLOTS).format(when=when, worker_title=title),
                              _slot_buttons(slots, language)), help_lines]
            window = timedelta(days=B.booking_settings(s, practice_id=appt.practice_id).urgent_window_days)
            if appt.urgent and appt.start_utc - now <= window:
                return [Reply(t(language, T.WORSE_URGENT_ALREADY).format(when=when, worker_title=title)),
                        help_lines]
            B.record_no_urgent_slot(s, practice_id=appt.practice_id, conversation_id=conv.id,
                                    handover_id=c.handover_id)
            return [Reply(t(language, T.WORSE_URGENT_NO_SLOT).format(when=when, worker_title=title)), help_lines]
        return [Reply(t(language, T.WORSE_PASSED_ON).format(when=when, worker_title=title)), help_lines]

    def _retriage(self, s: Session, conv: Conversation, c: Checkin, handover: Handover | None,
                  now: datetime) -> TR.Triage:
        """The triage table on the intake answers with the new ones; the handover takes the
        higher urgency, the new flags and the check-in flag, and comes back to "new"."""
        answers = _answers(handover, self.store.cipher) if handover is not None else {}
        record = IntakeRecord(**{k: v for k, v in answers.items() if k in IntakeRecord.__dataclass_fields__})
        if c.heaviness_after is not None:
            record.heaviness = c.heaviness_after
        if c.school_after is not None:
            record.school_attendance = c.school_after
        if handover is not None and record.duration_days is not None:
            record.duration_days += max((now - handover.created_at).days, 0)
        result = TR.triage(record.triage_answers())
        c.urgency_after = result.urgency
        if handover is None:
            return result
        flags = list(dict.fromkeys([*json.loads(handover.flags or "[]"), *result.flags, WORSE_FLAG]))
        handover.flags = json.dumps(flags)
        handover.urgency = TR.higher(handover.urgency, result.urgency)
        if handover.status in ("read", "closed"):
            handover.status = "new"
        if handover.summary:
            handover.summary = self.store.cipher.encrypt(
                self.store.cipher.decrypt(handover.summary) + "\n" + _summary_line(c, now))
        log.info("checkin worse conversation=%s urgency %s -> %s", conv.reference, c.urgency_before, handover.urgency)
        return result

    # -- moving to an urgent slot --------------------------------------------------------------

    def _move(self, s: Session, conv: Conversation, c: Checkin, slot_id: str, now: datetime) -> list[Reply]:
        from bot.booking import ics

        language = conv.language
        try:
            new = B.reschedule(s, appointment_id=c.appointment_id, slot_id=slot_id, now=now, urgent=True)
        except B.BookingError as exc:  # taken meanwhile (the booking rolled back): offer again
            log.info("checkin move refused reason=%s", exc.code)
            appt = s.get(Appointment, c.appointment_id)
            slots = [x for x in B.find_slots(s, practice_id=appt.practice_id, urgent=True, now=now,
                                             limit=MAX_URGENT_OFFER) if x.start_utc < appt.start_utc]
            if not slots:
                c.step = "done"
                B.record_no_urgent_slot(s, practice_id=appt.practice_id, conversation_id=conv.id,
                                        handover_id=c.handover_id)
                practice = s.get(Practice, appt.practice_id)
                return [Reply(t(language, T.WORSE_URGENT_NO_SLOT).format(
                    when=self._when(s, conv, c), worker_title=practice.worker_title))]
            return [Reply(t(language, T.MOVE_FAILED), _slot_buttons(slots, language))]
        c.moved_to_appointment_id, c.step = new.id, "done"
        log.info("checkin moved to an urgent slot conversation=%s appointment=%s", conv.reference, new.id)
        document = Document(ics.appointment_filename(new), "text/calendar", ics.appointment_ics(s, new, language))
        return [Reply(t(language, T.MOVED).format(when=format_long_time(new.start_utc, language)), document=document)]

    # -- helpers -------------------------------------------------------------------------------

    def _answered(self, s: Session, conv: Conversation, now: datetime) -> bool:
        """A button of a check-in that was already answered (an old message pressed again)."""
        last = s.execute(select(Checkin).where(Checkin.conversation_id == conv.id, Checkin.answer.is_not(None))
                         .order_by(Checkin.id.desc()).limit(1)).scalar_one_or_none()
        return last is not None and self._still_current(s, conv, last, now)

    @staticmethod
    def _still_current(s: Session, conv: Conversation, c: Checkin, now: datetime) -> bool:
        """Not after /stop, and only while the appointment it is about is still ahead."""
        appt = s.get(Appointment, c.appointment_id) if c.appointment_id else None
        current = conv.sender_id == c.sender_id and appt is not None and appt.status == STATUS_BOOKED \
            and appt.start_utc > now
        if not current and c.step not in (None, "done"):
            c.step = "done"
        return current

    @staticmethod
    def _when(s: Session, conv: Conversation, c: Checkin) -> str:
        appt = s.get(Appointment, c.appointment_id) if c.appointment_id else None
        return format_long_time(appt.start_utc, conv.language) if appt is not None else "-"


def end_after_crisis(session: Session, *, conversation_id: int) -> None:
    """A crisis in the conversation: the crisis path takes over, the check-in questions end."""
    for c in session.execute(select(Checkin).where(Checkin.conversation_id == conversation_id,
                                                   Checkin.step.is_not(None), Checkin.step != "done")).scalars():
        c.step = "done"


def _alert_staff(s: Session, conv: Conversation, urgency: str | None, *, raised: bool = False) -> None:
    text = T.STAFF_ALERT_RAISED if raised else T.STAFF_ALERT_WORSE
    repo.queue_staff_alert(s, conversation=conv, kind="checkin_worse",
                           text=text.format(reference=conv.reference, urgency=urgency or "-"))


def _answers(handover: Handover, cipher) -> dict:
    return json.loads(cipher.decrypt(handover.answers)) if handover is not None and handover.answers else {}


def _about_school(handover: Handover, cipher) -> bool:
    themes = [x for x in (handover.themes or "").split(",") if x]
    return "school" in themes or bool(_answers(handover, cipher).get("school_attendance"))


def _school_from_text(text: str) -> str | None:
    found = parse_school_attendance(text)
    if found:
        return found
    if re.search(r"\bsoms\b", normalise(text)):
        return "soms"
    yes = parse_yes_no(text)
    return None if yes is None else ("gewoon" if yes else "geen")


def _level_buttons() -> tuple[Button, ...]:
    return tuple(Button(str(n), _payload("level", n=n)) for n in range(1, 11))


def _school_buttons(language: str) -> tuple[Button, ...]:
    return tuple(Button(t(language, title), _payload("school", v=value)) for title, value in T.SCHOOL_BUTTONS)


def _slot_buttons(slots, language: str) -> tuple[Button, ...]:
    return tuple(Button(format_slot_time(x.start_utc, language), _payload("move", slot=x.slot_id)) for x in slots) + (
        Button(t(language, T.KEEP_OLD_BUTTON), _payload("keep")),)


def _summary_line(c: Checkin, now: datetime) -> str:
    """For the SBAR summary staff read (Dutch); the person's own words stay on the check-in."""
    parts = [f"Wachttijd-check {format_long_time(now)}: het gaat slechter"]
    if c.heaviness_after is not None:
        before = f"{c.heaviness_before} -> " if c.heaviness_before else ""
        parts.append(f"zwaarte {before}{c.heaviness_after}")
    if c.school_after:
        parts.append(f"school: {c.school_after}")
    parts.append(f"urgentie volgens de regels nu: {c.urgency_after}")
    return "; ".join(parts) + "."


def _unprompted_replies(s: Session, conv: Conversation, answer: str) -> list[Reply]:
    """'Het gaat slechter' without an appointment to check in about."""
    language = conv.language
    practice = s.get(Practice, conv.practice_id) if conv.practice_id else None
    title = practice.worker_title if practice is not None else "POH-Jeugd"
    if answer == "better":
        return [Reply(t(language, T.UNPROMPTED_BETTER))]
    if answer == "same":
        return [Reply(t(language, T.UNPROMPTED_SAME))]
    return [Reply(t(language, T.UNPROMPTED_WORSE).format(worker_title=title),
                  (Button(t(language, T.APPOINTMENT_BUTTON), "/request_appointment"),)),
            Reply(t(language, HELP_LINES_SHORT, **placeholders()))]

