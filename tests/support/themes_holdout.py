"""The hold-out writers' first messages (tests/data/themes_holdout/<writer>.jsonl): test data only,
never training data. Each line: text, topic (a theme id), role (the writer's), writer.

``THEMES_HOLDOUT_FRESH=<folder>`` (set by ``make themes-holdout FRESH=<folder>``) points the same
checks and the same stack test at a folder of NEW hold-out writers, scored once for a fresh figure;
that folder is never part of `make test` and never copied into the repository.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from tests.support.theme_answers import (
    JGZ_ANY,
    OTHER_RESPONSES,
    PARENT,
    YOUNG,
    answer_in,
    asks_who,
    payloads,
    texts,
)

HOLDOUT = PROJECT_ROOT / "tests" / "data" / "themes_holdout"
FRESH_ENV = "THEMES_HOLDOUT_FRESH"
# The writers' names for their roles, as the bot's roles.
ROLES = {"parent": "ouder", "young": "jongere"}
# Themes only a parent brings (a crying baby, an overloaded parent): the young person's writer was
# not asked for them; a young parent writes as a parent.
PARENT_ONLY = frozenset({"baby_jgz", "overbelast_ouder"})


def fresh_dir() -> Path | None:
    """The folder of fresh hold-out writers this run scores, or None (the kept hold-out set)."""
    raw = os.environ.get(FRESH_ENV, "").strip()
    return Path(raw).expanduser().resolve() if raw else None


def holdout_dir() -> Path:
    return fresh_dir() or HOLDOUT


def fingerprint(directory: Path) -> str:
    """A short hash of a folder's writer files, so a fresh set is recognised when scored again."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def holdout_messages() -> list[dict]:
    rows = []
    for path in sorted(holdout_dir().glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({**json.loads(line), "file": path.stem})
    return rows


def holdout_writers() -> dict[str, str]:
    """writer -> the bot's role for that writer, in name order."""
    return {row["writer"]: ROLES[row["role"]] for row in sorted(holdout_messages(), key=lambda r: r["writer"])}


ROLE_BUTTON = {"ouder": PARENT, "jongere": YOUNG}
CHECK_IN_NO = "/deny_risk"
# For a first message about self-harm the crisis card is right too: 113 and 112 at once.
CRISIS_IS_RIGHT = {"zelfbeschadiging"}


@dataclass
class Conversation:
    row: dict
    user: str
    outs: list[dict] = field(default_factory=list)
    role_pressed: bool = False
    check_in_answered: bool = False

    @property
    def role(self) -> str:
        return ROLES[self.row["role"]]

    @property
    def answer(self) -> tuple[str, str] | None:
        return next((found for out in self.outs if (found := answer_in(out))), None)

    @property
    def crisis(self) -> bool:
        return any("/affirm_safe" in payloads(out) for out in self.outs)

    @property
    def check_in(self) -> bool:
        return any("/affirm_risk" in payloads(out) for out in self.outs)

    def next_line(self) -> dict | None:
        """What the writer sends next, or None when the conversation has its outcome."""
        last = self.outs[-1]
        if self.answer or self.crisis:
            return None
        if "/deny_risk" in payloads(last) and not self.check_in_answered:
            self.check_in_answered = True
            return {"user": self.user, "button": CHECK_IN_NO}
        if asks_who(last) and not self.role_pressed:
            self.role_pressed = True
            return {"user": self.user, "button": ROLE_BUTTON[self.role]}
        return None

    def outcome(self) -> str:
        """Short, for the table: the theme/role reached, or what came instead (never the text)."""
        if self.answer:
            return f"{self.answer[0]}/{self.answer[1]}"
        if self.crisis:
            return "crisis card"
        last = self.outs[-1]
        said = "\n".join(texts(last))
        if "Bedoel je een van deze?" in said or "Do you mean one of these?" in said:
            offered = f"/ask_{self.row['topic']}" in payloads(last)
            return "did-you-mean" + (" (its theme offered)" if offered else "")
        if "begreep ik niet" in said or "understand that" in said:
            return "clarifying question"
        if asks_who(last):
            return "role asked again"
        names = [OTHER_RESPONSES[t].removeprefix("utter_") for t in texts(last) if t in OTHER_RESPONSES]
        return names[0] if names else "other answer"

    def reached(self) -> bool:
        """The theme's answer for the writer's role (for self-harm the crisis card counts too; for a
        baby question the JGZ answer that names the consultatiebureau beside the GGD's jeugdarts)."""
        theme = self.row["topic"]
        return (self.answer == (theme, self.role) or (theme in CRISIS_IS_RIGHT and self.crisis and not self.answer)
                or (theme == "baby_jgz" and self.answer == (JGZ_ANY, self.role)))
