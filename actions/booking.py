"""Booking actions: thin wrappers around bot.booking.dialogue (slot picker, booking,
rescheduling, cancelling). The intake's submit action may end with
FollowupAction("action_offer_slots")."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import store

log = logging.getLogger("actions.booking")


def _language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "nl"


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


def _emit(dispatcher: CollectingDispatcher, turn) -> list[dict[str, Any]]:
    for message in turn.messages:
        if "json_message" in message:
            dispatcher.utter_message(json_message=message["json_message"])
        else:
            dispatcher.utter_message(text=message["text"], buttons=message["buttons"] or None)
    # Wait for the person's choice. Needed after the intake's FollowupAction, where no rule
    # says what follows (the policies looped on action_offer_slots until the circuit breaker).
    return [SlotSet(name, value) for name, value in turn.slots.items()] + [FollowupAction("action_listen")]


class _BookingAction:
    """Shared run(); not an Action itself, because rasa_sdk registers every Action subclass."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        from bot.booking import dialogue

        turn = await asyncio.to_thread(self.turn, dialogue, tracker)
        log.info("%s sender=%s messages=%d", self.name(), tracker.sender_id, len(turn.messages))
        return _emit(dispatcher, turn)

    def turn(self, dialogue, tracker: Tracker):  # pragma: no cover - overridden
        raise NotImplementedError


class ActionOfferSlots(_BookingAction, Action):
    def name(self) -> str:
        return "action_offer_slots"

    def turn(self, dialogue, tracker):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return dialogue.offer_slots(
            store(), sender_id=tracker.sender_id, language=_language(tracker), more=intent == "more_slots",
            after=tracker.get_slot("slots_after"),
            practice_code=_entity(tracker, "practice_code") or tracker.get_slot("practice_code"),
            urgent_alerted=bool(tracker.get_slot("urgent_alerted")))


class ActionChooseSlot(_BookingAction, Action):
    def name(self) -> str:
        return "action_choose_slot"

    def turn(self, dialogue, tracker):
        return dialogue.choose_slot(store(), sender_id=tracker.sender_id, language=_language(tracker),
                                    slot_id=_entity(tracker, "slot_id"), mode=tracker.get_slot("booking_mode"))


class ActionBookAppointment(_BookingAction, Action):
    def name(self) -> str:
        return "action_book_appointment"

    def turn(self, dialogue, tracker):
        return dialogue.book(store(), sender_id=tracker.sender_id, language=_language(tracker),
                             slot_id=tracker.get_slot("chosen_slot"),
                             type_code=_entity(tracker, "appointment_type"))


class ActionRescheduleAppointment(_BookingAction, Action):
    def name(self) -> str:
        return "action_reschedule_appointment"

    def turn(self, dialogue, tracker):
        return dialogue.start_reschedule(store(), sender_id=tracker.sender_id, language=_language(tracker))


class ActionCancelAppointment(_BookingAction, Action):
    def name(self) -> str:
        return "action_cancel_appointment"

    def turn(self, dialogue, tracker):
        return dialogue.cancel(store(), sender_id=tracker.sender_id, language=_language(tracker),
                               confirm=_entity(tracker, "confirm"))


class ActionShowAppointment(_BookingAction, Action):
    def name(self) -> str:
        return "action_show_appointment"

    def turn(self, dialogue, tracker):
        return dialogue.show(store(), sender_id=tracker.sender_id, language=_language(tracker))
