"""Booking actions: thin wrappers around bot.booking.dialogue (slot picker, booking, rescheduling,
cancelling) and bot.booking.form (typed answers).

``booking_form`` asks the practice (when unknown), a time and how; ``action_book_appointment``
books when it completes. The intake's submit action starts the form with a FollowupAction.
``cancel_form`` asks whether to cancel; ``action_cancel_appointment`` does what was answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import store

log = logging.getLogger("actions.booking")

# Intents that are not an answer to a booking question: the form lets their rules answer them.
NOT_AN_ANSWER = frozenset({
    "faq", "help", "privacy", "bot_challenge", "request_human", "crisis", "affirm_safe", "deny_safe",
    "request_appointment", "cancel_appointment", "reschedule_appointment", "afspraak", "taal", "set_language",
    "start",
})
EXISTS = "-bestaat"  # an appointment is already booked: the form ends and shows it
TRANSIENT = ("chosen_slot", "appointment_type", "offered_slots", "slots_more", "slots_after", "booking_mode")


def _language(tracker: Tracker) -> str:
    from bot.i18n import normalise_language

    return normalise_language(tracker.get_slot("language"))


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _say(dispatcher: CollectingDispatcher, turn) -> None:
    for message in turn.messages:
        if "json_message" in message:
            dispatcher.utter_message(json_message=message["json_message"])
        else:
            dispatcher.utter_message(text=message["text"], buttons=message["buttons"] or None)


def _emit(dispatcher: CollectingDispatcher, turn) -> list[dict[str, Any]]:
    _say(dispatcher, turn)
    return [SlotSet(name, value) for name, value in turn.slots.items()]


def _text(dispatcher: CollectingDispatcher, language: str, msgid: str, buttons=None, **values) -> None:
    from bot.replies import t

    dispatcher.utter_message(text=t(language, msgid, **values),
                             buttons=[{"title": t(language, a), "payload": b} for a, b in buttons or []] or None)


class ValidateBookingForm(Action):
    """Reads each answer of the booking form and names the next question (see bot.booking.form)."""

    def name(self) -> str:
        return "validate_booking_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from actions.intake import _send, known_practice, load_practices, remember_practice
        from bot.booking import dialogue
        from bot.booking import form as F
        from bot.intake.flow import practice_answer

        requested = tracker.get_slot("requested_slot")
        extracted = tracker.slots_to_validate()
        mode = tracker.get_slot("booking_mode")
        slots = {name: tracker.get_slot(name) for name in F.QUESTIONS}
        slots.update({"practice_tries": tracker.get_slot("practice_tries")})
        updates: dict[str, Any] = {}
        text = tracker.latest_message.get("text") or ""
        intent = _intent(tracker)

        if requested is None:
            # Activation: only what this message brought counts (a pressed time); older values
            # belong to an earlier booking.
            for name in ("chosen_slot", "appointment_type"):
                if name not in extracted and not (mode == "reschedule" and name == "appointment_type"):
                    updates[name] = None
            if slots.get("practice_code") in (None, "-"):
                updates.update(await asyncio.to_thread(known_practice, tracker.sender_id) or {})
        elif requested == "practice_code":
            if intent in NOT_AN_ANSWER and not extracted.get("practice_code"):
                return [SlotSet("requested_slot", requested)]
            value = extracted.get("practice_code") or text
            practices = await asyncio.to_thread(load_practices)
            found, responses = practice_answer(str(value), slots, practices)
            if found.pop("intake_outcome", None):
                found.update({"chosen_slot": F.STOPPED, "appointment_type": F.STOPPED})
            updates.update(found)
            for response in responses:
                _send(dispatcher, tracker, response, {**slots, **updates})
            if updates.get("practice_code"):
                await asyncio.to_thread(remember_practice, tracker.sender_id, updates["practice_code"])
        else:
            offered = F.offered_times(tracker.get_slot("offered_slots"))
            state = await asyncio.to_thread(dialogue.booking_state, store(), sender_id=tracker.sender_id,
                                            practice_code=slots.get("practice_code"))
            step = F.read(requested, text=text, value=extracted.get(requested), intent=intent, offered=offered,
                          types=state["types"], not_an_answer=intent in NOT_AN_ANSWER)
            if step.reject:
                return [SlotSet("requested_slot", requested)]
            updates.update(step.updates)
            language = _language(tracker)
            from bot.booking import texts as T

            for message in step.messages:
                msgid = {"invalid_chosen_slot": T.INVALID_SLOT, "invalid_appointment_type": T.INVALID_TYPE,
                         "no_previous": T.NO_EARLIER_QUESTION, "no_time_that_day": T.NO_TIME_THAT_DAY}[message]
                _text(dispatcher, language, msgid)

        merged = {**slots, **updates}
        if merged.get("practice_code") not in (None, "-") and merged.get("chosen_slot") is None and requested != "appointment_type":
            state = await asyncio.to_thread(dialogue.booking_state, store(), sender_id=tracker.sender_id,
                                            practice_code=merged.get("practice_code"))
            if state["appointment"] and mode != "reschedule":
                updates.update({"chosen_slot": EXISTS, "appointment_type": EXISTS})
            elif not state["free"]:
                updates.update({"chosen_slot": F.NONE_FREE, "appointment_type": F.NONE_FREE})
        elif merged.get("practice_code") == "-":
            updates.update({"chosen_slot": F.NONE_FREE, "appointment_type": F.NONE_FREE})
        merged = {**slots, **updates}
        nxt = next((q for q in F.QUESTIONS if merged.get(q) is None), None)
        log.info("booking turn sender=%s requested=%s next=%s", tracker.sender_id, requested, nxt)
        return [SlotSet(k, v) for k, v in updates.items()] + [SlotSet("requested_slot", nxt)]


class ActionAskChosenSlot(Action):
    def name(self) -> str:
        return "action_ask_chosen_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue
        from bot.booking import texts as T
        from bot.replies import t

        language = _language(tracker)
        more = bool(tracker.get_slot("slots_more"))
        turn = await asyncio.to_thread(
            dialogue.offer_slots, store(), sender_id=tracker.sender_id, language=language, more=more,
            after=tracker.get_slot("slots_after"), practice_code=tracker.get_slot("practice_code"),
            urgent_alerted=bool(tracker.get_slot("urgent_alerted")))
        if more and "offered_slots" not in turn.slots:
            # No later times: say so and offer the first ones again, so a time can be chosen.
            first = await asyncio.to_thread(dialogue.offer_slots, store(), sender_id=tracker.sender_id,
                                            language=language, practice_code=tracker.get_slot("practice_code"),
                                            urgent_alerted=True)
            first.messages.insert(0, {"text": t(language, T.NO_LATER_TIMES), "buttons": []})
            turn = first
        turn.slots.pop("booking_mode", None)  # asking for a time never changes what is being done
        turn.slots["slots_more"] = None
        _say(dispatcher, turn)
        return [SlotSet(name, value) for name, value in turn.slots.items()]


class ActionAskAppointmentType(Action):
    def name(self) -> str:
        return "action_ask_appointment_type"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue

        turn, _types = await asyncio.to_thread(dialogue.ask_type, store(), sender_id=tracker.sender_id,
                                               language=_language(tracker))
        _say(dispatcher, turn)
        return []


def _clear() -> list[EventType]:
    return [SlotSet(name, None) for name in TRANSIENT]


class ActionBookAppointment(Action):
    """The booking form is complete: book (or move) the appointment, or say why not."""

    def name(self) -> str:
        return "action_book_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue
        from bot.booking import form as F
        from bot.booking import texts as T
        from bot.dialogue import texts as D

        language = _language(tracker)
        chosen, kind, mode = (tracker.get_slot("chosen_slot"), tracker.get_slot("appointment_type"),
                              tracker.get_slot("booking_mode"))
        log.info("book sender=%s mode=%s outcome=%s", tracker.sender_id, mode or "new",
                 chosen if str(chosen).startswith("-") else "slot")
        if chosen == F.STOPPED:
            _text(dispatcher, language, T.STOPPED, [(D.MAKE_APPOINTMENT, D.REQUEST_APPOINTMENT), (D.ASK_A_QUESTION, D.HELP)])
            return _clear()
        if chosen == F.NONE_FREE:
            state = await asyncio.to_thread(dialogue.booking_state, store(), sender_id=tracker.sender_id,
                                            practice_code=tracker.get_slot("practice_code"))
            _text(dispatcher, language, T.NO_SLOTS, [(D.TALK_TO_SOMEONE, D.REQUEST_HUMAN)], phone=state.get("phone") or "-")
            return _clear()
        if chosen == EXISTS:
            _text(dispatcher, language, T.ALREADY_BOOKED)
            _say(dispatcher, await asyncio.to_thread(dialogue.show, store(), sender_id=tracker.sender_id, language=language))
            return _clear()
        if mode == "reschedule":
            turn = await asyncio.to_thread(dialogue.choose_slot, store(), sender_id=tracker.sender_id,
                                           language=language, slot_id=chosen, mode="reschedule")
        else:
            turn = await asyncio.to_thread(dialogue.book, store(), sender_id=tracker.sender_id, language=language,
                                           slot_id=chosen, type_code=kind)
        if turn.retry:
            # The time was just taken: say so, and ask for a time again.
            dispatcher.utter_message(text=turn.messages[0]["text"])
            return [SlotSet("chosen_slot", None), SlotSet("offered_slots", None), FollowupAction("booking_form")]
        _say(dispatcher, turn)
        return [*_clear(), *[SlotSet(k, v) for k, v in turn.slots.items() if k not in TRANSIENT]]


class ActionRescheduleAppointment(Action):
    def name(self) -> str:
        return "action_reschedule_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue
        from bot.booking import texts as T

        language = _language(tracker)
        state = await asyncio.to_thread(dialogue.booking_state, store(), sender_id=tracker.sender_id,
                                        practice_code=tracker.get_slot("practice_code"))
        if not state["appointment"]:
            _emit(dispatcher, await asyncio.to_thread(dialogue.show, store(), sender_id=tracker.sender_id,
                                                     language=language))
            return [SlotSet("booking_mode", None)]
        _text(dispatcher, language, T.PICK_NEW_TIME)
        return [SlotSet("booking_mode", "reschedule"), SlotSet("chosen_slot", None), SlotSet("offered_slots", None),
                SlotSet("appointment_type", state["current_type"]), FollowupAction("booking_form")]


class ValidateCancelForm(Action):
    def name(self) -> str:
        return "validate_cancel_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue
        from bot.booking import texts as T
        from bot.intake import parsing
        from bot.intake.consent import parse_answer

        requested = tracker.get_slot("requested_slot")
        extracted = tracker.slots_to_validate().get("cancel_confirm")
        text = tracker.latest_message.get("text") or ""
        intent = _intent(tracker)
        answer = None
        if extracted in ("ja", "nee"):
            answer = extracted
        elif text and not text.startswith("/"):
            answer = parse_answer(text)
            answer = {"onbekend": None}.get(answer, answer)
            if parsing.is_stop(text):
                answer = "nee"
        if requested is None:
            state = await asyncio.to_thread(dialogue.booking_state, store(), sender_id=tracker.sender_id,
                                            practice_code=tracker.get_slot("practice_code"))
            if not state["appointment"]:
                answer = "-geen"
        elif answer is None:
            if intent in NOT_AN_ANSWER:
                return [SlotSet("requested_slot", requested)]
            _text(dispatcher, _language(tracker), T.CANCEL_INVALID)
            return [SlotSet("cancel_confirm", None), SlotSet("requested_slot", "cancel_confirm")]
        return [SlotSet("cancel_confirm", answer), SlotSet("requested_slot", None if answer else "cancel_confirm")]


class ActionAskCancelConfirm(Action):
    def name(self) -> str:
        return "action_ask_cancel_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue

        _say(dispatcher, await asyncio.to_thread(dialogue.cancel, store(), sender_id=tracker.sender_id,
                                                 language=_language(tracker), confirm=None))
        return []


class ActionCancelAppointment(Action):
    def name(self) -> str:
        return "action_cancel_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue

        confirm = tracker.get_slot("cancel_confirm")
        turn = await asyncio.to_thread(dialogue.cancel, store(), sender_id=tracker.sender_id,
                                       language=_language(tracker), confirm=confirm if confirm in ("ja", "nee") else None)
        if confirm not in ("ja", "nee"):
            turn.messages = turn.messages[:1]  # nothing to cancel: that message alone
        _say(dispatcher, turn)
        return [SlotSet(k, v) for k, v in turn.slots.items()] + [SlotSet("cancel_confirm", None)]


class ActionShowAppointment(Action):
    def name(self) -> str:
        return "action_show_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.booking import dialogue

        return _emit(dispatcher, await asyncio.to_thread(dialogue.show, store(), sender_id=tracker.sender_id,
                                                        language=_language(tracker)))


class ActionSetPractice(Action):
    """A practice button pressed outside a question: remember it and offer the next steps."""

    def name(self) -> str:
        return "action_set_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from actions.intake import _send, load_practices, remember_practice
        from bot.dialogue import texts as D
        from bot.dialogue.practices import find

        code = _entity(tracker, "practice_code") or ""
        practices = await asyncio.to_thread(load_practices)
        found = find(code, practices)
        language = _language(tracker)
        if found.chosen is None:
            _text(dispatcher, language, D.NOT_UNDERSTOOD, [(D.MAKE_APPOINTMENT, D.REQUEST_APPOINTMENT),
                                                           (D.ASK_A_QUESTION, D.HELP), (D.TALK_TO_SOMEONE, D.REQUEST_HUMAN)])
            return []
        await asyncio.to_thread(remember_practice, tracker.sender_id, found.chosen.code)
        slots = {"practice_code": found.chosen.code, "practice_name": found.chosen.name,
                 "worker_title": found.chosen.worker_title or tracker.get_slot("worker_title")}
        _send(dispatcher, tracker, "utter_practice_chosen", slots)
        _text(dispatcher, language, D.HOW_CAN_I_HELP, [(D.MAKE_APPOINTMENT, D.REQUEST_APPOINTMENT), (D.ASK_A_QUESTION, D.HELP)])
        return [SlotSet(k, v) for k, v in slots.items()]
