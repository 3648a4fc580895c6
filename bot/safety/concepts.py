"""Finding the concepts of :mod:`bot.safety.vocab` in a message. Pure, no I/O.

``find(text)`` folds the message and returns :class:`Hits`: for every concept, how often it
occurs plainly and how often only under a negation ("ik wil niet dood", "nie chcę umrzeć" is
not negated: the "nie" is part of the phrase). The regular expressions are compiled on first
use (``compiled()``), never at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.safety import vocab
from bot.safety.fold import fold

_LETTERS = re.compile(r"[^\W\d_]+")
_DROPPED_N = re.compile(r"(?<![\w\\])([a-z]{3,})en(?![\w*(])")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic writes the article and some prepositions as part of the word: "الانتحار", "بسكين";
# Moroccan Arabic (Darija) puts ki-/ka-/ta- before a verb in the present: "كيضربها", "كتقول".
_ARABIC_PREFIX = "(?:و|ف)?(?:ال|بال|لل|ب|ل|ك|كي|كت|كن|تي|تت)?"
_NEG_ALT = "|".join(sorted((re.escape(w) for w in vocab.NEGATORS), key=len, reverse=True))
# Up to three words between two parts of a phrase, none of them a negation.
_GAP = rf"(?:\s+(?!(?:{_NEG_ALT})(?!\w))\w+){{0,3}}\s+"
MAX_CHARS = 4000


def entry_pattern(entry: str) -> str:
    """One vocabulary entry in the small pattern language -> a regular expression."""
    entry = entry.replace("'", "").replace("’", "")
    entry = _LETTERS.sub(lambda m: fold(m.group(0)).replace(" ", ""), entry)
    # Spoken Dutch drops a final -n ("gegete", "overgegeve", "geslage"): long words ending in
    # -en also match without it.
    entry = _DROPPED_N.sub(r"\1e(?:n)?", entry)
    out = entry.replace("*", r"\w*").replace(" ~ ", _GAP).replace(" ", r"\s+")
    prefix = _ARABIC_PREFIX if _ARABIC.match(entry.lstrip("(")) else ""
    return rf"(?<!\w){prefix}(?:{out})(?!\w)"


@lru_cache(maxsize=1)
def compiled() -> dict[str, re.Pattern]:
    return {
        concept: re.compile("|".join(entry_pattern(e) for e in entries))
        for concept, entries in vocab.CONCEPTS.items()
    }


@dataclass
class Hits:
    folded: str
    plain: dict[str, int] = field(default_factory=dict)
    negated: dict[str, int] = field(default_factory=dict)

    def has(self, concept: str) -> bool:
        return self.plain.get(concept, 0) > 0

    def denied(self, concept: str) -> bool:
        return self.negated.get(concept, 0) > 0 and not self.has(concept)


def _is_negated(tokens_before: list[str]) -> bool:
    for token in reversed(tokens_before[-vocab.NEGATION_WINDOW:]):
        if token in vocab.CLAUSE_BREAKS:
            return False
        if token in vocab.NEGATORS:
            return True
    return False


def find(text: str) -> Hits:
    folded = fold((text or "")[:MAX_CHARS])
    hits = Hits(folded)
    patterns = compiled()
    # An idiom is blanked out before the signals are looked for: "ik schaam me dood" is no death
    # wish, but "ik schaam me dood en ik wil dood" still has one.
    scan = folded
    for m in patterns["idiom"].finditer(folded):
        hits.plain["idiom"] = hits.plain.get("idiom", 0) + 1
        scan = scan[:m.start()] + " " * (m.end() - m.start()) + scan[m.end():]
    for concept, regex in patterns.items():
        if concept == "idiom":
            continue
        for m in regex.finditer(scan):
            opener = m.group(0).split()[0] in vocab.CLAUSE_OPENERS
            if not opener and _is_negated(scan[:m.start()].split()):
                hits.negated[concept] = hits.negated.get(concept, 0) + 1
            else:
                hits.plain[concept] = hits.plain.get(concept, 0) + 1
    # A phrase that only matches once its negation is taken out ("ik wil niet dood": the gap in
    # "wil ~ dood" never crosses a negation) is a denied signal, not an absent one.
    tokens = scan.split()
    if any(token in vocab.NEGATORS for token in tokens):
        stripped = " ".join(token for token in tokens if token not in vocab.NEGATORS)
        for concept, regex in patterns.items():
            if concept != "idiom" and concept not in hits.plain and concept not in hits.negated and regex.search(stripped):
                hits.negated[concept] = 1
    return hits
