"""The shipped thresholds, kept in the repository with the key they were chosen for.

Choosing the thresholds (:func:`bot.safety.classifier.choose_thresholds`) needs out-of-writer
predictions: one level model per corpus writer, minutes on two cores (scripts/safety_train_time.py
prints the time). They depend on nothing but the corpus, the code of the classifier, its
features and the threshold choice, and the numerical libraries, so ``make risk-thresholds``
(scripts/risk_thresholds.py) computes them once per change of those, exactly as training did,
and writes them with that key to data/risk-thresholds.json. Training
(:func:`bot.safety.model.ensure`) takes them from there and fits only the final classifier.

The file is never silently stale: ``tests/unit/test_risk_thresholds.py`` fails when its key is
not the current one and names the command; training with a stale file computes the thresholds
itself (slow) and logs a warning. Nothing in the file is typed by hand.
"""

from __future__ import annotations

import hashlib
import json
import logging
from importlib import metadata
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.safety import corpus

log = logging.getLogger("bot.safety.kept_thresholds")

PATH = PROJECT_ROOT / "data" / "risk-thresholds.json"
COMMAND = "make risk-thresholds"
HERE = Path(__file__).parent
# The code that decides the thresholds: the classifier (features, fitting, threshold choice), the
# concepts and rules its features use (and what they import), and this module (how they are
# computed). tests/unit/test_risk_thresholds.py checks that every bot.safety module these import
# is listed, so a new module cannot change the thresholds behind the key's back.
CODE = ("classifier.py", "concepts.py", "fold.py", "normalise.py", "rules.py", "vocab.py", "kept_thresholds.py")
# The libraries whose numbers they are (Rasa 3.6 pins all three; a new version may move a score).
LIBRARIES = ("scikit-learn", "numpy", "scipy")


def key_parts(corpus_dir: Path = corpus.CORPUS_DIR, code_dir: Path = HERE) -> dict:
    """Everything that decides the thresholds, as digests and versions."""
    return {
        "corpus": corpus.fingerprint(corpus_dir)[:16],
        "code": {name: hashlib.sha256((code_dir / name).read_bytes()).hexdigest()[:16] for name in CODE},
        "libraries": {name: metadata.version(name) for name in LIBRARIES},
    }


def key_of(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def current_key() -> str:
    return key_of(key_parts())


def compute(rows: list[dict]):
    """The thresholds for ``rows``, exactly as training chose them before they were kept: rule
    concepts for every row, then :func:`choose_thresholds` on its own out-of-writer predictions
    (a level model per writer)."""
    from bot.safety.classifier import choose_thresholds
    from bot.safety.concepts import find

    return choose_thresholds(rows, [find(r["text"]) for r in rows])


def write(thresholds, rows: list[dict], parts: dict, path: Path | None = None) -> dict:
    """Keep ``thresholds`` with ``parts``: the key taken BEFORE they were computed, so an edit made
    while they were computed cannot end up in the key."""
    data = {
        "written_by": f"{COMMAND} (scripts/risk_thresholds.py); do not edit: the key must match the numbers",
        "key": key_of(parts),
        "key_parts": parts,
        "writers": sorted({r["writer"] for r in rows}),
        "messages": len(rows),
        "thresholds": {"crisis": thresholds.crisis, "check_in": thresholds.check_in,
                       "agreement": thresholds.agreement},
        "unmet": list(thresholds.unmet),
    }
    (path or PATH).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def read(path: Path | None = None) -> dict | None:
    try:
        return json.loads((path or PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stale(path: Path | None = None) -> str | None:
    """Why the kept thresholds cannot be used for the current corpus and code (in words, with the
    command that makes them current), or None when they can."""
    path = path or PATH
    data = read(path)
    if data is None:
        return f"{path.name} is missing or unreadable: run `{COMMAND}` and commit the file"
    now = key_parts()
    if data.get("key") == key_of(now):
        return None
    kept = data.get("key_parts", {})
    changed = [name for name in ("corpus",) if kept.get(name) != now[name]]
    changed += [f"code {n}" for n in CODE if kept.get("code", {}).get(n) != now["code"][n]]
    changed += [f"{n} {kept.get('libraries', {}).get(n)} -> {now['libraries'][n]}" for n in LIBRARIES
                if kept.get("libraries", {}).get(n) != now["libraries"][n]]
    return (f"{path.name} was chosen for another corpus or code (changed: {', '.join(changed) or 'key'}): "
            f"run `{COMMAND}` (a model per writer, minutes; through heavy.sh) and commit the file")


def load(path: Path | None = None):
    """The kept :class:`Thresholds` when they are current, else None (and a warning saying why)."""
    from bot.safety.classifier import Thresholds

    reason = stale(path)
    if reason:
        log.warning("risk thresholds: %s", reason)
        return None
    data = read(path)
    t = data["thresholds"]
    return Thresholds(crisis=t["crisis"], check_in=t["check_in"], agreement=t["agreement"],
                      unmet=tuple(data.get("unmet", ())))
