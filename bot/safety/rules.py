"""The rule scorer: concepts found in a message -> a risk score per category. Pure, no model.

Each signal concept adds weight to one category; several signals of one category combine as a
noisy-OR (two weak signs make a stronger one, never more than 1). Then the context counts:

- who it is about (self, own child, a friend or sibling, a pupil or client) does not change the
  score, only the reply (a parent gets "Is je kind nu veilig?");
- "now / tonight" makes a present danger a little more likely, only on top of a real sign of that
  category (a time word alone is no sign: "hij zegt straks straks");
- a joke ("haha", "kms 😂"), fiction, school work or the news, something long ago, a toddler, a
  panic attack, an accident, or a question about the right dose of a medicine lower it: an
  explicit signal in such a context becomes a question (check-in), not an alarm; an idiom
  ("ik schaam me dood") is blanked out before the signals are looked for;
- a signal that is only there under a negation ("ik wil niet dood") is at most a check-in.

The thresholds are round numbers set by hand, not fitted: the rules are the net that works
without any model. The classifier (:mod:`bot.safety.classifier`) learns from the same concept
features plus the words themselves; :mod:`bot.safety.screen` combines the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.safety.concepts import Hits

CATEGORIES = (
    "suicide", "self_harm", "sexual_abuse", "exploitation_coercion", "violence_home", "missing_runaway", "medical_danger",
)

# concept -> (category, weight)
SIGNALS: dict[str, tuple[str, float]] = {
    "suicide_explicit": ("suicide", 1.0),
    "suicide_word": ("suicide", 0.5),
    "farewell": ("suicide", 0.7),
    "suicide_means": ("suicide", 0.55),
    "hopeless": ("suicide", 0.45),
    "self_harm_act": ("self_harm", 1.0),
    "self_harm_sign": ("self_harm", 0.4),
    "sexual_abuse": ("sexual_abuse", 1.0),
    "sexual_sign": ("sexual_abuse", 0.4),
    "coercion_strong": ("exploitation_coercion", 1.0),
    "coercion_sign": ("exploitation_coercion", 0.4),
    "violence": ("violence_home", 0.75),
    "threat_kill": ("violence_home", 0.8),
    "weapon": ("violence_home", 0.35),
    "missing": ("missing_runaway", 0.8),
    "missing_sign": ("missing_runaway", 0.4),
    "medical_emergency": ("medical_danger", 1.0),
    "medical_sign": ("medical_danger", 0.4),
}
CONTEXT = ("joke", "idiom", "context_fiction", "context_past", "context_toddler", "context_dose_question", "context_panic",
           "context_accident", "context_insult")
WHO = ("about_child", "about_friend", "about_pupil")

# Concepts precise enough that, said plainly (no joke, fiction, past, toddler, panic, accident,
# dose question, negation), they send the card whatever the classifier thinks: "ik wil dood",
# "she cuts herself", "hij heeft haar verkracht", "forced marriage", "hij ademt niet".
EXPLICIT = ("suicide_explicit", "self_harm_act", "sexual_abuse", "coercion_strong", "medical_emergency")

CRISIS_AT = 0.9
CHECK_IN_AT = 0.35


@dataclass(frozen=True)
class RuleResult:
    outcome: str  # crisis | check_in | none
    category: str | None
    score: float
    scores: dict[str, float]
    about: str  # self | child | other
    reason: str  # which concept or context decided; never message text


def about(hits: Hits) -> str:
    if hits.has("about_child"):
        return "child"
    if hits.has("about_friend") or hits.has("about_pupil"):
        return "other"
    return "self"


def risk_sign(hits: Hits) -> bool:
    """Whether the message holds a real risk sign (any signal concept, said plainly). Time words
    ("nu", "vanavond", "straks", "tonight") count only together with one: on their own they are
    in every other ordinary message ("hij zegt straks straks")."""
    return any(hits.has(concept) for concept in SIGNALS)


def category_scores(hits: Hits) -> dict[str, float]:
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for concept, (category, weight) in SIGNALS.items():
        if hits.has(concept):
            scores[category] = 1 - (1 - scores[category]) * (1 - weight)
    if hits.has("weapon") and (hits.has("violence") or hits.has("threat_kill")):
        scores["violence_home"] = 1.0
    return scores


def _damping(hits: Hits, category: str) -> tuple[float, str | None]:
    factor, reason = 1.0, None
    # (An idiom is already blanked out of the text the signals are found in: bot.safety.concepts.)
    for concept, value in (("joke", 0.45), ("context_fiction", 0.5), ("context_past", 0.5)):
        if hits.has(concept) and value < factor:
            factor, reason = value, concept
    if category in ("violence_home", "sexual_abuse") and hits.has("context_toddler"):
        factor, reason = min(factor, 0.3 if category == "violence_home" else 0.5), "context_toddler"
    if category == "suicide" and hits.has("context_insult"):
        factor, reason = min(factor, 0.5), "context_insult"  # bullies' words: ask, do not assume
    if category in ("medical_danger", "suicide") and hits.has("context_panic"):
        factor, reason = min(factor, 0.4), "context_panic"
    if category == "self_harm" and hits.has("context_accident"):
        factor, reason = min(factor, 0.3), "context_accident"
    if category in ("medical_danger", "suicide") and hits.has("context_dose_question") and not hits.has("suicide_explicit"):
        factor, reason = min(factor, 0.4), "context_dose_question"
    return factor, reason


def score(hits: Hits) -> RuleResult:
    raw = category_scores(hits)
    scores: dict[str, float] = {}
    reasons: dict[str, str | None] = {}
    for category, value in raw.items():
        if value >= CHECK_IN_AT and hits.has("urgent"):  # only on top of a real sign of this category
            value = min(1.0, value + 0.1)
        factor, reasons[category] = _damping(hits, category)
        scores[category] = round(value * factor, 3)
    category = max(scores, key=scores.get)
    best = scores[category]
    who = about(hits)
    if best >= CRISIS_AT:
        in_context = any(hits.has(c) for c in CONTEXT if c != "idiom")  # idioms are already blanked out
        explicit = not in_context and any(hits.has(c) and SIGNALS[c][0] == category for c in EXPLICIT)
        return RuleResult("crisis", category, best, scores, who, "explicit" if explicit else "signal")
    if best >= CHECK_IN_AT:
        return RuleResult("check_in", category, best, scores, who, reasons[category] or "signal")
    denied = [SIGNALS[c][0] for c in SIGNALS if hits.denied(c) and SIGNALS[c][1] >= 0.5]
    if denied:
        return RuleResult("check_in", denied[0], CHECK_IN_AT, scores, who, "negated")
    return RuleResult("none", None, best, scores, who, "none")
