"""Means handed over or got rid of: "I gave my blades to my mother", "de pillen heb ik aan mijn
mentor gegeven", "ik heb mijn scheermesjes weggegooid". Pure, no I/O.

Someone who hands over or throws away blades, pills or a rope says they had them for a reason:
113 advises to ask directly then. On its own such a message holds only a weak sign for the
rules (a blade is ``self_harm_sign``; pills are no concept at all: "pillen" alone is ordinary),
so whether it got the question rested on the classifier, at times by a few thousandths. Here
the act itself is the concept: a giving or getting-rid-of verb, the means, and for pills (which
parents give their children every day) a person they go to. It adds the check-in question (113 in
the same message), never the crisis card; the one outcome it lowers is a card the classifier alone
gave to such a message (:func:`floor`).

Why not in :mod:`bot.safety.vocab`: every concept there is a feature of the classifier and part
of the key of its kept thresholds (:mod:`bot.safety.kept_thresholds`), so a new one would make a
new model that no fresh set has scored. This floor comes after the classifier's decision, in the
screen (:func:`bot.safety.screen.screen`) and in ``make safety-eval``'s decisions alike, so the
reported figures include it. At the safety plan's means step the waiver blanks the means out of
the answer first (:mod:`bot.waiting.plan_means`), so the step's own question is not answered
with this one.

Entries use the pattern language of :mod:`bot.safety.vocab` ("~": up to three words, no negation).
"""

from __future__ import annotations

import re
from functools import lru_cache

_BLADES = ("(scheer)?mesje*", "scheermes*", "stanleymes*", "snijmes*", "(razor )?blades?", "razors?")
_PILLS = ("(slaap)?pil(len|letjes)", "tablet(ten|jes)", "medicijnen", "medicatie", "paracetamol", "(sleeping )?pills",
          "meds", "tablets", "touw*", "rope")
_KEEPER = ("(moeder|mama|mam|vader|papa|pap|ouders|oma|opa|zus|broer|tante|oom|mentor|mentrix|juf|meester|docent|"
           "leraar|lerares|huisarts|dokter|arts|begeleider|hulpverlener|vriend|vriendin|iemand|"
           "mum|mom|mother|dad|father|parents|grandma|gran|sister|brother|aunt|uncle|teacher|mentor|counsellor|"
           "counselor|nurse|doctor|gp|friend|someone|carer)")
_GIVE_NL = "(geef|geeft|gaf|gaven|geven|gegeven|afgeven|afgegeven|inleveren|ingeleverd|overhandigd|meegegeven)"
_RID_NL = "(weggegooid|weggooien|weggedaan|wegdoen|weggegeven|weggeven|ingeleverd|inleveren|afgegeven|afgeven)"
_GIVE_EN = "(give|gave|given|giving|hand|handed|handing|turn|turned)"
_RID_EN = "(threw|throw|thrown|throwing|tossed|binned|got rid of|get rid of|getting rid of|gave|given|give|giving)"


def _means(nouns: tuple[str, ...]) -> str:
    return "(" + "|".join(nouns) + ")"


def _entries(nouns: tuple[str, ...], rid: bool) -> tuple[str, ...]:
    """``rid``: also getting rid of them, and the person before the means ("I gave my dad my
    razors"); for pills that order is mostly the other way round ("de huisarts gaf haar pillen")."""
    means = _means(nouns)
    to_someone = (
        f"{means} ~ {_GIVE_NL} ~ aan ~ {_KEEPER}",  # "mijn mesjes geef ik aan mijn moeder"
        f"{_GIVE_NL} ~ {means} ~ aan ~ {_KEEPER}",  # "ik gaf de pillen aan mijn mentor"
        f"{means} ~ aan ~ {_KEEPER} ~ {_GIVE_NL}",  # "de mesjes aan mama geven", "… heb ik aan de juf gegeven"
        f"{_GIVE_EN} ~ {means} ~ (to|with) ~ {_KEEPER}",  # "I handed my blades over to my mum"
    )
    away = (
        f"{_GIVE_EN} ~ {_KEEPER} ~ {means}",  # "gave my dad all my razors"
        f"{_KEEPER} ~ {means} ~ (gegeven|gaf|geef|geven|afgegeven)",  # "ik heb mama mijn mesjes gegeven"
        f"{means} ~ {_RID_NL}",  # "mijn scheermesjes heb ik weggegooid"
        f"(gooi|gooide|gooiden|doe|deed|lever|leverde|geef|gaf) ~ {means} ~ (weg|in|af)",
        f"{means} ~ (gooi|gooide|gooiden|doe|deed|lever|leverde|geef|gaf) ~ (weg|in|af)",  # "… gooi ik vandaag weg"
        f"{_RID_EN} ~ {means} ~ (away|out)",  # "threw my razors away"
        f"{_RID_EN} (away|out) ~ {means}",  # "gave away my blades"
        f"(got|get|getting) rid of ~ {means}",
    )
    return to_someone + (away if rid else ())


# category -> entries. Blades: any way of giving them up. Pills and a rope: given to a person, or
# given away (a parent gives a child medicine every day; a pharmacy takes old medicines back).
ENTRIES: dict[str, tuple[str, ...]] = {
    "self_harm": _entries(_BLADES, rid=True),
    "suicide": _entries(_PILLS, rid=False) + (f"(gave|given|give|giving) away ~ {_means(_PILLS)}",),
}


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern]:
    from bot.safety.concepts import entry_pattern

    return {category: re.compile("|".join(entry_pattern(e) for e in entries)) for category, entries in ENTRIES.items()}


def category(folded: str) -> str | None:
    """The category of the means a (folded) message hands over or gets rid of, or None."""
    for name, regex in _compiled().items():
        if regex.search(folded):
            return name
    return None


def floor(outcome: str, folded: str, *, card_by_classifier_alone: bool = False) -> tuple[str, str | None]:
    """The outcome with this floor: ``none`` becomes ``check_in`` (and its category) when the
    message hands over or gets rid of means. So does a crisis card that the classifier alone gave
    (``card_by_classifier_alone``: no rule read a crisis and no farewell was said): handing the
    blades to one's mother is a step towards safety, and the direct question fits it, not the
    card (a classifier trained with many short messages gave "mijn mesjes geef ik aan mijn
    moeder" the card at 0.93). A crisis the rules read, or means given away with a farewell,
    keeps the card; ``check_in`` stays as it is."""
    if outcome == "none" or (outcome == "crisis" and card_by_classifier_alone):
        found = category(folded)
        return ("check_in", found) if found else (outcome, None)
    return outcome, None


def card_by_classifier_alone(outcome: str, source: str, rule_outcome: str, hits) -> bool:
    """The crisis card came from the classifier only: no rule read a crisis, no farewell."""
    return outcome == "crisis" and source == "classifier" and rule_outcome != "crisis" and not hits.has("farewell")
