"""call_back_form: which practice, before asking for a person can become a call-back request.

A call-back needs a practice (it goes to that practice's inbox). A conversation from a bare
/start, or a professional redirected before the practice question, has none yet: the form asks
for it the way the intake does (typed name, place or postcode, or a button) and ends at once when
the practice is already known. Staff chat's ``action_request_call_back`` runs after the form.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.call_back")

SLOT = "call_back_practice"
NONE_FOUND = "-"
# Words that end the question without a practice: the request is then answered with where to go.
GIVE_UP_INTENTS = frozenset({"stop_intake", "go_back"})
NOT_AN_ANSWER = frozenset({
    "faq", "help", "privacy", "bot_challenge", "request_human", "crisis", "affirm_safe", "deny_safe",
    "request_appointment", "cancel_appointment", "reschedule_appointment", "afspraak", "taal", "set_language",
    "start",
})


def read_answer(*, requested: str | None, intent: str | None, value: Any, text: str, tries: Any,
                known: dict[str, Any] | None, practices) -> tuple[dict[str, Any], list[str]] | None:
    """The slot updates and intake responses for one turn of the form; None rejects the turn
    (a question in between: its own rule answers it and the same question comes back)."""
    from bot.intake.flow import practice_answer

    if requested is None:  # activation: a practice the conversation already has ends the form
        if known:
            return {SLOT: known["practice_code"]}, []
        return {SLOT: None, "practice_options": None, "practice_tries": None}, []
    if intent in GIVE_UP_INTENTS and not value:
        return {SLOT: NONE_FOUND, "practice_options": None, "practice_tries": None}, []
    if intent == "request_human" and not value:
        # Asking again while the practice is asked: the same question, with why it is asked.
        return {"practice_tries": tries}, []
    if intent in NOT_AN_ANSWER and not value:
        return None
    found, responses = practice_answer(str(value or text), {"practice_tries": tries}, practices)
    if found.pop("intake_outcome", None):
        # Three answers without a practice: no more asking; the request says where to go instead.
        return {SLOT: NONE_FOUND, "practice_options": None, "practice_tries": None}, []
    code = found.pop("practice_code", None)
    return {**found, SLOT: code}, responses


class ValidateCallBackForm(Action):
    def name(self) -> str:
        return "validate_call_back_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from actions.intake import _send, known_practice, load_practices, remember_practice

        requested = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        known = await asyncio.to_thread(known_practice, tracker.sender_id) if requested is None else None
        practices = await asyncio.to_thread(load_practices) if requested is not None else []
        step = read_answer(requested=requested, intent=intent, value=tracker.slots_to_validate().get(SLOT),
                           text=tracker.latest_message.get("text") or "", tries=tracker.get_slot("practice_tries"),
                           known=known, practices=practices)
        if step is None:
            log.info("call-back practice turn without answer sender=%s intent=%s", tracker.sender_id, intent)
            return [SlotSet("requested_slot", requested)]
        updates, responses = step
        code = updates.get(SLOT)
        if requested is not None and code and code != NONE_FOUND:
            await asyncio.to_thread(remember_practice, tracker.sender_id, code)
            updates["practice_code"] = code
        for response in responses:
            _send(dispatcher, tracker, response, updates)
        nxt = None if updates.get(SLOT) else SLOT
        log.info("call-back practice turn sender=%s requested=%s next=%s", tracker.sender_id, requested or "-",
                 nxt or "-")
        return [SlotSet(k, v) for k, v in updates.items()] + [SlotSet("requested_slot", nxt)]


class ActionAskCallBackPractice(Action):
    """Say why the practice is asked (the first time), then the practice question itself."""

    def name(self) -> str:
        return "action_ask_call_back_practice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from actions.intake import ask_practice, load_practices
        from bot.dialogue import texts as T
        from bot.i18n import normalise_language
        from bot.replies import t

        intent = (tracker.latest_message.get("intent") or {}).get("name")
        first = not tracker.get_slot("practice_tries") and not tracker.get_slot("practice_options")
        if first or intent == "request_human":
            dispatcher.utter_message(text=t(normalise_language(tracker.get_slot("language")), T.CALL_BACK_WHICH_PRACTICE))
        ask_practice(dispatcher, tracker, await asyncio.to_thread(load_practices))
        return []
