"""The shipped risk model: the classifier trained on every corpus writer, with its thresholds.

``load()`` returns the fitted model for the current corpus and code, from
models/risk-<hash>.joblib; when that file is missing it trains and writes it. The thresholds come
from data/risk-thresholds.json (:mod:`bot.safety.kept_thresholds`: chosen by ``make
risk-thresholds`` on out-of-writer predictions, kept with the key of the corpus and code they were
chosen for), so training fits only the final classifier; with a stale file it chooses them itself
(a model per writer: minutes) and warns. ``intake train`` calls :func:`ensure` so the bot process
only reads it. Nothing happens at import time.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.safety import corpus, kept_thresholds

log = logging.getLogger("bot.safety.model")

MODELS_DIR = PROJECT_ROOT / "models"
# The model file's version: the corpus, the code the classifier and its thresholds depend on, this
# module, and the kept thresholds themselves (a new data/risk-thresholds.json trains a new model).
_CODE = (*kept_thresholds.CODE, "model.py")


@dataclass
class RiskModel:
    classifier: object  # bot.safety.classifier.RiskClassifier
    thresholds: object  # bot.safety.classifier.Thresholds
    version: str
    writers: tuple[str, ...]


def version() -> str:
    digest = hashlib.sha256(corpus.fingerprint().encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    if kept_thresholds.PATH.exists():
        digest.update(kept_thresholds.PATH.read_bytes())
    return digest.hexdigest()[:16]


def path(models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"risk-{version()}.joblib"


def train(rows: list[dict], thresholds=None) -> RiskModel:
    """The classifier on every writer of ``rows``. ``thresholds``: the kept ones for these rows;
    without them they are chosen here on out-of-writer predictions (a level model per writer),
    which is exactly what ``make risk-thresholds`` keeps."""
    from bot.safety.classifier import RiskClassifier, choose_thresholds
    from bot.safety.concepts import find

    hits = [find(r["text"]) for r in rows]
    if thresholds is None:
        thresholds = choose_thresholds(rows, hits)
    clf = RiskClassifier().fit([r["text"] for r in rows], [r["label"] for r in rows],
                               [r.get("category") for r in rows], hits)
    return RiskModel(clf, thresholds, version(), tuple(sorted({r["writer"] for r in rows})))


def ensure(models_dir: Path = MODELS_DIR) -> Path:
    """Train and save the model unless the current one exists. Returns its path."""
    import joblib

    target = path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / ".risk.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        started = time.monotonic()
        log.info("training the risk classifier on data/risk (corpus or code changed)")
        # None (and a warning naming the command) when the kept file is not for this corpus and code.
        model = train(corpus.load(), kept_thresholds.load())
        tmp = target.with_suffix(".tmp")
        joblib.dump(model, tmp)
        tmp.replace(target)
        for old in models_dir.glob("risk-*.joblib"):
            if old != target:
                old.unlink(missing_ok=True)
        log.info("risk classifier trained in %.0f s (%s)", time.monotonic() - started, model.thresholds)
        for unmet in model.thresholds.unmet:
            log.warning("risk classifier: a false-alarm cap is not met on the training writers: %s", unmet)
    return target


@lru_cache(maxsize=1)
def load(models_dir: Path = MODELS_DIR) -> RiskModel:
    import joblib

    return joblib.load(ensure(models_dir))
