"""Finding the person's practice from what they type: a code, a name, a place or a postcode.

Pure functions over the practice table, apart from :func:`load`, the one loader of that table that
the action server and the bot app share: they load the practices and ask :func:`find` (or
:func:`rank`) what the typed text points to. Fuzzy matching (rapidfuzz) forgives typos and
partial names ("de linde", "linde utrecht", "anker zwole"); a postcode ranks the practices by
how close their postcode is (Dutch postcodes are numbered by region, so 3521 is near 3512).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# Words that say nothing about which practice: left out before comparing.
_FILLER = frozenset(
    "huisartsenpraktijk huisartspraktijk huisarts huisartsen praktijk gezondheidscentrum centrum "
    "medisch de het een in te bij van mijn onze is ik zit ben ingeschreven die dat the at in my "
    "practice doctor gp surgery".split()
)
_POSTCODE_RE = re.compile(r"\b([1-9]\d{3})\s?([a-zA-Z]{2})?\b")

# Scores (0-100) that decide: one clear match is chosen; near matches become buttons.
CLEAR = 86
NEAR = 62
MARGIN = 12


@dataclass(frozen=True)
class PracticeInfo:
    code: str
    name: str
    municipality: str = ""
    address: str = ""
    worker_title: str = ""

    @property
    def postcode(self) -> int | None:
        m = _POSTCODE_RE.search(self.address or "")
        return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Match:
    practice: PracticeInfo
    score: float


@dataclass(frozen=True)
class Found:
    """``chosen``: one clear match; otherwise ``options`` to offer as buttons (best first)."""

    chosen: PracticeInfo | None
    options: tuple[PracticeInfo, ...] = ()

    @property
    def found_any(self) -> bool:
        return self.chosen is not None or bool(self.options)


def load(store) -> list[PracticeInfo]:
    """Every practice (a handful of rows), ordered by name as their buttons are."""
    from sqlalchemy import select

    from bot.store.models import Practice

    with store.session() as s:
        rows = s.execute(select(Practice).order_by(Practice.name)).scalars()
        return [PracticeInfo(p.code, p.name, p.municipality or "", p.address or "", p.worker_title or "")
                for p in rows]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _meaningful(text: str) -> str:
    return " ".join(w for w in _fold(text).split() if w not in _FILLER)


def _street(address: str) -> str:
    first = (address or "").split(",")[0]
    return re.sub(r"\d.*$", "", first).strip()


def _score_text(query: str, practice: PracticeInfo) -> float:
    if not query:
        return 0.0
    if query.replace(" ", "") == _fold(practice.code).replace(" ", ""):
        return 100.0
    fields = [_meaningful(practice.name), _fold(practice.municipality), _fold(_street(practice.address))]
    name_and_place = f"{fields[0]} {fields[1]}".strip()
    best = 0.0
    for field in [*fields, name_and_place]:
        if field:
            # token_set_ratio: "linde utrecht" against "linde" + "utrecht", in any order.
            best = max(best, fuzz.token_set_ratio(query, field))
    # One word of the query that is (nearly) a word of the practice: "anker", "zwole", "lind".
    words = {w for w in " ".join(fields).split() if len(w) >= 4}
    for word in query.split():
        if len(word) < 4:
            continue
        similarity = max((fuzz.ratio(word, w) for w in words), default=0.0)
        if similarity >= 80:
            best = max(best, 70.0 + 0.2 * similarity)
    return float(best)


def _score_postcode(number: int, practice: PracticeInfo) -> float:
    own = practice.postcode
    if own is None:
        return 0.0
    if own == number:
        return 100.0
    if own // 100 == number // 100:  # the same area (first two digits)
        return max(NEAR + 1.0, 95.0 - abs(own - number) / 4)
    if own // 1000 == number // 1000:
        return NEAR - 1.0 - abs(own - number) / 100
    return 0.0


def rank(text: str, practices: list[PracticeInfo]) -> list[Match]:
    """Every practice with its score for this text, best first."""
    postcode = _POSTCODE_RE.search(text or "")
    query = _meaningful(_POSTCODE_RE.sub(" ", text or "") if postcode else text or "")
    matches = []
    for p in practices:
        score = _score_text(query, p)
        if postcode:
            score = max(score, _score_postcode(int(postcode.group(1)), p))
        matches.append(Match(p, score))
    return sorted(matches, key=lambda m: (-m.score, m.practice.name))


def find(text: str, practices: list[PracticeInfo], *, limit: int = 3) -> Found:
    """What the typed text points to: one practice, a few to choose from, or nothing."""
    ranked = [m for m in rank(text, practices) if m.score > 0]
    if not ranked:
        return Found(None)
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= CLEAR and best.score - runner_up >= MARGIN:
        return Found(best.practice)
    near = tuple(m.practice for m in ranked if m.score >= NEAR)[:limit]
    return Found(None, near)
