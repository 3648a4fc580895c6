"""The intake's part in the conversation: a crisis raises the handover to "crisis", and a short
typed answer to "Voor wie schrijf je?" ("myself", "moeder", "ik ben leerkracht") counts as the
button it means. An answer to that question that only says who is writing ("ik ben de moeder van
een jongen") is not met with the safety check-in when the risk classifier alone raised it: the
words hold nothing else, and the check-in kept the answer from the intake (the role question came
back after it)."""

from __future__ import annotations

import asyncio
import json

from bot.conversation import Hooks
from bot.conversation.transcript import last_bot_text
from bot.i18n import _
from bot.replies import t

ROLE_QUESTION = _("Voor wie schrijf je?")
SHORT_ANSWER_WORDS = 6  # up to here any short answer ("moeder", "over mezelf")
MAX_ANSWER_WORDS = 60  # a longer message is a story, read by the model alone
# What the model may make of an answer to "Voor wie schrijf je?" that says more than who is
# writing, for the message to go to Rasa whole: anything it is sure of, except the intake's own
# answers (those the intake reads from the words it keeps).
_INTAKE_ANSWERS = frozenset({"nlu_fallback", "inform_role", "inform_age", "inform_duration", "inform_school",
                             "inform_impact", "inform_heaviness", "inform_help", "inform_hope", "inform_name",
                             "inform_contact", "inform_practice", "inform_topic", "dont_know", "prefer_not_say",
                             "skip", "affirm", "deny"})


def raise_handover(session, *, conversation_id: int, category: str, cipher) -> None:
    from bot.intake.handover import upgrade_to_crisis

    upgrade_to_crisis(session, conversation_id, category, cipher=cipher)


def answer_role(text: str) -> str | None:
    """Who is writing, read from a typed answer to "Voor wie schrijf je?": a short answer in plain
    words ("moeder", "myself"), a statement of who is writing ("ik ben de moeder van een jongen"),
    or a message about a child ("mijn zoon wil niet naar school", "hij is 14"): the same reading
    as the intake form's answer to that question (``read_role`` with ``answering``)."""
    from bot.content.themes import about_a_child, read_role
    from bot.intake.parsing import extract_facts

    words = len(text.split())
    if words > MAX_ANSWER_WORDS:
        return None
    if words <= SHORT_ANSWER_WORDS:
        return read_role(text, answering=True)
    return extract_facts(text).role or ("ouder" if about_a_child(text) else None)


def role_payload(text: str) -> str | None:
    """The role button a typed answer to "Voor wie schrijf je?" means, or None."""
    role = answer_role(text)
    return None if role is None else "/inform_role" + json.dumps({"role": role}, separators=(",", ":"))


def role_statement(text: str) -> str | None:
    """The role when the whole message only says who is writing ("ik ben de moeder van een jongen")."""
    from bot.intake.parsing import says_only_who_writes

    return says_only_who_writes(text.strip())


def goes_to_rasa_whole(intent: str | None) -> bool:
    """A message that says more than who is writing goes to the model whole when it is sure of
    what it is (a worry it answers for the role it reads, a question, an appointment); when it is
    unsure, or reads an answer the intake asks for, the role button goes with the typed words,
    which the intake reads (the worry is its topic), so the role question never loops."""
    return intent is not None and intent not in _INTAKE_ANSWERS


def register(hooks: Hooks, *, store=None, settings=None, intent_of=None, **_deps) -> None:
    """``intent_of(text)``: what the model makes of a text (None when it cannot be asked); by
    default Rasa's parse API."""
    hooks.on_crisis(raise_handover)
    if store is None:
        return
    if intent_of is None and settings is not None:
        from bot.dialogue.rasa_admin import RasaAdmin
        from bot.runtime import rasa_api_token

        intent_of = RasaAdmin(settings.rasa_url, rasa_api_token(settings)).intent

    async def asked_who_writes(turn) -> bool:
        last = await asyncio.to_thread(last_bot_text, store, turn.conversation.id)
        asked = {t(turn.language, ROLE_QUESTION), t("nl", ROLE_QUESTION)}
        return bool(last) and any(last.startswith(q) for q in asked)

    async def typed_role(turn, message: str) -> str | None:
        text = turn.text.strip()
        payload = role_payload(text)
        if payload is None or not await asked_who_writes(turn):
            return None
        if role_statement(text) is None and len(text.split()) > 1 and intent_of is not None:
            # It says more than who is writing ("mijn zoon wil niet naar school").
            intent = await intent_of(text)
            if goes_to_rasa_whole(intent):
                return None
        return payload

    hooks.typed_answer(typed_role)

    async def only_who_writes(turn) -> bool:
        # Only a check-in of the classifier alone: a rule's signal (a word of harm, a means) is
        # never waived, and a crisis verdict never reaches a waiver.
        verdict = turn.verdict
        if turn.pressed or turn.conversation is None or verdict.crisis or verdict.rule != "classifier":
            return False
        if role_statement(turn.text) is None:
            return False
        return await asked_who_writes(turn)

    hooks.check_in_waiver("answer_to_who_writes", only_who_writes)
