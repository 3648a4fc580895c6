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


def parse_answer(text: str | None) -> str | None:
    """'ja' / 'nee' / 'onbekend' from a button value or a typed answer."""
    from bot.intake.parsing import normalise

    if text is None:
        return None
    t = normalise(str(text)).strip(" .!")
    if t in ANSWERS:
        return t
    if t.startswith(("nee", "liever niet", "no")):
        return "nee"
    if any(w in t for w in ("weet ik niet", "weet niet", "nog niet", "geen idee", "misschien", "twijfel")):
        return "onbekend"
    if " niet" in f" {t}":
        return "nee"
    if t.startswith(("ja", "jawel", "jep", "ok", "oké", "prima", "goed", "zeker", "yes", "graag", "mag")):
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
