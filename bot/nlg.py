"""Rasa NLG endpoint logic: render a domain response through the gettext catalogs.

Rasa POSTs ``{"response", "arguments", "tracker", "channel"}``; we answer with
``{"text", "buttons", ...}``. The Dutch texts in ``nlu_data/domain/*.yml`` are the msgids,
so a translation is a ``.po`` file and never a code change.

Conditional variations work as in Rasa (``condition: [{type: slot, name, value}]``): the
variations whose conditions all hold are chosen first, the ones without a condition only when
none holds. An action's arguments count as slot values here, so an action that has just read
the role can say the answer for that role in the same turn. A response with only conditional
variations, none of which holds, says nothing. Help-line numbers (``{phone_113}``...) come
from :mod:`bot.safety.helplines`.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import format_long_time, gettext, normalise_language
from bot.safety.helplines import placeholders as help_line_numbers


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def load_domain_responses(domain_dir: Path) -> dict[str, list[dict[str, Any]]]:
    responses: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(domain_dir).rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            responses[name] = variations
    return responses


def _fill(template: str, values: dict[str, Any]) -> str:
    try:
        return _FORMATTER.vformat(template, (), _SafeDict(values))
    except (ValueError, IndexError):
        return template


def _slot_values(tracker: dict[str, Any], language: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in (tracker.get("slots") or {}).items():
        if value is None:
            continue
        if name.endswith("_at") and isinstance(value, str):
            from datetime import datetime

            try:
                value = format_long_time(datetime.fromisoformat(value), language)
            except ValueError:
                pass
        values[name] = value
    return values


def _holds(condition: list[dict[str, Any]] | None, values: dict[str, Any]) -> bool:
    return all(c.get("type", "slot") == "slot" and values.get(c.get("name")) == c.get("value")
               for c in condition or [])


def choose_variations(variations: list[dict[str, Any]], values: dict[str, Any]) -> list[dict[str, Any]]:
    """The variations that may be said: conditional ones that hold, else the unconditional ones."""
    conditional = [v for v in variations if v.get("condition") and _holds(v["condition"], values)]
    return conditional or [v for v in variations if not v.get("condition")]


_NOTHING = {"text": None, "buttons": [], "elements": [], "attachments": [], "custom": {}}

# A greeting said once in a conversation is not said whole again: "hoi" later on (after a language
# switch, an answer, a question) gets the short hello. Only for a greeting the person typed (a /start
# is asked for the introduction), and only when the introduction was said in this language (who
# switched to English has not read it in English yet).
SAID_ONCE = {"utter_greet": "utter_greet_again"}
_SESSION_START = ("restart", "session_started")


def _said_in_this_session(tracker: dict[str, Any], text: str | None) -> bool:
    if not text:
        return False
    for event in reversed(tracker.get("events") or []):
        kind = event.get("event")
        if kind in _SESSION_START:
            return False
        if kind == "bot" and event.get("text") == text:
            return True
    return False


def _intent(tracker: dict[str, Any]) -> str | None:
    return ((tracker.get("latest_message") or {}).get("intent") or {}).get("name")


class ResponseRenderer:
    def __init__(self, domain_dir: Path, default_language: str = "nl"):
        self.domain_dir = Path(domain_dir)
        self.default_language = default_language
        self._responses: dict[str, list[dict[str, Any]]] | None = None

    @property
    def responses(self) -> dict[str, list[dict[str, Any]]]:
        if self._responses is None:
            self._responses = load_domain_responses(self.domain_dir)
        return self._responses

    def language_of(self, tracker: dict[str, Any]) -> str:
        """The conversation's language: what the bot app sent with the latest message (from the
        database), else the language slot."""
        metadata = (tracker.get("latest_message") or {}).get("metadata") or {}
        slots = tracker.get("slots") or {}
        return normalise_language(metadata.get("language") or slots.get("language"), self.default_language)

    def render(self, body: dict[str, Any]) -> dict[str, Any]:
        name = body.get("response") or ""
        tracker = body.get("tracker") or {}
        if name in SAID_ONCE and _intent(tracker) == "greet":
            whole = self._render(name, tracker, body.get("arguments") or {})
            if _said_in_this_session(tracker, whole.get("text")):
                name = SAID_ONCE[name]
        return self._render(name, tracker, body.get("arguments") or {})

    def _render(self, name: str, tracker: dict[str, Any], arguments: dict[str, Any]) -> dict[str, Any]:
        language = normalise_language(arguments.get("language")) if arguments.get("language") else self.language_of(tracker)
        variations = self.responses.get(name)
        if not variations:
            # Unknown response: say nothing rather than leak an internal name.
            return dict(_NOTHING)
        values = {**help_line_numbers(), **_slot_values(tracker, language), "language": language, **arguments}
        variations = choose_variations(variations, values)
        if not variations:
            return dict(_NOTHING)
        # Deterministic choice so conversations are reproducible in tests.
        turn = len(tracker.get("events") or [])
        variation = variations[turn % len(variations)]
        text = variation.get("text")
        if text is not None:
            text = _fill(gettext(language, text), values)
        buttons = [
            # Payloads are escaped for Rasa's own templating ({{ }}); send them unescaped.
            {"title": _fill(gettext(language, b["title"]), values),
             "payload": b["payload"].replace("{{", "{").replace("}}", "}")}
            for b in variation.get("buttons") or []
        ]
        result: dict[str, Any] = {"text": text, "buttons": buttons, "elements": [], "attachments": []}
        if variation.get("custom"):
            result["custom"] = variation["custom"]
        else:
            result["custom"] = {}
        return result
