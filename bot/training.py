"""Train the Rasa model only when nlu_data/ changed since the last training."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import time
from pathlib import Path

from bot.config import Settings
from bot.runtime import MODEL_NAME, child_env, model_path, python

log = logging.getLogger("bot.training")

_TRAINING_INPUTS = ("config.yml", "domain", "data")


def nlu_hash(nlu_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in _TRAINING_INPUTS:
        root = nlu_dir / name
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            digest.update(str(path.relative_to(nlu_dir)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    if LINEAR_INTENT in (nlu_dir / "config.yml").read_text(encoding="utf-8"):
        digest.update(trained_code_digest().encode())
    return digest.hexdigest()


# Our own code that is part of a trained model when the pipeline has the linear intent classifier
# (it and its sentence vectors): a change to it trains again. (bot.dialogue.unknown_words is read
# when the model loads: not here.)
LINEAR_INTENT = "bot.dialogue.linear_intent.LinearIntentClassifier"
TRAINED_CODE = ("dialogue/linear_intent.py", "sentence_vectors.py")


def trained_code_digest() -> str:
    digest = hashlib.sha256()
    for name in TRAINED_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _stamp_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.hash.json"


def needs_training(settings: Settings) -> bool:
    stamp = _stamp_path(settings)
    if not model_path(settings).exists() or not stamp.exists():
        return True
    try:
        return json.loads(stamp.read_text()).get("hash") != nlu_hash(settings.nlu_dir)
    except (ValueError, OSError):
        return True


def train(settings: Settings, force: bool = False, only: str | None = None) -> bool:
    """Returns True when a Rasa model was trained, False when the current one is up to date.

    A file lock serialises concurrent `intake train` runs (make run and make test in two
    terminals): the second waits, then finds the model up to date. ``only="rasa"`` or
    ``only="risk"`` builds one of the two models (`make test` starts the Rasa training in the
    background first, builds the risk model beside it, and runs the tests that need no Rasa model
    while Rasa trains).
    """
    import fcntl

    from bot.safety import model as risk_model

    settings.models_dir.mkdir(parents=True, exist_ok=True)
    trained = False
    if only in (None, "rasa"):
        with open(settings.models_dir / ".train.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            trained = _train_locked(settings, force)
    if only in (None, "risk"):
        # The risk classifier of the safety screen: trained only when data/risk or its code changed.
        risk_model.ensure(settings.models_dir)
    return trained


def _train_locked(settings: Settings, force: bool) -> bool:
    if not force and not needs_training(settings):
        log.info("model is up to date with nlu_data/ (%s); not training", model_path(settings).name)
        return False
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    current = nlu_hash(settings.nlu_dir)
    nlu = settings.nlu_dir
    argv = [
        python(), "-m", "rasa", "train",
        "--config", str(nlu / "config.yml"),
        "--domain", str(nlu / "domain"),
        "--data", str(nlu / "data"),
        "--out", str(settings.models_dir),
        "--fixed-model-name", MODEL_NAME,
    ]
    log.info("training the Rasa model (nlu_data/ changed); this takes a few minutes")
    started = time.monotonic()
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.log_dir / "train.log", "ab") as out:
        result = subprocess.run(argv, env=child_env(settings, "train"), stdout=out, stderr=subprocess.STDOUT,
                                cwd=settings.project_root)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed (exit {result.returncode}); see {settings.log_dir / 'train.log'}")
    _stamp_path(settings).write_text(json.dumps({"hash": current, "seconds": round(seconds, 1)}))
    log.info("trained %s in %.0f s", model_path(settings).name, seconds)
    return True
