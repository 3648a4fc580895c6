"""The screen: one message in, one of three outcomes out. No network, no database, no Rasa.

1. The rules (:mod:`bot.safety.concepts` + :mod:`bot.safety.rules`) find concepts in six
   languages and score them; they need no model and always run.
2. The risk classifier (:mod:`bot.safety.classifier`), loaded once per process from models/
   (:mod:`bot.safety.model`), gives the probability of a crisis and of any risk.
3. The higher of the two outcomes wins: ``crisis`` (help lines at once), ``check_in`` (a direct
   question with 113/112 in the same message) or ``none``; means handed over or thrown away
   (:mod:`bot.safety.means_away`) get at least the check-in. Rasa's crisis intent is a third net,
   in the dialogue (bot.conversation).

If the classifier cannot be loaded, the rules still answer and the error is logged once.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from functools import lru_cache

from bot.safety import means_away, rules, who
from bot.safety.concepts import compiled, find

log = logging.getLogger("bot.safety")

CATEGORIES = rules.CATEGORIES
OUTCOMES = ("crisis", "check_in", "none")


@dataclass(frozen=True)
class Verdict:
    crisis: bool
    category: str | None = None  # one of CATEGORIES for crisis and check_in
    check_in: bool = False
    confidence: float = 0.0
    rule: str | None = None  # what decided, e.g. "rules:signal", "classifier"; never the text
    about: str = "self"  # self | child | other: who the reply speaks to

    @property
    def outcome(self) -> str:
        return "crisis" if self.crisis else "check_in" if self.check_in else "none"


SAFE = Verdict(crisis=False)


@lru_cache(maxsize=1)
def _model():
    from bot.safety import model

    try:
        return model.load()
    except Exception as exc:  # a broken model file must never silence the rules
        log.error("risk classifier unavailable, screening with the rules only: %s", type(exc).__name__)
        return None


def screen(text: str, *, use_classifier: bool = True) -> Verdict:
    """Screen one message (the first 4,000 characters)."""
    return screen_many([text], use_classifier=use_classifier)[0]


def screen_many(texts: list[str], *, use_classifier: bool = True) -> list[Verdict]:
    """Screen several messages: the same verdicts as :func:`screen` one by one, with one classifier
    call for all of them (for scripts and tests that screen thousands of messages)."""
    found = {i: find(text) for i, text in enumerate(texts) if text and text.strip()}
    risk = _model() if use_classifier else None
    predictions = dict(zip(found, risk.classifier.predict_hits(list(found.values())), strict=True)) \
        if risk is not None and found else {}
    return [_verdict(texts[i], found[i], predictions.get(i), risk) if i in found else SAFE for i in range(len(texts))]


def _verdict(text: str, hits, prediction, risk) -> Verdict:
    rule = rules.score(hits)
    rule = dataclasses.replace(rule, about=who.about(rule.about, hits.folded))
    if risk is not None:
        from bot.safety.classifier import decide

        outcome, source = decide(rule, prediction, risk.thresholds)
    else:
        outcome, source = rule.outcome, "rules"
    outcome = plain_answer_floor(outcome, source, text, hits)  # "ik ben 15", "ik ben haar vader"
    alone = means_away.card_by_classifier_alone(outcome, source, rule.outcome, hits)
    outcome, handed_over = means_away.floor(outcome, hits.folded, card_by_classifier_alone=alone)  # "mijn mesjes geef ik aan ...": ask
    if handed_over:
        return Verdict(crisis=False, category=handed_over, check_in=True,
                       confidence=round(max(rule.score, prediction.risk if prediction else 0.0), 3),
                       rule="rules:means_away", about=rule.about)
    if outcome == "none":
        return Verdict(crisis=False, confidence=round(prediction.risk if prediction else rule.score, 3), about=rule.about)
    # The rules' category when they found the signal (a denied one scores 0 but still says what the
    # question is about: "geen gedachten aan zelfmoord" asks about suicide, whatever else the
    # classifier guesses).
    rules_decided = source == "rules" and rule.outcome == outcome
    category = (rule.category if rule.category and (rules_decided or rule.scores.get(rule.category, 0) >= rules.CHECK_IN_AT)
                else None)
    if category is None:
        category = prediction.category if prediction else (rule.category or "suicide")
    confidence = max(rule.score, prediction.crisis if prediction else 0.0)
    reason = f"rules:{rule.reason}" if source == "rules" else source
    return Verdict(crisis=outcome == "crisis", category=category, check_in=outcome == "check_in",
                   confidence=round(confidence, 3), rule=reason, about=rule.about)


PLAIN_ANSWER_WORDS = 5
WHO_WRITES_WORDS = 12


def plain_answer_floor(outcome: str, source: str, text: str, hits) -> str:
    """``none`` for a plain answer (:func:`_plain_answer`) that the classifier alone sent the
    check-in or the crisis card; any other outcome as it was. The rules' own outcomes, and the
    rules and the classifier together, are never changed here. The screen and the evaluation
    (scripts/safety_eval.py) both decide with it."""
    if outcome in ("check_in", "crisis") and source == "classifier" and _plain_answer(text, hits):
        return "none"
    return outcome


def _plain_answer(text: str, hits) -> bool:
    """A short answer to an intake question that says nothing else: an age ("nee, ik ben 15"),
    who is writing and nothing more ("ik ben haar vader", "stiefvader van een meisje van 12",
    "I'm his grandma", "ik ben mentor": :func:`bot.intake.parsing.says_only_who_writes`, whose
    pattern accounts for every word, so the message can hold no worry), "liever niet", "weet ik
    niet", or a way through the questions ("terug", "overslaan", "stop"). The classifier alone read
    such answers as risk: teenagers' crisis messages often start with their age, and in a message
    of four words each word weighs a lot (its n-grams share the whole vector), so "haar" and "ben",
    common in crisis messages, gave a 24-writer model P(crisis) 0.90 on "ik ben haar vader". A
    message with any concept hit is never a plain answer."""
    from bot.intake import parsing

    words = len(text.split())
    if any(hits.plain.values()) or words > WHO_WRITES_WORDS:
        return False
    if parsing.says_only_who_writes(text.strip()) is not None:
        return True
    if words > PLAIN_ANSWER_WORDS:
        return False
    t = parsing.normalise(text)
    age_only = parsing.parse_age(text) is not None and not set(t.replace(",", " ").split()) - AGE_ANSWER_WORDS
    return (age_only or parsing.is_prefer_not(text) or parsing.is_dont_know(text)
            or parsing.is_go_back(text) or parsing.is_skip(text) or parsing.is_stop(text))


AGE_ANSWER_WORDS = {"ik", "ben", "net", "bijna", "jaar", "oud", "nee", "ja", "i", "am", "i'm", "im", "years", "old",
                    "mijn", "kind", "zoon", "dochter", "is", "hij", "zij", "ze"} | {str(n) for n in range(100)}


def with_rasa(verdict: Verdict, text: str, intent: str | None) -> Verdict:
    """The third net: Rasa's crisis intent where the screen found nothing.

    A message the screen answers (crisis or check-in) keeps that answer. Otherwise Rasa's crisis
    intent gives the crisis reply, unless the message is a figure of speech, a joke or fiction
    (the model fires on "ik schrok me dood"), or a plain answer that can hold no worry (one model
    read "zijn stiefvader hier" as a crisis; :func:`_plain_answer`): then nothing. The conversation (via
    actions/safety.py) and ``intake classify`` both decide with this function.
    """
    if verdict.outcome != "none" or intent != "crisis" or figure_of_speech(text) or _plain_answer(text, find(text)):
        return verdict
    about = "child" if sounds_like_a_parent(text) else verdict.about
    return Verdict(crisis=True, category="suicide", confidence=verdict.confidence, rule="rasa", about=about)


def warm_up() -> None:
    """Compile the vocabularies, load the classifier and the language detector now, so the first
    real message does not pay for it (about a second; minutes only if the model must be trained)."""
    from bot.safety import language

    compiled()
    _model()
    language.warm_up()
    screen("ik wil er niet meer zijn")


def sounds_like_a_parent(text: str) -> bool:
    """Whether the message speaks about one's own child ("mijn dochter ...", "my son", "oğlum")."""
    return find(text).has("about_child")


@lru_cache(maxsize=1)
def _figures():
    import re

    from bot.safety import lexicon

    return re.compile("|".join(f"(?:{p})" for p in lexicon.FIGURES_OF_SPEECH))


def figure_of_speech(text: str) -> bool:
    """Whether the message jokes, uses an idiom ("ik schrok me dood", "killing me"), asks about
    death, or is about fiction, school work or the news. Used to overrule Rasa's crisis intent,
    never the screen."""
    from bot.safety.normalise import canonical

    hits = find(text)
    if any(hits.has(c) for c in ("joke", "idiom", "context_fiction")):
        return True
    return _figures().search(canonical(text[:4000])[0]) is not None
