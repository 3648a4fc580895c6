"""Which of the conversation's languages a typed message is clearly written in.

A conversation speaks Dutch or English (the /taal buttons). A person who writes a whole message in
English gets the conversation in English; a Dutch message with one English word in it ("hij is
super depressed"), a short message ("ok", "hi", "no", "help") or a message in another language
changes nothing.

lingua-language-detector (models inside the wheel, no download) in its low-accuracy mode, over
the two conversation languages and the languages most easily mistaken for them or written by the
families this serves, so a German, Afrikaans or Turkish message is not called English or Dutch.
The low-accuracy mode is weak on a handful of words, which is why a message needs
``MIN_WORDS`` words before it counts at all; on longer messages it is as good as the slower mode
(``scripts/language_eval.py`` prints the figures per writer).
"""

from __future__ import annotations

import re
from functools import lru_cache

CONVERSATION_LANGUAGES = ("nl", "en")
MIN_WORDS = 4  # "my son is 13", "ik ben de moeder": too short to switch a conversation on
MIN_CONFIDENCE = 0.8
_WORD = re.compile(r"[^\W\d_]+")  # words in any script


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.DUTCH, Language.ENGLISH, Language.AFRIKAANS, Language.GERMAN, Language.FRENCH,
                 Language.TURKISH, Language.POLISH, Language.UKRAINIAN, Language.RUSSIAN, Language.ARABIC)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().with_preloaded_language_models().build()


def warm_up() -> None:
    _detector()


def language_scores(text: str) -> tuple[str | None, float, int]:
    """(ISO 639-1 code of the most likely language, its confidence, number of words); the code is
    None when the message has no words."""
    sample = (text or "")[:1000]
    words = len(_WORD.findall(sample))
    if not words:
        return None, 0.0, 0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0, words
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value), words


def clearly_written_in(text: str, *, min_words: int = MIN_WORDS, min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """The conversation language ("nl" or "en") the message is clearly written in, else None.

    None for short messages (fewer than ``min_words`` words), for a message in another language
    and whenever the detector is not sure. For other callers (the crisis card's language) the
    thresholds can be chosen: a shorter message may count when being wrong costs less there."""
    code, confidence, words = language_scores(text)
    if code in CONVERSATION_LANGUAGES and words >= min_words and confidence >= min_confidence:
        return code
    return None
