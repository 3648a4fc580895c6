"""The risk corpus: messages by independent writers, one JSON object per line, in data/risk/.

Each line has ``text``, ``label`` (crisis, concern, safe, ordinary), ``category`` (for crisis and
concern one of the seven crisis categories; for safe the kind of hard negative), ``about``,
``lang`` and ``writer``. A relabelled message keeps its old label in ``label_was`` and the
reason in ``relabel_reason``. Nothing here is ever shown to a user.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bot.config import PROJECT_ROOT

CORPUS_DIR = PROJECT_ROOT / "data" / "risk"
LABELS = ("crisis", "concern", "safe", "ordinary")


def files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def load(directory: Path = CORPUS_DIR) -> list[dict]:
    rows = []
    for path in files(directory):
        with open(path, encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def load_file(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fingerprint(directory: Path = CORPUS_DIR) -> str:
    digest = hashlib.sha256()
    for path in files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def nlu_examples() -> list[str]:
    """Every Rasa training example in nlu_data/data, folded: the risk corpus must not overlap them
    (tests/unit/test_safety_corpus.py, scripts/import_risk_writers.py)."""
    import yaml

    from bot.safety.fold import fold

    examples = []
    for path in sorted((PROJECT_ROOT / "nlu_data" / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []) or []:
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip().removeprefix("- ").strip()
                if line:
                    examples.append(fold(line))
    return examples
