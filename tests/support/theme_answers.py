"""Recognise the bot's first-line theme answers in `intake chat --json` output: which theme, for
which role. Shared by the stack tests of the themes (by role, and by hold-out writers)."""

from __future__ import annotations

from bot.config import PROJECT_ROOT
from bot.content.themes import ROLES, THEMES, response_name
from bot.nlg import ResponseRenderer
from bot.store.seed import DEMO_PRACTICES

PARENT = '/inform_role{"role":"ouder"}'
YOUNG = '/inform_role{"role":"jongere"}'
PROFESSIONAL = '/inform_role{"role":"professional"}'

# Without a practice, and in each demo practice (its name and its worker's title are in the texts).
_PRACTICE_SLOTS = [{"worker_title": "POH-Jeugd", "practice_name": "de huisartsenpraktijk"}] + [
    {"worker_title": p["worker_title"], "practice_name": p["name"]} for p in DEMO_PRACTICES]


def _answers() -> dict[str, tuple[str, str]]:
    renderer = ResponseRenderer(PROJECT_ROOT / "nlu_data" / "domain")
    known = {}
    for theme in THEMES:
        if response_name(theme) not in renderer.responses:
            continue
        for practice in _PRACTICE_SLOTS:
            for role in ROLES:
                slots = {"language": "nl", "role": role, **practice}
                out = renderer.render({"response": response_name(theme), "tracker": {"slots": slots, "events": []}})
                known.setdefault(out["text"], (theme, role))
    return known


ANSWERS = _answers()


def texts(out: dict) -> list[str]:
    return [r["text"] for r in out["replies"]]


def payloads(out: dict) -> set[str]:
    return {b["payload"] for r in out["replies"] for b in r.get("buttons") or []}


def answer_in(out: dict) -> tuple[str, str] | None:
    """(theme, role) of the theme answer among the replies, or None."""
    return next((ANSWERS[t] for t in texts(out) if t in ANSWERS), None)


def asks_who(out: dict) -> bool:
    return any("voor wie schrijf je" in t.lower() for t in texts(out)) and {PARENT, YOUNG, PROFESSIONAL} <= payloads(out)
