"""The call-back request: a thin action around bot.staffchat.callback."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import store

log = logging.getLogger("actions.staffchat")


def asking_text(tracker: Tracker) -> str:
    """The message that asked for a person (it may hold a phone number): after call_back_form
    asked for the practice, the latest message is the practice, not the request. That is the
    latest message read as ``request_human``, or the message that started call_back_form when it
    was started otherwise ("Kunt u mij bellen? 06…" after the professional's redirect, which the
    intake turns into a call-back), whichever came last."""
    events = tracker.events or []
    asked = started = None
    last_user = None
    for i, event in enumerate(events):
        kind = event.get("event")
        if kind == "user":
            last_user = i
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "request_human":
                asked = i
        elif kind == "active_loop" and event.get("name") == "call_back_form" and last_user is not None:
            started = last_user
    chosen = max((i for i in (asked, started) if i is not None), default=None)
    if chosen is None:
        return tracker.latest_message.get("text") or ""
    text = events[chosen].get("text") or ""
    if text.startswith("/"):
        # Sent as the intent by the bot app ("06 12345678" typed at the menu is a request to be
        # called): what was typed is in the message's metadata, and the number goes with the request.
        return str((events[chosen].get("metadata") or {}).get("typed") or "")
    return text


class ActionRequestCallBack(Action):
    """``request_human``: ask the practice to contact the person; say honestly when."""

    def name(self) -> str:
        return "action_request_call_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from bot.staffchat.callback import request_for_sender

        text = asking_text(tracker)
        language = tracker.get_slot("language") or "nl"
        if (tracker.active_loop or {}).get("name") == "intake_form" and not tracker.get_slot("practice_code"):
            # The intake asks the practice next: the request is made as soon as it is known
            # (actions/intake.py), instead of "stuur /start met de code" while it is being asked.
            from bot.dialogue import texts as T
            from bot.i18n import normalise_language
            from bot.replies import t

            dispatcher.utter_message(text=t(normalise_language(language), T.CALL_BACK_WHICH_PRACTICE))
            log.info("%s sender=%s waits for the intake's practice", self.name(), tracker.sender_id)
            return []
        # The phone number the intake already noted ("06…" typed at another question, or the
        # contact question answered) goes with the request instead of asking for it again.
        replies = await asyncio.to_thread(request_for_sender, store(), sender_id=tracker.sender_id,
                                          text=text, language=language, known_phone=tracker.get_slot("contact"))
        for reply in replies:
            dispatcher.utter_message(text=reply)
        log.info("%s sender=%s", self.name(), tracker.sender_id)
        return []


