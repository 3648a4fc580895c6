"""Intake form actions: the form validator, role-dependent questions, and the submit action.

The logic lives in ``bot.intake`` (flow, triage, handover); these classes only translate
between Rasa's tracker and plain values. Logs carry ids and slot names, never answers.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.intake")

BOOKING_FORM = "booking_form"
CALL_BACK_FORM = "call_back_form"
# Kept when an intake ends: they belong to the person, not to this intake.
PERSON_SLOTS = ("practice_code",)


def _slots(tracker: Tracker) -> dict[str, Any]:
    from bot.intake.flow import INTAKE_SLOTS

    names = (*INTAKE_SLOTS, "crisis_category", "handover_id", "practice_name", "worker_title")
    return {name: tracker.get_slot(name) for name in names}


def load_practices():
    """Every practice, for looking up a typed practice (a handful of rows)."""
    from actions.common import store
    from bot.dialogue.practices import load

    return load(store())


def known_practice(sender_id: str) -> dict[str, Any] | None:
    """The practice this conversation already has (a deep link, an earlier choice) as slot
    values; the only practice when there is one; ``{"practice_code": "-"}`` when there are none
    (the operator was told at start-up); ``None`` when the person must be asked."""
    from sqlalchemy import func, select

    from actions.common import store
    from bot.store.models import Practice
    from bot.store.repo import conversation_by_sender

    with store().session() as s:
        conv = conversation_by_sender(s, sender_id)
        practice = s.get(Practice, conv.practice_id) if conv is not None and conv.practice_id else None
        if practice is None:
            count = s.execute(select(func.count(Practice.id))).scalar_one()
            if count == 0:
                return {"practice_code": "-"}
            if count > 1:
                return None
            practice = s.execute(select(Practice)).scalar_one()
            if conv is not None:
                conv.practice_id = practice.id
        return {"practice_code": practice.code, "practice_name": practice.name, "worker_title": practice.worker_title}


def remember_practice(sender_id: str, code: str) -> None:
    """The chosen practice goes on the conversation: the handover and the booking use it."""
    from sqlalchemy import select

    from actions.common import store
    from bot.store.models import Practice
    from bot.store.repo import conversation_by_sender

    with store().session() as s:
        conv = conversation_by_sender(s, sender_id)
        practice = s.execute(select(Practice).where(Practice.code == code)).scalar_one_or_none()
        if conv is not None and practice is not None:
            conv.practice_id = practice.id


def call_back_phone(sender_id: str) -> str | None:
    """The phone number (E.164) this conversation gave with a call-back request, or None.

    A number sent on its own after "Ik wil iemand spreken" is taken by staff chat's turn handler
    before Rasa sees it, so it is not among the typed messages the form reads."""
    from sqlalchemy import select

    from actions.common import store
    from bot.store.models_booking import UrgentRequest
    from bot.store.repo import conversation_by_sender

    with store().session() as s:
        conv = conversation_by_sender(s, sender_id)
        if conv is None:
            return None
        row = s.execute(select(UrgentRequest).where(UrgentRequest.conversation_id == conv.id,
                                                    UrgentRequest.phone_enc.is_not(None))
                        .order_by(UrgentRequest.id.desc())).scalars().first()
        return s.info["cipher"].decrypt(row.phone_enc) if row is not None else None


def open_call_back(sender_id: str) -> bool:
    """Whether this conversation has a call-back request the practice has not resolved yet."""

    from actions.common import store
    from bot.staffchat.callback import open_request
    from bot.store.repo import conversation_by_sender

    with store().session() as s:
        conv = conversation_by_sender(s, sender_id)
        return conv is not None and open_request(s, conversation_id=conv.id) is not None


def asked_for_a_person(tracker: Tracker) -> bool:
    return any(e.get("event") == "user" and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == "request_human"
               for e in tracker.events or [])


def call_back_now(tracker: Tracker) -> list[str]:
    """The call-back request the person asked for before the practice was known, once."""
    from sqlalchemy import select

    from actions.common import store
    from actions.staffchat import asking_text
    from bot.staffchat.callback import request_for_sender
    from bot.store.models_booking import UrgentRequest
    from bot.store.repo import conversation_by_sender

    with store().session() as s:
        conv = conversation_by_sender(s, tracker.sender_id)
        if conv is None or s.execute(select(UrgentRequest.id).where(UrgentRequest.conversation_id == conv.id)).first():
            return []
    return request_for_sender(store(), sender_id=tracker.sender_id, text=asking_text(tracker),
                              language=tracker.get_slot("language") or "nl")


# A theme intent below this confidence is not enough to read a message at the practice question
# as a worry rather than a practice name (FallbackClassifier already drops those below 0.5).
THEME_CONFIDENCE = 0.6


def _confident_intent(tracker: Tracker) -> str | None:
    """The message's intent; a theme intent only when the model is sure enough of it (a baby
    question about a child the conversation knows to be 5 or older counts as the model's next guess:
    bot.content.themes.without_the_baby_guess; the age in the message was applied in the pipeline)."""
    from bot.content.themes import theme_of, unasked_answer_theme, without_the_baby_guess

    latest = tracker.latest_message or {}
    if tracker.get_slot("requested_slot") == "practice_code" and (unasked := unasked_answer_theme(latest)):
        # A worry told in answer form ("ze zit al weken thuis": the school question's answer) at the
        # practice question, which asks no such thing: the model's theme question for it, when near.
        return unasked["name"]
    intent = (without_the_baby_guess(latest, tracker.get_slot("age")) or latest).get("intent") or {}
    name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
    if theme_of(name) is not None and confidence < THEME_CONFIDENCE:
        return None
    return name


def appointment_asked(tracker: Tracker) -> bool:
    return any(e.get("event") == "user"
               and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == "request_appointment"
               for e in tracker.events or [])


def send_theme_answer(dispatcher: CollectingDispatcher, tracker: Tracker, theme: str, role: str, *,
                      offer: bool) -> None:
    """A theme's first-line answer for the role (the NLG endpoint picks the variation; the role goes
    along as an argument, as the tracker it sees is from before this turn's events), the safety
    check-in the theme asks for, and the offer of a talk."""
    from bot.content.themes import answered, response_name

    dispatcher.utter_message(response=response_name(theme), role=role)
    result = answered(theme, role, tracker.get_slot("themes"))
    for payload in result.payloads:
        dispatcher.utter_message(json_message=payload)
    if offer and result.offer:
        dispatcher.utter_message(response="utter_offer_appointment", role=role)
    elif offer:
        from actions.themes import send_way_on

        send_way_on(dispatcher, tracker)  # no offer after this answer (the baby answer): the way on


def redirected_as_professional(tracker: Tracker) -> bool:
    """An earlier intake in this conversation ended with the professional's redirect."""
    return any(e.get("event") == "slot" and e.get("name") == "intake_outcome" and e.get("value") == "professional"
               for e in tracker.events or [])


