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
from pathlib import Path

from bot.config import PROJECT_ROOT

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
