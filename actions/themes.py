"""First-line answers by role: thin actions around :mod:`bot.content.themes`.

A theme question runs ``action_theme_role`` (reads who is writing from the message when the
conversation does not know it yet), then the answer ``utter_theme_<theme>`` (the NLG endpoint
picks the variation for the role, or asks who is writing), then ``action_theme_followup``
(remembers the theme, asks the safety check-in after low mood and makes the offer of the support
worker, or waits for the role). When the person then says who they are, ``action_after_role``
gives the answer that was waiting and the offer. The offer is sent from these actions, never as a
rule step: before the role is known it has nothing to say, and an NLG answer without text makes
Rasa drop the turn's events (the conversation then trips Rasa's circuit breaker).
Logs carry ids, themes and roles, never message text.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.themes")


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _typed(tracker: Tracker) -> str | None:
    text = tracker.latest_message.get("text") or ""
    return None if text.startswith("/") else text


def asked_who_writes(tracker: Tracker) -> bool:
    """The bot's last message before this one asked "Voor wie schrijf je?" (a worry typed as the
    answer, "hij wil al weken niet naar school ...", tells that a parent is writing)."""
    from bot.i18n import normalise_language
    from bot.intake.conversation import ROLE_QUESTION
    from bot.replies import t

    seen_user = False
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return False
            seen_user = True
        elif kind == "bot" and seen_user:
            text = event.get("text") or ""
            asked = {t(normalise_language(tracker.get_slot("language")), ROLE_QUESTION), t("nl", ROLE_QUESTION)}
            return any(text.startswith(q) for q in asked)
    return False


def _events(slots: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in slots.items()]


def _send_payloads(dispatcher: CollectingDispatcher, payloads: list[dict[str, Any]]) -> None:
    for payload in payloads:
        dispatcher.utter_message(json_message=payload)


class ActionThemeRole(Action):
    """Before the answer: who is writing, when the conversation does not know it yet."""

    def name(self) -> str:
        return "action_theme_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import ROLES, read_role

        if tracker.get_slot("role") in ROLES:
            return []
        answering = bool(tracker.get_slot("theme_waits_for_role")) or asked_who_writes(tracker)
        role = read_role(_typed(tracker), answering=answering)
        return [SlotSet("role", role)] if role else []


class ActionThemeFollowup(Action):
    """After the answer: remember the theme and make the offer, or wait for the role the answer asked for."""

    def name(self) -> str:
        return "action_theme_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import ROLES, answered, theme_of, waiting_for_role

        theme = theme_of(_intent(tracker))
        if theme is None:
            return []
        role = tracker.get_slot("role")
        if role not in ROLES:
            log.info("theme answer waits for the role sender=%s theme=%s", tracker.sender_id, theme)
            return _events(waiting_for_role(theme))
        result = answered(theme, role, tracker.get_slot("themes"))
        _send_payloads(dispatcher, result.payloads)
        if result.offer:
            dispatcher.utter_message(response="utter_offer_appointment", role=role)
        log.info("theme answered sender=%s theme=%s role=%s", tracker.sender_id, theme, role)
        return _events(result.slots)


class ActionAfterRole(Action):
    """The person said who they are while an answer waited for it: give that answer now."""

    def name(self) -> str:
        return "action_after_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import ROLES, THEMES, answered, read_role, response_name

        theme = tracker.get_slot("pending_theme")
        if theme not in THEMES:
            dispatcher.utter_message(response="utter_ask_topic")
            return [SlotSet("pending_theme", None), SlotSet("theme_waits_for_role", False)]
        role = next(tracker.get_latest_entity_values("role"), None) or tracker.get_slot("role")
        if role not in ROLES:
            role = read_role(_typed(tracker), answering=True)
        if role not in ROLES:
            # Still not clear: the answer's own question again, with its buttons, and wait on.
            dispatcher.utter_message(response=response_name(theme))
            return [SlotSet("theme_waits_for_role", True)]
        # The role goes along as an argument: the NLG endpoint sees the tracker from before
        # this action's events.
        dispatcher.utter_message(response=response_name(theme), role=role)
        result = answered(theme, role, tracker.get_slot("themes"))
        _send_payloads(dispatcher, result.payloads)
        if result.offer:
            dispatcher.utter_message(response="utter_offer_appointment", role=role)
        log.info("theme answered after role sender=%s theme=%s role=%s", tracker.sender_id, theme, role)
        return [SlotSet("role", role), *_events(result.slots)]
