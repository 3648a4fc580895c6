"""Crisis actions. The bot process has already answered with the help lines when the screen
fired; this action keeps the dialogue in step and is the second net when the screen missed."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.safety")


def second_net_payload(text: str, category: str | None) -> dict | None:
    """What to ask the bot process for when Rasa's crisis intent fired but the screen did not.

    The screen still has a say: a negated signal ("ik heb geen gedachten aan zelfmoord") has
    already had the gentle check-in, and an everyday idiom or a child's question about death is
    not a crisis, so the model's guess must not turn those into the alarm.
    A parent's words get the parent reply; otherwise the 113 reply (it also names 112).
    """
    from bot.safety import screen
    from bot.safety.screen import figure_of_speech, sounds_like_a_parent

    verdict = screen(text or "")
    if verdict.check_in or (not verdict.crisis and figure_of_speech(text or "")):
        # The model fires on idioms like "... me dood" and on questions about death; the screen knows better.
        return None
    if verdict.crisis:
        category = verdict.category
    elif category is None:
        category = "parent_worry" if sounds_like_a_parent(text or "") else "suicide"
    return {"crisis": True, "category": category}


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
                log.info("crisis intent on a negated signal sender=%s: check-in only", tracker.sender_id)
                return []
            category = payload["category"]
            dispatcher.utter_message(json_message=payload)
        log.info("crisis recorded sender=%s category=%s source=%s", tracker.sender_id, category, source or "rasa")
        return [SlotSet("crisis_category", category)]