def answers_to(tracker: Tracker, requested: str | None) -> int:
    """How many answers were sent while ``requested`` was the question, the latest included: the
    user turns after requested_slot first became this question (since it last was another one).
    A question in between ("wat kost het?") is answered or noted for the support worker, so it is
    not an answer that could not be read: it does not count towards skipping the question."""
    from bot.intake.parsing import looks_like_question

    count, answers = 0, 0
    for e in reversed(tracker.events or []):
        if e.get("event") == "user":
            intent = str(((e.get("parse_data") or {}).get("intent") or {}).get("name") or "")
            in_between = intent == "faq" or intent.startswith("faq/") or looks_like_question(e.get("text") or "")
            count += 0 if in_between and count else 1  # the latest message always counts
        elif e.get("event") == "slot" and e.get("name") == "requested_slot":
            if e.get("value") == requested:
                answers = count  # the user turns after this ask
            elif e.get("value") is not None:
                break
    return max(answers, 1)


def value_before(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest message (None when it was not set then)."""
    events = list(tracker.events or [])
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    for event in reversed(events[:max(latest, 0)]):
        if event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


def accepted_before(tracker: Tracker, name: str, value: Any) -> bool:
    """The slot held ``value`` before the latest message: set in an earlier turn, not by this one."""
    return value is not None and value_before(tracker, name) == value


def unreadable(tracker: Tracker) -> bool:
    """The NLU found not one known word in the latest message (bot.dialogue.unknown_words)."""
    from bot.dialogue import UNKNOWN_WORDS

    return bool((tracker.latest_message or {}).get(UNKNOWN_WORDS))


def _typed_history(tracker: Tracker) -> list[str]:
    """What the person typed earlier: each message's text, and for a typed answer the bot sent
    as its button ("ik ben 16" as "Voor mezelf") the typed words it kept in the metadata."""
    typed = []
    for e in tracker.events:
        if e.get("event") != "user":
            continue
        text = e.get("text") or ""
        if text.startswith("/"):
            text = str((e.get("metadata") or {}).get("typed") or "")
        if text:
            typed.append(text)
    return typed


class ValidateIntakeForm(FormValidationAction):
    """Reads each answer with :func:`bot.intake.flow.advance` and picks the next question.

    Returning no slot events on purpose lets Rasa reject the form for this turn, so an FAQ,
    a crisis payload or "ben je een robot?" is handled by its own rule and the form resumes.
    """

    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.flow import QUESTIONS, advance, next_question, validate
        from bot.intake.parsing import only_a_phone

        requested = tracker.get_slot("requested_slot")
        extracted = {k: v for k, v in tracker.slots_to_validate().items() if k in QUESTIONS}
        if requested is None:
            # Activation: Rasa sends every required slot filled before the form for validation, also
            # those accepted in an earlier turn (a practice chosen at the menu said "Fijn, dan weet ik
            # het" again when the questions started). Only what this message brought is new.
            extracted = {k: v for k, v in extracted.items() if not accepted_before(tracker, k, v)}
        slots = _slots(tracker)
        # What the other questions held before this message: a value the model tagged in passing that
        # cannot be read ("het gaat over zijn woede" tagged role="woede") must not undo an answer.
        before = {name: value_before(tracker, name) for name in extracted if name != requested}
        for name in extracted:
            slots[name] = before.get(name)  # not yet accepted: read it below
        prefill: dict[str, Any] = {}
        if slots.get("practice_code") is None and "practice_code" not in extracted and requested != "practice_code":
            prefill = await asyncio.to_thread(known_practice, tracker.sender_id) or {}
            slots.update(prefill)
        practices = None
        if requested == "practice_code" or "practice_code" in extracted:
            practices = await asyncio.to_thread(load_practices)
        text = tracker.latest_message.get("text") or ""
        intent = _confident_intent(tracker)
        step = advance(slots, requested=requested, text=text, value=extracted.get(requested), intent=intent,
                       history=_typed_history(tracker), practices=practices,
                       appointment_asked=requested == "practice_code" and appointment_asked(tracker),
                       answers=answers_to(tracker, requested), unreadable=unreadable(tracker))
        step.updates = {**prefill, **step.updates}
        # Entities for other questions in the same message (e.g. an age said in passing).
        restore: dict[str, Any] = {}
        phone_only = only_a_phone(text)
        for name, value in extracted.items():
            if name == requested or name in step.updates:
                continue
            if before.get(name) is not None or phone_only:
                # Already answered: a word tagged in passing at another question never replaces the
                # answer ("06 12345678" at the phone question, "06" tagged as an age, made a boy of 13
                # six). A person who wants to change an answer says so ("Iets aanpassen"). A phone
                # number alone answers no other question either.
                restore[name] = before[name]
                continue
            updates, responses = validate(name, value, step.merged(slots), practices)
            if updates.get(name) is None:
                # Not a usable value ("0612345678" tagged as an age): never undo an answer. Rasa keeps a
                # candidate the validation does not set, so the value from before is set again.
                restore[name] = before.get(name)
                continue
            step.updates.update(updates)
            step.responses += responses
        if not step.updates and not step.responses:
            # Nothing for the form in this message: Rasa rejects the form for this turn (an
            # FAQ, a crisis payload...). When the form resumes afterwards, the same call must
            # still name the next question, or Rasa would pick one in the domain's fixed order.
            log.info("intake turn without answer sender=%s requested=%s intent=%s", tracker.sender_id, requested, intent)
            return [*(SlotSet(k, v) for k, v in restore.items()),
                    SlotSet("requested_slot", next_question(slots, practice_first=asked_for_a_person(tracker)))]
        if step.updates.get("intake_outcome") == "professional" and redirected_as_professional(tracker):
            # Back after the redirect (an appointment asked for, "Kunt u mij bellen? 06…"): the same
            # redirect again is a loop; the practice is asked to call back (call_back_form asks
            # which practice first when it is not known).
            step.updates["intake_outcome"] = "call_back"
            step.responses = [r for r in step.responses if r != "utter_intake_professional"]
        merged = step.merged(slots)
        if next_question(merged) == "contact":
            # The number given for a call-back is the contact: the question is not asked again.
            phone = await asyncio.to_thread(call_back_phone, tracker.sender_id)
            if phone:
                step.updates["contact"] = phone
                merged = step.merged(slots)
        chosen = step.updates.get("practice_code")
        if chosen and chosen != "-" and "practice_code" not in prefill:
            await asyncio.to_thread(remember_practice, tracker.sender_id, chosen)
        if step.theme:
            log.info("intake: a worry at the practice question sender=%s theme=%s offer=%s", tracker.sender_id,
                     step.theme, step.offer)
            send_theme_answer(dispatcher, tracker, step.theme, merged.get("role"), offer=step.offer)
        for response in step.responses:
            if response == "utter_intake_stopped" and await asyncio.to_thread(open_call_back, tracker.sender_id):
                response = "utter_intake_stopped_call_back"
            _send(dispatcher, tracker, response, merged)
        if chosen and chosen != "-" and "practice_code" not in prefill and asked_for_a_person(tracker):
            # Asked for a person before the practice was known (action_request_call_back said
            # the practice comes first): the call-back request is made now.
            for reply in await asyncio.to_thread(call_back_now, tracker):
                dispatcher.utter_message(text=reply)
        nxt = next_question(merged, practice_first=asked_for_a_person(tracker))
        log.info("intake turn sender=%s requested=%s next=%s filled=%s", tracker.sender_id, requested, nxt,
                 ",".join(sorted(k for k, v in step.updates.items() if v is not None)))
        restored = [SlotSet(k, v) for k, v in restore.items() if k not in step.updates]
        return [SlotSet(k, v) for k, v in step.updates.items()] + restored + [SlotSet("requested_slot", nxt)]


def _rendered(tracker: Tracker, name: str, slots: dict[str, Any] | None = None) -> tuple[str, list[dict[str, str]]]:
    from bot.i18n import normalise_language
    from bot.intake.texts import render

    slots = slots or {}
    return render(
        name, normalise_language(tracker.get_slot("language")),
        worker_title=slots.get("worker_title") or tracker.get_slot("worker_title") or "POH-Jeugd",
        practice_name=slots.get("practice_name") or tracker.get_slot("practice_name") or "de huisartsenpraktijk",
    )


def _send(dispatcher: CollectingDispatcher, tracker: Tracker, name: str, slots: dict[str, Any] | None = None) -> None:
    """Send one message from :mod:`bot.intake.texts` in the person's language; ``slots`` are
    this turn's values (a practice chosen just now names itself)."""
    text, buttons = _rendered(tracker, name, slots)
    dispatcher.utter_message(text=text, buttons=buttons or None)


def said_while_asking(tracker: Tracker, slot: str, text: str) -> bool:
    """``text`` was said since ``slot`` became the question (no other question was asked since)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot" and event.get("text") == text:
            return True
        if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value") not in (slot, None):
            return False
    return False


def question_again(text: str) -> str:
    """A question that explains before it asks (consent: the rule for the age band, that staff read
    along), asked again: only the question, its last line or sentence. The explanation was said just
    before, and a person who answered something else five times got the whole paragraph five times.
    A text that does not end with a question is said whole."""
    import re

    if not text.rstrip().endswith(("?", "؟")):
        return text
    if "\n" in text:
        return text.rsplit("\n", 1)[-1]
    return re.split(r"(?<=[.!?؟])\s+", text.strip())[-1]


class _Ask(Action, ABC):
    """Ask one question; the words depend on who writes and (for consent) the age band.

    Abstract, so the action server registers only the subclasses."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.record import _int
        from bot.intake.texts import question_name

        text, buttons = _rendered(tracker, question_name(self.slot, tracker.get_slot("role"), _int(tracker.get_slot("age"))))
        if said_while_asking(tracker, self.slot, text):
            text = question_again(text)
        dispatcher.utter_message(text=text, buttons=buttons or None)
        return []


class ActionAskPracticeCode(Action):
    """The practice: buttons for the near matches of what was typed, or for every practice
    (when there are a few), and the invitation to type a name, a place or a postcode."""

    def name(self) -> str:
        return "action_ask_practice_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ask_practice(dispatcher, tracker, await asyncio.to_thread(load_practices))
        return []


MAX_PRACTICE_BUTTONS = 8


def ask_practice(dispatcher: CollectingDispatcher, tracker: Tracker, practices) -> None:
    import json

    from bot.dialogue import texts as T
    from bot.i18n import normalise_language
    from bot.replies import t

    language = normalise_language(tracker.get_slot("language"))
    options = tracker.get_slot("practice_options") or []
    shown = [p for p in practices if p.code in options] if options else practices
    if len(shown) > MAX_PRACTICE_BUTTONS:
        dispatcher.utter_message(text=t(language, T.ASK_PRACTICE_TYPED))
        return
    buttons = [{"title": f"{p.name} ({p.municipality})" if p.municipality else p.name,
                "payload": "/choose_practice" + json.dumps({"practice_code": p.code}, separators=(",", ":"))}
               for p in shown]
    buttons.append({"title": t(language, T.PRACTICE_NOT_LISTED), "payload": T.NOT_LISTED_WORD})
    text = T.PRACTICE_WHICH if options else T.ASK_PRACTICE
    dispatcher.utter_message(text=t(language, text), buttons=buttons)


class ActionAskAge(_Ask):
    slot = "age"


class ActionAskConsentParents(_Ask):
    slot = "consent_parents"


class ActionAskDurationDays(_Ask):
    slot = "duration_days"


class ActionAskSchoolAttendance(_Ask):
    slot = "school_attendance"


class ActionAskImpact(_Ask):
    slot = "impact"


class ActionAskHeaviness(_Ask):
    slot = "heaviness"


class ActionAskHelp(_Ask):
    slot = "help"


class ActionAskHope(_Ask):
    slot = "hope"


class ActionAskName(_Ask):
    slot = "name"


class ActionAskContact(_Ask):
    slot = "contact"


class ActionAskConsentHuisarts(_Ask):
    slot = "consent_huisarts"


def _reset_events(keep: tuple[str, ...] = ()) -> list[EventType]:
    """Clear the intake so a later request starts a fresh one (what was said is kept in the
    transcript, and pre-fills the next intake). The practice belongs to the person: it stays."""
    from bot.intake.flow import INTAKE_SLOTS

    keep = (*keep, *PERSON_SLOTS)
    return [SlotSet(name, None) for name in INTAKE_SLOTS if name not in keep] + [SlotSet("requested_slot", None)]


class ActionIntakeSubmit(Action):
    """Store the handover when the form completes, or close quietly after a redirect/stop."""

    def name(self) -> str:
        return "action_intake_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.flow import DONE_OUTCOMES

        slots = _slots(tracker)
        outcome = slots.get("intake_outcome")
        if outcome == "call_back" and CALL_BACK_FORM in (domain.get("forms") or {}):
            return [*_reset_events(), FollowupAction(CALL_BACK_FORM)]
        if outcome == "theme_answered":
            # The theme's answer and the offer went out; who writes and what about stay, so the
            # offer's yes starts the intake at the practice question.
            return _reset_events(keep=("role", "topic", "themes"))
        if outcome == "already_done":
            events = _reset_events(keep=("role", "age", "topic"))
            if BOOKING_FORM in (domain.get("forms") or {}):
                return [*events, FollowupAction(BOOKING_FORM)]
            _send(dispatcher, tracker, "utter_intake_contact_follows")
            return events
        if outcome in DONE_OUTCOMES:
            log.info("intake ended without handover sender=%s outcome=%s", tracker.sender_id, outcome)
            return _reset_events()
        try:
            handover_id, urgency = await asyncio.to_thread(self._store, tracker.sender_id, slots)
        except Exception as exc:
            log.error("handover could not be stored sender=%s error=%s", tracker.sender_id, type(exc).__name__)
            dispatcher.utter_message(json_message={"error": True})
            return []
        done = {"urgent": "utter_intake_done_urgent", "crisis": "utter_intake_done_urgent",
                "advice": "utter_intake_done_advice"}.get(urgency, "utter_intake_done")
        _send(dispatcher, tracker, done)
        # role, age and topic stay for the booking step; the rest is cleared so that a second
        # request starts a new intake instead of submitting this one twice.
        events: list[EventType] = [*_reset_events(keep=("role", "age", "topic")), SlotSet("handover_id", handover_id)]
        if BOOKING_FORM in (domain.get("forms") or {}):
            events.append(FollowupAction(BOOKING_FORM))
        else:
            _send(dispatcher, tracker, "utter_intake_contact_follows")
        return events

    @staticmethod
    def _store(sender_id: str, slots: dict[str, Any]) -> tuple[int, str]:

        from actions.common import store
        from bot.intake.handover import submit_intake
        from bot.intake.record import IntakeRecord
        from bot.store.repo import conversation_by_sender

        st = store()
        with st.session() as s:
            conv = conversation_by_sender(s, sender_id)
            if conv is None:
                raise LookupError("no conversation for this sender")
            h = submit_intake(s, conversation_id=conv.id, record=IntakeRecord.from_slots(slots), cipher=st.cipher)
            return h.id, h.urgency
