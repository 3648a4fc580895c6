"""Crisis actions. The bot process has already answered with the help lines when the screen
fired; these actions keep the dialogue and (later) the handover in step."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.safety")


class ActionCrisisNet(Action):
    def name(self) -> str:
        return "action_crisis_net"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        source = next(tracker.get_latest_entity_values("crisis_source"), None)
        category = next(tracker.get_latest_entity_values("crisis_category"), None) or "suicide"
        if source != "screen":
            # The screen missed it but the model did not: ask the bot process to send the
            # crisis reply (it owns those texts and the staff alert).
            dispatcher.utter_message(json_message={"crisis": True, "category": category})
        log.info("crisis recorded sender=%s category=%s source=%s", tracker.sender_id, category, source or "rasa")
        return [SlotSet("crisis_category", category)]
