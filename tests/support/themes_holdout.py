"""The hold-out writers' first messages (tests/data/themes_holdout/<writer>.jsonl): test data only,
never training data. Each line: text, topic (a theme id), role (the writer's), writer."""

from __future__ import annotations

import json

from bot.config import PROJECT_ROOT

HOLDOUT = PROJECT_ROOT / "tests" / "data" / "themes_holdout"
# The writers' names for their roles, as the bot's roles.
ROLES = {"parent": "ouder", "young": "jongere"}
# Themes only a parent brings (a crying baby, an overloaded parent): the young person's writer was
# not asked for them; a young parent writes as a parent.
PARENT_ONLY = frozenset({"baby_jgz", "overbelast_ouder"})


def holdout_messages() -> list[dict]:
    rows = []
    for path in sorted(HOLDOUT.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({**json.loads(line), "file": path.stem})
    return rows


def holdout_writers() -> dict[str, str]:
    """writer -> the bot's role for that writer, in name order."""
    return {row["writer"]: ROLES[row["role"]] for row in sorted(holdout_messages(), key=lambda r: r["writer"])}
