"""Asking for a person in the bot's own words always reaches the call-back request.

The bot offers "Ik wil iemand spreken" as a button under its fallbacks and questions, and tells a
person to type it when a worker hands the conversation back. Typed, those words must do what the
button does, in any state of the conversation: before the role question, inside a form, after a
redirect. The model cannot be relied on for that: its writers labelled "ik wil iemand spreken van
de praktijk" as an appointment request, so the short phrase is read as one, and the intake starts
instead of the call-back.

Only the bot's own phrases (the titles of its /request_human buttons, in the conversation's
language and in Dutch) are read here, with room for a typo and a polite word; anything longer or
different goes to the model as before.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from bot.dialogue import texts as T
from bot.replies import t

PAYLOAD = T.REQUEST_HUMAN
PHRASES = (T.TALK_TO_SOMEONE, T.TALK_WITH_SOMEONE, T.INTENT_TITLES["request_human"])
# A typo or a missing letter still counts; "ik wil iemand spreken over mijn zoon" does not.
MIN_SIMILARITY = 88
MAX_WORDS = 8
# Polite words that do not change the request.
_POLITE = re.compile(r"\b(graag|alsjeblieft|alstublieft|aub|a\.u\.b|asjeblieft|please|pls|nu|even|dan|toch)\b")
# One letter turns "iemand" into "niemand": a negation is never the request.
_NEGATIONS = frozenset({"niemand", "niet", "geen", "nee", "nooit", "nobody", "no", "not", "dont", "don"})


# Asking to be called, in the words people type (not the bot's own): read only while no question is
# open (bot.dialogue.bare_answer), since "bel me" also answers "Hoe wil je het gesprek?". The
# model read "can someone call me" as a first message sometimes as a request for a person and
# sometimes not (two trainings on the same data).
CALL_ME = ("bel me", "bel mij", "bel me terug", "bel mij terug", "kan iemand me bellen", "kan iemand mij bellen",
           "kan iemand mij terugbellen", "kunnen jullie me bellen", "kunnen jullie mij bellen",
           "kunnen jullie mij terugbellen", "kunt u me bellen", "kunt u mij bellen", "kunt u mij terugbellen",
           "ik wil gebeld worden", "ik wil teruggebeld worden", "call me", "call me back", "can someone call me",
           "can someone call me back", "can you call me", "could someone call me", "could you call me",
           "i want to be called", "i would like a call")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _POLITE.sub(" ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def phrases(language: str) -> set[str]:
    return {normalise(t(lang, msgid)) for lang in {language, "nl"} for msgid in PHRASES}


def _says_only(text: str, wanted: set[str] | tuple[str, ...]) -> bool:
    """A short message that is one of ``wanted`` (normalised), with room for a typo and a polite
    word, and without a negation."""
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return False
    typed = normalise(text)
    if not typed or _NEGATIONS & set(typed.split()):
        return False
    return any(fuzz.ratio(typed, phrase) >= MIN_SIMILARITY for phrase in wanted)


def means_asking_for_a_person(text: str, language: str = "nl") -> bool:
    return _says_only(text, phrases(language))


def asks_to_be_called(text: str) -> bool:
    """A short message that only asks to be called ("can someone call me", "bel me terug aub")."""
    return _says_only(text, CALL_ME)


async def read_typed_request(turn, message: str) -> str | None:
    """The core's typed-request reader: ``/request_human`` for the bot's own words, else None."""
    return PAYLOAD if means_asking_for_a_person(turn.text.strip(), turn.language) else None
