"""The call-back request: a thin action around bot.staffchat.callback."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import store

log = logging.getLogger("actions.staffchat")


class ActionRequestCallBack(Action):
    """``request_human``: ask the practice to contact the person; say honestly when."""

    def name(self) -> str:
        return "action_request_call_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from bot.staffchat.callback import request_for_sender

        text = tracker.latest_message.get("text") or ""
        language = tracker.get_slot("language") or "nl"
        replies = await asyncio.to_thread(request_for_sender, store(), sender_id=tracker.sender_id,
                                          text=text, language=language)
        for reply in replies:
            dispatcher.utter_message(text=reply)
        log.info("%s sender=%s", self.name(), tracker.sender_id)
        return []


