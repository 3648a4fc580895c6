"""Crisis actions. The bot process has already answered with the help lines when the screen
fired; this action keeps the dialogue in step and is the second net when the screen missed."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.safety")


def second_net_payload(text: str, category: str | None) -> dict | None:
    """What to ask the bot process for when Rasa's crisis intent fired but the screen did not.

    The screen still has a say: a message it answered with the check-in question already has
    113 and 112 in front of it, and an everyday idiom or a child's question about death is not a
    crisis, so the model's guess must not turn those into the alarm. ``about`` tells the bot
    process whose voice the reply takes (a parent gets "Is je kind nu veilig?").
    """
    from bot.safety import screen
    from bot.safety.screen import with_rasa

    verdict = screen(text or "")
    if verdict.outcome != "none":
        # Crisis: the bot process already answered. Check-in: 113 and 112 are already in front
        # of the person, and the model must not turn a denial into the alarm.
        return None if verdict.check_in else {"crisis": True, "category": verdict.category, "about": verdict.about}
    decided = with_rasa(verdict, text or "", "crisis")
    if not decided.crisis:
        return None  # an idiom, a joke, a question about death: the screen knows better
    return {"crisis": True, "category": category or decided.category, "about": decided.about}


class ActionCrisisNet(Action):
    def name(self) -> str:
        return "action_crisis_net"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        source = next(tracker.get_latest_entity_values("crisis_source"), None)
        category = next(tracker.get_latest_entity_values("crisis_category"), None)
        if source != "screen":
            # The screen missed it but the model did not: ask the bot process to send the
            # crisis reply (it owns those texts and the staff alert).
            payload = second_net_payload(tracker.latest_message.get("text") or "", category)
            if payload is None:
                # Overruled (the screen asked already, or an idiom): never silence, which the bot
                # process would have to answer with an apology; ask what it is about instead.
                log.info("crisis intent overruled by the screen sender=%s", tracker.sender_id)
                dispatcher.utter_message(response="utter_ask_rephrase")
                return []
            category = payload["category"]
            dispatcher.utter_message(json_message=payload)
        log.info("crisis recorded sender=%s category=%s source=%s", tracker.sender_id, category, source or "rasa")
        return [SlotSet("crisis_category", category)]


class ActionNotSafe(Action):
    """"Nee, niet veilig": the bot process has already answered with 112 and the lines for the
    category; here any form that was running stops, so the next question is not an intake one."""

    def name(self) -> str:
        return "action_not_safe"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        log.info("not safe sender=%s: form stopped", tracker.sender_id)
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
