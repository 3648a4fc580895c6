"""Evaluate the NLU model: held-out test set and k-fold cross-validation.

    .venv/bin/python scripts/nlu_eval.py [--model models/intake.tar.gz] [--no-cv] [--folds 5]

1. Held-out: every message in tests/data/nlu_test.yml (never used for training) is parsed by
   the trained model; intent accuracy and macro-F1 over the test set's intents, the
   ResponseSelector's accuracy on the faq questions, and the confusions between the three
   themes (angst, school, opvoeding) with the test messages that caused them.
2. Cross-validation: `rasa test nlu --cross-validation --folds 5` on the training data
   (CPU-heavy: 5 NLU trainings).

The results are appended as a dated section to docs/benchmarks.md (and printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THEMES = ("ask_angst", "ask_school", "ask_opvoeding")
FALLBACK = "nlu_fallback"


def load_test_set(path: Path) -> list[tuple[str, str, str | None]]:
    """(text, intent, full retrieval intent or None) for every test message."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    rows = []
    for m in data.intent_examples:
        rows.append((m.get("text"), m.get("intent"), m.get("intent_response_key")))
    return rows


def predict(parse, text: str) -> tuple[str, float, str | None]:
    result = parse(text)
    intent = result.get("intent") or {}
    selector = (result.get("response_selector") or {}).get("faq") or {}
    response_key = (selector.get("response") or {}).get("intent_response_key")
    return intent.get("name"), float(intent.get("confidence") or 0.0), response_key


def held_out(model: Path, test_path: Path) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    from bot.classify import load_parser

    rows = load_test_set(test_path)
    started = time.monotonic()
    parse = load_parser(model)
    load_seconds = time.monotonic() - started
    started = time.monotonic()
    preds = [predict(parse, text) for text, _, _ in rows]
    parse_seconds = time.monotonic() - started

    gold = [intent for _, intent, _ in rows]
    predicted = [p[0] for p in preds]
    labels = sorted(set(gold))
    faq = [(full, p[2]) for (_, intent, full), p in zip(rows, preds, strict=True) if intent == "faq" and p[0] == "faq"]
    faq_total = sum(1 for _, intent, _ in rows if intent == "faq")
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    theme_errors = [
        (text, g, p, conf)
        for (text, g, _), (p, conf, _) in zip(rows, preds, strict=True)
        if g != p and (g in THEMES or p in THEMES)
    ]
    per_intent = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return {
        "n": len(rows),
        "accuracy": accuracy_score(gold, predicted),
        "macro_f1": f1_score(gold, predicted, labels=labels, average="macro", zero_division=0),
        "per_intent_f1": dict(zip(labels, (float(x) for x in per_intent), strict=True)),
        "fallbacks": predicted.count(FALLBACK),
        "faq_total": faq_total,
        "faq_answer_correct": sum(1 for full, got in faq if full == got),
        "confusions": confusions.most_common(),
        "theme_errors": theme_errors,
        "theme_matrix": {g: Counter(p for gg, p in zip(gold, predicted, strict=True) if gg == g) for g in THEMES},
        "load_seconds": load_seconds,
        "parse_seconds": parse_seconds,
    }


