"""The crisis screen. Pure Python, no I/O: it must work when everything else is down.

``screen(text)`` normalises the message (:mod:`bot.safety.normalise`), runs the curated
lexicon (:mod:`bot.safety.lexicon`) over it and decides:

- a crisis, with the category whose reply fits best;
- a gentle check-in, when the only signals are negated ("ik heb geen gedachten aan zelfmoord");
- nothing.

The regular expressions are compiled on the first call, not at import, so importing this
module (``intake classify`` does) costs next to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.safety import lexicon
from bot.safety.normalise import canonical

# The crisis categories. Kept in this order for callers; which one wins when several match is
# decided by _PRIORITY below.
CATEGORIES = ("emergency", "suicide", "self_harm", "abuse", "parent_worry")

# Acute danger first; then a parent's (or sibling's) worry about a child, because its reply is
# phrased for the one who writes; then suicide (113 and 112) before self-harm and abuse.
_PRIORITY = ("emergency", "parent_worry", "suicide", "self_harm", "abuse")

_CONFIDENCE = {"direct": 1.0, "indirect": 0.85, "soft": 0.7}

# Words that end the clause a negation can reach back into.
_CLAUSE_BREAK = frozenset({".", ",", "!", "?", ";", ":", "maar", "want", "omdat", "en", "dus", "toch", "alleen", "behalve"})
_NEGATION_WINDOW = 4


@dataclass(frozen=True)
class Verdict:
    crisis: bool
    category: str | None = None
    check_in: bool = False  # a negated crisis phrase: ask gently, no full alarm
    confidence: float = 0.0
    rule: str | None = None  # id of the matching rule, e.g. "suicide.want_to_die"; never the text


SAFE = Verdict(crisis=False)


@dataclass(frozen=True)
class _Rule:
    category: str
    rule_id: str
    regex: re.Pattern
    kind: str


def _strip_leading_boundaries(pattern: str) -> str:
    """Drop the \\b that starts each top-level alternative.

    Python's re cannot use its fast literal-prefix scan when a pattern starts with \\b (about
    50x slower here); the word boundary at the start of a match is checked in _search instead.
    """
    out, depth, i, branch_start = [], 0, 0, True
    while i < len(pattern):
        c = pattern[i]
        if branch_start and pattern.startswith("\\b", i):
            i += 2
            branch_start = False
            continue
        branch_start = False
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = pattern.index("]", i + 2)
            out.append(pattern[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branch_start = True
        out.append(c)
        i += 1
    return "".join(out)


def _search(regex: re.Pattern, canon: str):
    """Matches of regex that start at a word boundary (see _strip_leading_boundaries)."""
    pos = 0
    while True:
        m = regex.search(canon, pos)
        if m is None:
            return
        start = m.start()
        if start == 0 or not (canon[start - 1].isalnum() or canon[start - 1] == "_") or not (
            canon[start].isalnum() or canon[start] == "_"
        ):
            yield m
            pos = max(m.end(), start + 1)
        else:
            pos = start + 1


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[_Rule, ...], re.Pattern, re.Pattern, re.Pattern]:
    rules = tuple(
        _Rule(category, f"{category}.{name}", re.compile(_strip_leading_boundaries(pattern)), kind)
        for category in _PRIORITY
        for name, pattern, kind in lexicon.RULES[category]
    )
    return (rules, re.compile(lexicon.HYPERBOLE_AFTER), re.compile(lexicon.HYPERBOLE_BEFORE),
            re.compile(lexicon.LAUGHTER))


@lru_cache(maxsize=1)
def _check_in_rules() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile(pattern)) for name, pattern in lexicon.CHECK_IN_RULES)


def normalise(text: str) -> str:
    """The canonical form the lexicon is matched against (kept for callers and tests)."""
    return canonical(text)[0]


def _negated(canon: str, start: int, end: int) -> bool:
    before = canon[:start].split()
    for token in reversed(before[-_NEGATION_WINDOW:]):
        if token in _CLAUSE_BREAK:
            break
        if token in lexicon.NEGATORS:
            return True
    after = canon[end:].split()[:1]
    return bool(after) and after[0] in ("niet", "nooit", "never")  # "ik snij mezelf niet"


def _matches(canon: str):
    """Yield (rule, negated) for every rule that matches, in priority order."""
    rules, hyperbole, hyperbole_before, laughter = _compiled()
    laughing = laughter.search(canon) is not None
    for rule in rules:
        if rule.kind == "soft" and laughing:
            continue
        negated_only = None
        for m in _search(rule.regex, canon):
            if hyperbole.match(canon, m.end()) or hyperbole_before.search(canon[max(0, m.start() - 40):m.start()]):
                continue
            if _negated(canon, m.start(), m.end()):
                negated_only = True
                continue
            negated_only = False
            break
        if negated_only is not None:
            yield rule, negated_only


def screen(text: str) -> Verdict:
    """Screen one message. Pure and fast (well under a millisecond for a chat message)."""
    if not text or not text.strip():
        return SAFE
    canon, fuzzy = canonical(text[:4000])
    check_in_rule: str | None = None
    for rule, negated in _matches(canon):
        if negated:
            check_in_rule = check_in_rule or rule.rule_id
            continue
        confidence = _CONFIDENCE[rule.kind] - (0.1 if fuzzy else 0.0)
        return Verdict(crisis=True, category=rule.category, confidence=round(confidence, 2), rule=rule.rule_id)
    if check_in_rule is None:
        for name, regex in _check_in_rules():
            if regex.search(canon):
                check_in_rule = f"check_in.{name}"
                break
    if check_in_rule is not None:
        return Verdict(crisis=False, check_in=True, confidence=0.5, rule=check_in_rule)
    return SAFE


def warm_up() -> None:
    """Compile the lexicon now (about 0.1-0.5 s), so the first real message is not the one that pays."""
    _compiled()
    _check_in_rules()
    screen("ik wil er niet meer zijn")


@lru_cache(maxsize=1)
def _parent_voice() -> re.Pattern:
    return re.compile(rf"\b{lexicon.CHILD}\b")


def sounds_like_a_parent(text: str) -> bool:
    """Whether the message speaks about one's child ("mijn dochter ..."): picks the parent reply
    when Rasa's crisis intent fired and the lexicon has no category."""
    return _parent_voice().search(canonical(text[:4000])[0]) is not None


@lru_cache(maxsize=1)
def _figures() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon.FIGURES_OF_SPEECH))


def figure_of_speech(text: str) -> bool:
    """Whether the message is a known everyday idiom ("... me dood", "doodmoe") or a question
    about death. Used to overrule Rasa's crisis intent, never the screen."""
    return _figures().search(canonical(text[:4000])[0]) is not None

