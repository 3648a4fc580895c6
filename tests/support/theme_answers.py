"""Recognise the bot's first-line theme answers in `intake chat --json` output: which theme, for
which role. Shared by the stack tests of the themes (by role, and by hold-out writers)."""

from __future__ import annotations

from itertools import product

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


# A person who writes English gets the conversation in English (bot.langid), so a theme answer may
# come in English too.
ANSWER_LANGUAGES = ("nl", "en")


def _answers() -> dict[str, tuple[str, str]]:
    renderer = ResponseRenderer(PROJECT_ROOT / "nlu_data" / "domain")
    known = {}
    for theme in THEMES:
        if response_name(theme) not in renderer.responses:
            continue
        for practice, role, language in product(_PRACTICE_SLOTS, ROLES, ANSWER_LANGUAGES):
            slots = {"language": language, "role": role, **practice}
            out = renderer.render({"response": response_name(theme), "tracker": {"slots": slots, "events": []}})
            known.setdefault(out["text"], (theme, role))
    return known


ANSWERS = _answers()


def _other_responses() -> dict[str, str]:
    """Every other domain response's Dutch text (default variation, parent) -> its name, to say in a
    table what came instead of a theme answer (an FAQ answer, the intake's first question …)."""
    renderer = ResponseRenderer(PROJECT_ROOT / "nlu_data" / "domain")
    known = {}
    for name in renderer.responses:
        if name.startswith("utter_theme_"):
            continue
        slots = {"language": "nl", "role": "ouder", **_PRACTICE_SLOTS[1]}
        try:
            text = renderer.render({"response": name, "tracker": {"slots": slots, "events": []}})["text"]
        except Exception:  # a response that needs slots a table can do without
            continue
        if text:
            known.setdefault(text, name)
    return known


OTHER_RESPONSES = _other_responses()


def texts(out: dict) -> list[str]:
    return [r["text"] for r in out["replies"]]


def payloads(out: dict) -> set[str]:
    return {b["payload"] for r in out["replies"] for b in r.get("buttons") or []}


def answer_in(out: dict) -> tuple[str, str] | None:
    """(theme, role) of the theme answer among the replies, or None."""
    return next((ANSWERS[t] for t in texts(out) if t in ANSWERS), None)


# The role question in each language a conversation can run in (bot.langid): an English writer is
# asked "Who are you writing for?" with the same three buttons.
WHO_QUESTIONS = ("voor wie schrijf je", "who are you writing for")


def asks_who(out: dict) -> bool:
    return (any(q in t.lower() for t in texts(out) for q in WHO_QUESTIONS)
            and {PARENT, YOUNG, PROFESSIONAL} <= payloads(out))