def cv_inputs_hash(folds: int) -> str:
    """The cross-validation depends only on the NLU data, the config and the fold count."""
    import hashlib

    digest = hashlib.sha256(str(folds).encode())
    paths = [ROOT / "nlu_data/config.yml", *sorted((ROOT / "nlu_data/data/nlu").rglob("*.yml"))]
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cross_validation(folds: int, out_dir: Path, reuse: bool = True) -> dict:
    """Run `rasa test nlu --cross-validation`, or reuse the last run when its inputs are unchanged."""
    stamp = out_dir / "inputs.sha256"
    current = cv_inputs_hash(folds)
    if reuse and stamp.exists() and stamp.read_text() == current and (out_dir / "result.json").exists():
        return json.loads((out_dir / "result.json").read_text())
    out_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        str(Path(sys.executable).parent / "rasa"), "test", "nlu",
        "--nlu", str(ROOT / "nlu_data/data/nlu"),
        "--config", str(ROOT / "nlu_data/config.yml"),
        "--cross-validation", "--folds", str(folds),
        "--domain", str(ROOT / "nlu_data/domain"), "--out", str(out_dir), "--no-plot",
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    started = time.monotonic()
    with open(out_dir / "cv.log", "wb") as log:
        subprocess.run(argv, check=True, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    seconds = time.monotonic() - started
    report = json.loads((out_dir / "intent_report.json").read_text())
    result = {
        "folds": folds,
        "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "themes": {t: report.get(t, {}).get("f1-score") for t in THEMES},
        "seconds": seconds,
        "run_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
    (out_dir / "result.json").write_text(json.dumps(result))
    stamp.write_text(current)
    return result


def render(model: Path, ho: dict | None, cv: dict | None) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## NLU evaluation — {now}", "", f"Model: `{model.relative_to(ROOT) if model.is_relative_to(ROOT) else model}`; "
             "config: `nlu_data/config.yml` (fixed random seeds). Produced by `make nlu-eval`.", ""]
    if ho:
        lines += [
            f"### Held-out test set (`tests/data/nlu_test.yml`, {ho['n']} messages, never trained on)",
            "",
            "| metric | value |",
            "|---|---|",
            f"| intent accuracy | {ho['accuracy']:.3f} |",
            f"| intent macro-F1 | {ho['macro_f1']:.3f} |",
            f"| sent to the clarifying question (nlu_fallback) | {ho['fallbacks']} |",
            f"| FAQ answer chosen correctly (ResponseSelector) | {ho['faq_answer_correct']}/{ho['faq_total']} |",
            f"| model load / parse time | {ho['load_seconds']:.1f} s / {ho['parse_seconds']:.2f} s "
            f"({ho['n'] / ho['parse_seconds']:.0f} messages/s) |",
            "",
            "Per-intent F1: " + ", ".join(f"{k} {v:.2f}" for k, v in ho["per_intent_f1"].items()),
            "",
            "Themes (rows: true intent, columns: predicted):",
            "",
            "| true \\ predicted | " + " | ".join(THEMES) + " | other |",
            "|---|---|---|---|---|",
        ]
        for g in THEMES:
            row = ho["theme_matrix"][g]
            other = sum(v for k, v in row.items() if k not in THEMES)
            lines.append(f"| {g} | " + " | ".join(str(row.get(p, 0)) for p in THEMES) + f" | {other} |")
        lines += ["", "All confusions (true → predicted, count): "
                  + (", ".join(f"{g} → {p} ({n})" for (g, p), n in ho["confusions"]) or "none"), ""]
        if ho["theme_errors"]:
            lines += ["Theme errors, with the test message:", ""]
            for text, g, p, conf in ho["theme_errors"]:
                lines.append(f"- \"{text}\": {g} → {p} ({conf:.2f})")
            lines.append("")
    if cv:
        lines += [
            f"### {cv['folds']}-fold cross-validation on the training data",
            "",
            "| metric | value |",
            "|---|---|",
            f"| intent accuracy | {cv['accuracy']:.3f} |",
            f"| intent macro-F1 | {cv['macro_f1']:.3f} |",
            f"| intent weighted-F1 | {cv['weighted_f1']:.3f} |",
            "| theme F1 | " + ", ".join(f"{k} {v:.2f}" for k, v in cv["themes"].items() if v is not None) + " |",
            f"| time | {cv['seconds'] / 60:.1f} min (run at {cv.get('run_at', '?')}; reused while the NLU data and config are unchanged) |",
            "",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "intake.tar.gz")
    ap.add_argument("--test", type=Path, default=ROOT / "tests" / "data" / "nlu_test.yml")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--only-cv", action="store_true", help="run only the cross-validation")
    ap.add_argument("--fresh-cv", action="store_true", help="rerun the cross-validation even if its inputs are unchanged")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--no-write", action="store_true", help="print only; do not append to --out")
    args = ap.parse_args(argv)

    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if not args.only_cv and not args.model.exists():
        print(f"nlu_eval: no model at {args.model}; run `make train` first", file=sys.stderr)
        return 1
    ho = None if args.only_cv else held_out(args.model, args.test)
    cv = None if args.no_cv else cross_validation(args.folds, ROOT / "var" / "nlu-eval" / "cv", reuse=not args.fresh_cv)
    section = render(args.model.resolve(), ho, cv)
    print(section)
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        existing = args.out.read_text() if args.out.exists() else "# Benchmarks\n"
        args.out.write_text(existing.rstrip("\n") + "\n\n" + section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
