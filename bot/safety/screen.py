"""The crisis screen. Pure Python, no I/O: it must work when everything else is down."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Priority order: when several categories match, the first one wins.
CATEGORIES = ("emergency", "suicide", "self_harm", "abuse", "parent_worry")


@dataclass(frozen=True)
class Verdict:
    crisis: bool
    category: str | None = None
    check_in: bool = False  # a negated crisis phrase: ask gently, no full alarm
    confidence: float = 0.0
    rule: str | None = None  # id of the matching rule; never the message text


SAFE = Verdict(crisis=False)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    return re.sub(r"\s+", " ", text).strip()


_PATTERNS: dict[str, list[tuple[str, str]]] = {
    "suicide": [
        ("niet_meer_zijn", r"\bwil (er )?niet meer (zijn|leven)\b"),
        ("zelfmoord", r"\bzelfmoord\b|\bsuicide\b|\bsuicidaal\b"),
        ("dood_willen", r"\bik wil (dood|sterven)\b"),
    ],
    "self_harm": [("snijden_mezelf", r"\b(ik )?snij (mezelf|mijzelf|in mijn)\b")],
    "abuse": [("niet_veilig_thuis", r"\bniet veilig thuis\b")],
    "emergency": [("overdosis", r"\boverdosis\b")],
}
_NEGATION = re.compile(r"\b(geen|niet|nooit)\b[^.!?]{0,30}\b(zelfmoord|dood)\b")


def screen(text: str) -> Verdict:
    if not text:
        return SAFE
    norm = normalise(text)
    for category in CATEGORIES:
        for rule, pattern in _PATTERNS.get(category, []):
            if re.search(pattern, norm):
                if _NEGATION.search(norm):
                    return Verdict(crisis=False, check_in=True, rule=rule)
                return Verdict(crisis=True, category=category, confidence=1.0, rule=rule)
    return SAFE
