"""Which language a message is in, for the first crisis reply. lingua-language-detector ships
its models inside the wheel (no download); low-accuracy mode over a handful of languages keeps
it at about 20 MB and well under a millisecond per chat message.

Only the languages the crisis card is written in are answered in; anything else (or a message
too short to tell) gets the conversation's own language.

A short message is where the detector is weakest, and crisis messages are often short: it gave
"I want to kill myself tonight" English at 0.46 (the Dutch card went out) and "hallo ik wil dood"
English at 0.63 (the English card went out). Between Dutch and English, the two languages the
bot converses in, the little words decide when the detector is unsure or the message is short:
English function words (scikit-learn's English stop-word list, less the words Dutch writes too)
against Dutch ones. Two English little words and no Dutch one outvote the detector even when it
guesses Polish or Turkish (it gave "she won't eat veg, any tips pls" Polish at 0.97), unless the
words are Polish or Turkish too ("i", "to", "on", "a") or the message has letters outside ASCII.
One English little word and no Dutch one decide when the detector is unsure and still puts English
above Dutch ("my dad hits me": English 0.42, Dutch 0.22; the Dutch card went out).
"""

from __future__ import annotations

import re
from functools import lru_cache

CARD_LANGUAGES = ("nl", "en", "tr", "pl", "uk", "ar")
MIN_CONFIDENCE = 0.6
# Up to this many words the detector's guess between Dutch and English is checked by the little
# words (it is reliable on longer messages).
SHORT_WORDS = 12
_LETTERS = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
# A message mostly in its own script needs no statistics: the card exists in Ukrainian (read by
# the Russian-speaking families too) and in Arabic. The detector put "хочу вмерти" below 0.6.
_SCRIPTS = {"uk": re.compile(r"[\u0400-\u04FF]"), "ar": re.compile(r"[\u0600-\u06FF]")}

# Words of scikit-learn's English stop-word list that are Dutch words too (or common in Dutch
# chat): each occurs in Dutch messages of the NLU writers ("is", "de", "in", "me", "of", "over"...).
_DUTCH_TOO = frozenset({
    "is", "de", "in", "me", "of", "over", "via", "we", "was", "ie", "per", "even", "had", "last", "been", "down",
    "ten", "a", "out", "die", "men", "hem", "op", "al", "an", "as", "be", "do", "door", "hoe", "toe", "elf", "mail",
    "top", "co", "con", "eg", "etc", "inc", "ltd", "un", "re", "bill", "fire", "find", "fill", "interest", "sincere",
})
# Apostrophes are gone after folding ("don't" -> "dont"); chat spellings the stop-word list lacks.
_ENGLISH_EXTRA = frozenset({"im", "ive", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "wanna", "gonna", "pls", "plz"})
# Dutch function words (pronouns, auxiliaries, conjunctions, prepositions, question words) and
# the chat spellings the screen folds ("kheb" -> "ik heb" is folded before this runs).
_DUTCH_WORDS = frozenset({
    "ik", "je", "jij", "jou", "jouw", "mij", "mijn", "hij", "zij", "ze", "wij", "jullie", "zich", "zichzelf", "mezelf",
    "het", "een", "en", "niet", "geen", "wel", "ben", "bent", "heb", "hebt", "heeft", "hebben", "wil", "wilt", "wou",
    "kan", "kun", "kunt", "moet", "moeten", "ga", "gaat", "gaan", "wordt", "word", "zijn", "dat", "wat", "met", "voor",
    "van", "naar", "er", "maar", "ook", "nog", "als", "dan", "omdat", "zo", "nu", "echt", "meer", "waarom", "wie",
    "waar", "weet", "doe", "doet", "hallo", "hoi", "heel", "gewoon", "bij", "uit", "aan", "om", "te", "zeg", "zegt",
})


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS - _DUTCH_TOO) | _ENGLISH_EXTRA


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.DUTCH, Language.ENGLISH, Language.TURKISH, Language.POLISH, Language.UKRAINIAN,
                 Language.RUSSIAN, Language.ARABIC, Language.GERMAN, Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().with_preloaded_language_models().build()


def warm_up() -> None:
    _detector()
    _english_words()


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


def little_words(text: str) -> tuple[int, int]:
    """(English, Dutch) function words in the message (folded, so "don't" and "kheb" count)."""
    from bot.safety.fold import fold

    words = _WORDS.findall(fold((text or "")[:1000]))
    english = _english_words()
    return sum(w in english for w in words), sum(w in _DUTCH_WORDS for w in words)


def _english_above_dutch(text: str) -> bool:
    values = {v.language.iso_code_639_1.name.lower(): v.value
              for v in _detector().compute_language_confidence_values((text or "")[:1000])}
    return values.get("en", 0.0) > values.get("nl", 0.0)


# Dutch chat writes these too ("help pls"): not enough alone.
_CHAT_ONLY = frozenset({"pls", "plz"})
# English little words that are Polish or Turkish words too ("i" and, "to" it, "on" he, "a" and).
_POLISH_OR_TURKISH_TOO = frozenset({"i", "to", "on", "a", "no", "ne", "co", "ile", "nie", "se", "mi"})


def english_only_words(text: str) -> int:
    """English little words in the message that are not Polish or Turkish words as well."""
    from bot.safety.fold import fold

    english = _english_words() - _POLISH_OR_TURKISH_TOO
    return sum(w in english for w in _WORDS.findall(fold((text or "")[:1000])))


def dutch_or_english(text: str, code: str | None, confidence: float) -> str | None:
    """"en" or "nl" when the little words settle a short or unsure message between the two
    languages; None when they do not (then the detector's answer stands)."""
    if len(text.split()) > SHORT_WORDS and confidence >= MIN_CONFIDENCE:
        return None
    english, dutch = little_words(text)
    if code not in (None, "nl", "en", "de", "fr"):  # Turkish, Polish, Ukrainian, Arabic: the detector knows them
        if english_only_words(text) >= 2 and dutch == 0 and text.isascii():
            return "en"
        if confidence >= MIN_CONFIDENCE:
            return None
    if english >= 2 and english > 2 * dutch:
        return "en"
    if dutch >= 1 and dutch >= english:
        return "nl"
    unsure = confidence < MIN_CONFIDENCE or code in ("de", "fr")  # German, French: no card, a guess
    if english == 1 and dutch == 0 and unsure and not _CHAT_ONLY.intersection(_WORDS.findall(text.lower())) \
            and _english_above_dutch(text):
        return "en"
    return None


def card_language(text: str, conversation_language: str) -> str:
    """The language of the first crisis reply: the message's, when the card exists in it and the
    detector is sure (for a short message between Dutch and English: the little words decide);
    Russian gets the Ukrainian card (the families this serves read both); otherwise the
    conversation's language."""
    letters = _LETTERS.findall(text or "")
    for script, pattern in _SCRIPTS.items():
        if letters and sum(bool(pattern.match(c)) for c in letters) > len(letters) / 2:
            return script
    code, confidence = detect(text)
    settled = dutch_or_english(text, code, confidence)
    if settled == "en":
        return "en"
    if settled == "nl":
        return conversation_language
    if code == "ru":
        code = "uk"
    if code in CARD_LANGUAGES and confidence >= MIN_CONFIDENCE and code != "nl":
        return code
    return conversation_language
