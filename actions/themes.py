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
from rasa_sdk.events import ActionExecuted, EventType, SlotSet, UserUtteranceReverted, UserUttered
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


def send_way_on(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Under an answer without the offer of a talk (the baby answer sends the person to the
    consultatiebureau): something else, or a person from the practice. Its own text ends with a
    question mark ("Is je baby ziek? Bel dan ..."), so the bot app's next-step filter added nothing."""
    from actions.dialogue import _buttons, language_of
    from bot.dialogue import texts as T
    from bot.replies import t

    language = language_of(tracker)
    items = [(T.SOMETHING_ELSE, T.HELP), (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
    dispatcher.utter_message(text=t(language, T.ANYTHING_ELSE), buttons=_buttons(language, items))


def _user_event(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return event
    return {}


def read_again_as(tracker: Tracker, parse: dict[str, Any]) -> list[EventType]:
    """The latest message read again with this parse: the turn so far is reverted, and the policies
    answer the message as if the model had read it so (the pattern of Rasa's own two-stage fallback)."""
    latest = dict(tracker.latest_message or {})
    original = _user_event(tracker)
    parse_data = {**latest, "intent": parse["intent"], "intent_ranking": parse["intent_ranking"]}
    user = UserUttered(latest.get("text"), parse_data, input_channel=original.get("input_channel"))
    user["metadata"] = original.get("metadata") or latest.get("metadata") or {}
    if original.get("message_id"):
        user["message_id"] = original["message_id"]
    return [UserUtteranceReverted(), ActionExecuted("action_listen"), user]


def not_the_baby_answer(tracker: Tracker) -> list[EventType]:
    """A typed message the model read as a baby question, about a child the conversation knows to be
    5 or older (the intake's age): the consultatiebureau is for children up to 4, so the message is
    read again without that guess (bot.content.themes.without_the_baby_guess: the model's next theme
    answers, or the did-you-mean asks). The age the message itself gives was applied in the NLU
    pipeline already. Empty when the baby answer fits (or inside a form without a likely next theme:
    the form's own question follows)."""
    from bot.content.themes import BABY_THEME, intent_after, without_the_baby_guess

    if theme_of_latest(tracker) != BABY_THEME:
        return []
    again = without_the_baby_guess(tracker.latest_message or {}, tracker.get_slot("age"))
    if again is None:
        return []
    intent = intent_after(again)
    if intent["name"] == "nlu_fallback" and (tracker.active_loop or {}).get("name"):
        return []  # inside a form the did-you-mean is not asked; the form's own question follows
    log.info("baby answer not for this age sender=%s instead=%s", tracker.sender_id, intent["name"])
    return read_again_as(tracker, {**again, "intent": intent})


def theme_of_latest(tracker: Tracker) -> str | None:
    from bot.content.themes import theme_of

    return theme_of(_intent(tracker))


def waiting_theme_for_the_age(tracker: Tracker, theme: str | None) -> str | None:
    """The baby answer waited for the role, and the answer to "Voor wie schrijf je?" gives a child
    of 5 or older ("moeder, hij is 7"): the message that asked, read without the baby guess
    (bot.content.themes.without_the_baby_guess): its next theme, or None (the topic question)."""
    from bot.content.themes import (
        BABY_INTENT,
        BABY_THEME,
        child_age,
        intent_after,
        theme_of,
        without_the_baby_guess,
    )

    if theme != BABY_THEME:
        return theme
    asked = next((e for e in reversed(tracker.events or []) if e.get("event") == "user"
                  and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == BABY_INTENT), None)
    parse = {**((asked or {}).get("parse_data") or {}), "text": (asked or {}).get("text")}
    again = without_the_baby_guess(parse, child_age(_typed(tracker), tracker.get_slot("age")))
    if again is None:
        return theme
    # The model's next theme when it is sure enough of it; else None: the topic question, never
    # the consultatiebureau for an older child.
    return theme_of(intent_after(again)["name"])


class ActionUnaskedAnswer(Action):
    """An answer to an intake question typed while no question is open, that tells the situation
    ("ze zit al weken thuis"): a worry in answer form. When the model's best theme question for it
    is near enough (bot.content.themes.unasked_answer_theme), the message is read again as that
    question, and the theme's first-line answer and the offer follow; else nothing happens here and
    the rule starts the intake, which reads the message."""

    def name(self) -> str:
        return "action_unasked_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import unasked_answer_theme

        latest = dict(tracker.latest_message or {})
        if not _typed(tracker):
            return []  # a stale button: the intake's own answer
        intent = unasked_answer_theme(latest)
        if intent is None:
            return []
        ranking = [intent, *(i for i in latest.get("intent_ranking") or [] if i.get("name") != intent["name"])]
        log.info("answer without a question read as a worry sender=%s was=%s theme=%s", tracker.sender_id,
                 (latest.get("intent") or {}).get("name"), intent["name"])
        return read_again_as(tracker, {"intent": intent, "intent_ranking": ranking})


class ActionThemeRole(Action):
    """Before the answer: who is writing, when the conversation does not know it yet. A baby
    question about an older child is read again first (:func:`not_the_baby_answer`)."""

    def name(self) -> str:
        return "action_theme_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import ROLES, read_role

        again = not_the_baby_answer(tracker)
        if again:
            return again
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
        else:
            send_way_on(dispatcher, tracker)
        log.info("theme answered sender=%s theme=%s role=%s", tracker.sender_id, theme, role)
        return _events(result.slots)


class ActionAfterRole(Action):
    """The person said who they are while an answer waited for it: give that answer now."""

    def name(self) -> str:
        return "action_after_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.content.themes import ROLES, THEMES, answered, read_role, response_name

        theme = tracker.get_slot("pending_theme")
        theme = waiting_theme_for_the_age(tracker, theme)
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
        else:
            send_way_on(dispatcher, tracker)
        log.info("theme answered after role sender=%s theme=%s role=%s", tracker.sender_id, theme, role)
        return [SlotSet("role", role), *_events(result.slots)]
