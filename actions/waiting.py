"""Waiting-time actions: a typed check-in answer or a request for the safety plan, understood
by Rasa, is handed to the bot process as a custom payload. The bot process owns the check-in
and the plan (bot.waiting.conversation): it knows what is pending in this conversation."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.waiting")

ANSWERS = {"checkin_better": "better", "checkin_same": "same", "checkin_worse": "worse"}


class ActionCheckinAnswer(Action):
    def name(self) -> str:
        return "action_checkin_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = ANSWERS.get(intent)
        if answer is not None:
            dispatcher.utter_message(json_message={"checkin": answer})
        log.info("checkin answer understood sender=%s answer=%s", tracker.sender_id, answer or "-")
        return []


class ActionSafetyPlan(Action):
    def name(self) -> str:
        return "action_safety_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        dispatcher.utter_message(json_message={"safety_plan": "open"})
        return []
