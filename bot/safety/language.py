"""Which language a message is in, for the first crisis reply. lingua-language-detector ships
its models inside the wheel (no download); low-accuracy mode over a handful of languages keeps
it at about 20 MB and well under a millisecond per chat message.

Only the languages the crisis card is written in are answered in; anything else (or a message
too short to tell) gets the conversation's own language.
"""

from __future__ import annotations

import re
from functools import lru_cache

CARD_LANGUAGES = ("nl", "en", "tr", "pl", "uk", "ar")
MIN_CONFIDENCE = 0.6
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.DUTCH, Language.ENGLISH, Language.TURKISH, Language.POLISH, Language.UKRAINIAN,
                 Language.RUSSIAN, Language.ARABIC, Language.GERMAN, Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().with_preloaded_language_models().build()


def warm_up() -> None:
    _detector()


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence) of the most likely language, or (None, 0.0)."""
    sample = (text or "")[:1000]
    if len(_LETTERS.findall(sample)) < 3:
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def card_language(text: str, conversation_language: str) -> str:
    """The language of the first crisis reply: the message's, when the card exists in it and the
    detector is sure; Russian gets the Ukrainian card (the families this serves read both);
    otherwise the conversation's language."""
    code, confidence = detect(text)
    if code == "ru":
        code = "uk"
    if code in CARD_LANGUAGES and confidence >= MIN_CONFIDENCE and code != "nl":
        return code
    return conversation_language
