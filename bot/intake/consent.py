"""Consent by age band (WGBO / Jeugdwet), explained in plain words and recorded.

| band   | who decides about help                                                      |
|--------|-----------------------------------------------------------------------------|
| 0-11   | the parents with custody                                                    |
| 12-15  | the young person and the parents with custody both; a first talk is possible |
| 16-17  | the young person alone                                                      |
| 18-23  | the young person, an adult: parents get nothing without their consent       |

The question the bot asks (and the explanation in it) depends on the band and on who writes;
the texts are Rasa responses in nlu_data/domain/intake.yml, so they are translated like all
others. The bot never promises secrecy: every question says that staff read the conversation.
"""

from __future__ import annotations

import re
import unicodedata

BANDS = ("0_11", "12_15", "16_17", "18_23")

# The rule per band, in the words staff see in the handover.
RULE_TEXT = {
    "0_11": "Jonger dan 12: ouders met gezag beslissen.",
    "12_15": "12-15 jaar: jongere én ouders met gezag geven toestemming (eerste gesprek kan zonder).",
    "16_17": "16-17 jaar: de jongere beslist zelf.",
    "18_23": "18-23 jaar: volwassen; ouders alleen met toestemming van de jongere.",
}

ANSWERS = ("ja", "nee", "onbekend")


def age_band(age: int | None) -> str | None:
    if age is None or age < 0:
        return None
    if age < 12:
        return "0_11"
    if age < 16:
        return "12_15"
    if age < 18:
        return "16_17"
    if age <= 23:
        return "18_23"
    return None


def question_response(role: str | None, age: int | None) -> str:
    """The Rasa response that explains the rule and asks the consent question."""
    band = age_band(age) or "18_23"
    who = "ouder" if role == "ouder" else "jongere"
    if who == "jongere" and band == "0_11":
        # A child under 12 writing for themselves: the parents decide; say so kindly.
        return "utter_ask_consent_parents_jongere_0_11"
    return f"utter_ask_consent_parents_{who}_{band}"


# The writer does not know (Dutch and English); "hij weet het niet" is a no, not this.
_UNSURE = re.compile(
    r"\b(?:weet ik (?:het )?(?:nog )?niet|ik weet (?:het )?(?:nog )?niet|weet niet|geen idee|misschien|twijfel|geen flauw idee|"
    r"(?:i )?(?:do not|don ?t|dont) know|dunno|not sure|no idea|maybe|unsure)\b")
_NO_FIRST = frozenset({"nee", "neen", "nope", "nah", "no", "not", "nog", "liever", "niet", "never", "nooit"})
_NEGATION = re.compile(r"\b(?:niet|geen|niks|nooit|not|doesn ?t|don ?t|dont|doesnt|isn ?t|never|no)\b")
_YES_FIRST = frozenset({
    "ja", "jawel", "jazeker", "jaa", "jep", "jup", "jes", "ok", "oke", "okay", "okee", "prima", "goed", "zeker",
    "klopt", "natuurlijk", "tuurlijk", "uiteraard", "absoluut", "graag", "mag", "yes", "yeah", "yep", "yup", "sure",
    "of", "definitely", "absolutely", "correct", "right",
})
# "hij weet het", "ze weet ervan", "weet hij", "he knows", "she knows about it", "ik denk het wel"
_KNOWS = re.compile(r"\b(?:weet (?:het|ervan|hij|ze|zij|dit|dat|alles|er van)|weten (?:het|ervan|ze|dit|dat|alles)|"
                    r"knows?|ik denk het wel|i think so)\b")


def parse_answer(text: str | None) -> str | None:
    """'ja' / 'nee' / 'onbekend' from a button value or a typed answer, as a person types it to
    "Weet je kind dat je contact opneemt?" or "Weten je ouders …?": "ja hoor", "klopt", "hij weet
    het", "nee nog niet", "nope", "weet ik niet", "liever niet", "I don't know", "she knows"."""
    from bot.intake.parsing import normalise

    if text is None:
        return None
    t = normalise(str(text)).strip(" .!")
    if t in ANSWERS:
        return t
    if "?" in t:
        return None  # a question in between ("mag ik dat zeggen?") is answered, not taken as consent
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))  # "oké" as "oke"
    t = re.sub(r"[^\w\s']", " ", t).replace("'", " ")
    words = t.split()
    if not words:
        return None
    if _UNSURE.search(t):
        return "onbekend"
    if words[0] in _NO_FIRST or _NEGATION.search(t):
        return "nee"
    if words[0] in _YES_FIRST or _KNOWS.search(t):
        return "ja"
    return None


def record(*, role: str | None, age: int | None, parents: str | None, huisarts: bool | None) -> dict:
    """What the handover stores about consent: the band, its rule, and the answers given."""
    band = age_band(age)
    return {
        "band": band,
        "rule": RULE_TEXT.get(band or "", ""),
        "explained": True,
        "asked": question_response(role, age),
        "parents_involved": parents,
        "share_with_huisarts": huisarts,
    }
