"""The dialogue's mechanics as Rasa actions: the language slot, the two fallbacks.

- ``action_validate_slot_mappings`` runs after every message: the ``language`` slot follows the
  conversation's language in the database, which the bot process sends as metadata.
- ``action_default_ask_affirmation`` is the first step of Rasa's two-stage fallback: "did you
  mean …?" with the likely intents in words, "Iets anders" and "Ik wil iemand spreken".
- ``action_default_fallback`` is what the policies do when they are unsure (and the end of the
  two-stage fallback, where it asks to say it in other words): a way forward with buttons, and the turn is reverted, so a prediction
  never loops into Rasa's circuit breaker.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

log = logging.getLogger("actions.dialogue")

FORMS = ("intake_form", "booking_form", "cancel_form")
TWO_STAGE = "action_two_stage_fallback"


def language_of(tracker: Tracker) -> str:
    from bot.i18n import normalise_language

    return normalise_language(tracker.get_slot("language"))


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


class ActionValidateSlotMappings(ValidationAction):
    """Global slot extraction after each message (Rasa calls it by this name)."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: dict[str, Any]) -> dict[str, Any]:
        from bot.i18n import normalise_language

        sent = latest_metadata(tracker).get("language")
        if not sent:
            return {}
        language = normalise_language(sent)
        return {} if language == tracker.get_slot("language") else {"language": language}


def _buttons(language: str, items) -> list[dict[str, str]]:
    from bot.replies import t

    return [{"title": t(language, title), "payload": payload} for title, payload in items]


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.dialogue import texts as T
        from bot.replies import t

        language = language_of(tracker)
        loop = (tracker.active_loop or {}).get("name")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        log.info("fallback sender=%s loop=%s intent=%s", tracker.sender_id, loop or "-", intent or "-")
        if loop in FORMS and tracker.get_slot("requested_slot"):
            items = [(T.SKIP_QUESTION, T.SKIP_WORD), (T.PREVIOUS_QUESTION, T.BACK_WORD),
                     (T.STOP_QUESTIONS, T.STOP_WORD), (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
            dispatcher.utter_message(text=t(language, T.NOT_UNDERSTOOD_IN_QUESTION), buttons=_buttons(language, items))
        elif loop == TWO_STAGE:
            # Rasa gives up when a second unclear message answers the did-you-mean: not a final
            # "Sorry, I didn't understand", and not the first reply again (the did-you-mean without
            # options already asked to say it in other words): a person first, then the other ways.
            dispatcher.utter_message(text=t(language, T.STILL_NOT_UNDERSTOOD),
                                     buttons=_buttons(language, gave_up_items()))
        else:
            items = [(T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.ASK_A_QUESTION, T.HELP),
                     (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
            dispatcher.utter_message(text=t(language, T.NOT_UNDERSTOOD), buttons=_buttons(language, items))
        return [UserUtteranceReverted()]


def gave_up_items() -> list[tuple[str, str]]:
    """The ways on after two messages the bot could not read: asking for a person first."""
    from bot.dialogue import texts as T

    return [(T.TALK_TO_SOMEONE, T.REQUEST_HUMAN), (T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.ASK_A_QUESTION, T.HELP)]


def candidates(ranking: list[dict[str, Any]], known: set[str], *, limit: int = 3, floor: float = 0.1) -> list[str]:
    """Intents worth offering as "did you mean …?": likely, offered in words, not the fallback."""
    from bot.dialogue.texts import INTENT_TITLES

    out: list[str] = []
    for item in ranking or []:
        name = item.get("name")
        if (not name or name in ("nlu_fallback", "out_of_scope") or name not in INTENT_TITLES
                or name not in known or (item.get("confidence") or 0.0) < floor or name in out):
            continue
        out.append(name)
        if len(out) == limit:
            break
    return out


def named_themes(text: str) -> list[str]:
    """Theme intents the message names in so many words, to offer even when the model ranks them
    low: a message about school ("mijn dochter durft niet meer naar school") must be able to say
    School, whatever else the model guessed (it offered only Angst there). A vaccination for a child
    of 4 or younger (or of an age not given) offers the baby/JGZ answer ("hello, my daughter is 2 and I
    have questions about her vaccinations" was offered Rouw)."""
    from bot.content.themes import BABY_INTENT, baby_answer_fits
    from bot.intake.parsing import extract_facts

    themes = extract_facts(text).themes
    named = ["ask_school"] if "school" in themes else []
    if "baby_jgz" in themes and baby_answer_fits(text):
        named.append(BABY_INTENT)
    return named


def with_named(options: list[str], named: list[str], known: set[str], *, limit: int = 3) -> list[str]:
    """The model's likeliest guess first, then the themes the message names, then its other guesses."""
    from bot.dialogue.texts import INTENT_TITLES

    extra = [name for name in named if name in known and name in INTENT_TITLES and name not in options]
    return (options[:1] + extra + options[1:])[:limit]


def intent_names(domain: dict[str, Any]) -> set[str]:
    names = set()
    for item in domain.get("intents") or []:
        names.update([item] if isinstance(item, str) else list(item))
    return names


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.dialogue import texts as T
        from bot.replies import t

        language = language_of(tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        known = intent_names(domain)
        options = with_named(candidates(ranking, known), named_themes(tracker.latest_message.get("text") or ""), known)
        log.info("ask affirmation sender=%s options=%s", tracker.sender_id, ",".join(options) or "-")
        if options:
            items = [(T.INTENT_TITLES[name], f"/{name}") for name in options]
            items.append((T.SOMETHING_ELSE, T.OUT_OF_SCOPE))
            if "request_human" not in options:  # "can someone call me": the person once, not twice
                items.append((T.TALK_TO_SOMEONE, T.REQUEST_HUMAN))
            dispatcher.utter_message(text=t(language, T.DID_YOU_MEAN), buttons=_buttons(language, items))
        else:
            # Nothing worth guessing (emoji, another language, gibberish): ask in other words.
            items = [(T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.ASK_A_QUESTION, T.HELP),
                     (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
            dispatcher.utter_message(text=t(language, T.SAY_IT_DIFFERENTLY), buttons=_buttons(language, items))
        return []
