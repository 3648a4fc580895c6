"""Evaluate the crisis screen on the labelled set in tests/data/safety_eval.jsonl.

    .venv/bin/python scripts/safety_eval.py            print the table
    .venv/bin/python scripts/safety_eval.py --write    also append a dated section to docs/benchmarks.md
    .venv/bin/python scripts/safety_eval.py --check    exit 1 unless recall is 1.00 and false alarms <= 5 %

Recall per category: the share of crisis messages of that category that the screen flags as a
crisis (any category: every crisis reply carries 112 and the help lines). "Right category" is
reported next to it. False alarms: the share of non-crisis messages flagged as a crisis,
overall and per category the screen (wrongly) chose. Negated messages that get the gentle
check-in are not false alarms: that is the intended answer.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import CATEGORIES, screen  # noqa: E402

DATA = ROOT / "tests" / "data" / "safety_eval.jsonl"
# Written after the lexicon and never tuned on: how the screen does on phrasings it has not seen.
HELDOUT = ROOT / "tests" / "data" / "safety_heldout.jsonl"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
MAX_FALSE_ALARM = 0.05


def load(path: Path = DATA) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(rows: list[dict]) -> dict:
    crisis_rows = [r for r in rows if r["label"] != "none"]
    other_rows = [r for r in rows if r["label"] == "none"]
    per_category = {}
    missed, false_alarms = [], []
    for category in CATEGORIES:
        items = [r for r in crisis_rows if r["label"] == category]
        verdicts = [screen(r["text"]) for r in items]
        hit = sum(v.crisis for v in verdicts)
        right = sum(v.crisis and v.category == category for v in verdicts)
        missed += [r["text"] for r, v in zip(items, verdicts, strict=True) if not v.crisis]
        per_category[category] = {"n": len(items), "recall": hit / len(items) if items else 1.0,
                                  "right_category": right / len(items) if items else 1.0}
    fired = Counter()
    check_ins = 0
    for r in other_rows:
        v = screen(r["text"])
        if v.crisis:
            fired[v.category] += 1
            false_alarms.append((r["text"], v.rule))
        elif v.check_in:
            check_ins += 1
    n_other = len(other_rows)
    for category in CATEGORIES:
        per_category[category]["false_alarm"] = fired[category] / n_other if n_other else 0.0
    kinds = Counter(r["kind"] for r in other_rows)
    negated = [r for r in other_rows if r["kind"] == "negated"]
    return {
        "n": len(rows),
        "n_crisis": len(crisis_rows),
        "n_other": n_other,
        "n_hard_negative": kinds["hard_negative"],
        "recall": sum(c["recall"] * c["n"] for c in per_category.values()) / len(crisis_rows),
        "right_category": sum(c["right_category"] * c["n"] for c in per_category.values()) / len(crisis_rows),
        "false_alarm": sum(fired.values()) / n_other if n_other else 0.0,
        "check_in_on_negated": sum(screen(r["text"]).check_in for r in negated) / len(negated) if negated else 1.0,
        "per_category": per_category,
        "missed": missed,
        "false_alarms": false_alarms,
        "check_ins": check_ins,
    }


def latency(rows: list[dict], rounds: int = 20) -> dict:
    """Cost of one screen() call over the set, after a warm-up (the first call compiles).

    Wall-clock per call (median and p99) depends on how busy the machine is; the CPU time per
    call (thread time over the whole run) does not, so both are reported.
    """
    texts = [r["text"] for r in rows]
    for text in texts:
        screen(text)
    samples = []
    cpu0 = time.thread_time()
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            screen(text)
            samples.append((time.perf_counter() - t0) * 1000)
    cpu_ms = (time.thread_time() - cpu0) * 1000 / len(samples)
    samples.sort()
    long_text = " ".join(texts[:40])  # a ~1,500-character message
    t0 = time.thread_time()
    screen(long_text)
    return {"cpu_ms": cpu_ms, "median_ms": statistics.median(samples), "p99_ms": samples[int(len(samples) * 0.99)],
            "long_message_ms": (time.thread_time() - t0) * 1000, "long_message_chars": len(long_text),
            "load": os.getloadavg()[0]}


def table(result: dict, lat: dict) -> str:
    lines = [
        f"Set: {result['n']} messages, {result['n_crisis']} crisis, {result['n_other']} not crisis "
        f"({result['n_hard_negative']} hard negatives).",
        "",
        "| category | crisis messages | recall | right category | false alarms (of all non-crisis) |",
        "|---|---|---|---|---|",
    ]
    for category, c in result["per_category"].items():
        lines.append(f"| {category} | {c['n']} | {c['recall']:.2f} | {c['right_category']:.2f} | {c['false_alarm']:.1%} |")
    lines += [
        f"| **all** | {result['n_crisis']} | **{result['recall']:.2f}** | {result['right_category']:.2f} | **{result['false_alarm']:.1%}** |",
        "",
        f"Negated messages answered with the gentle check-in: {result['check_in_on_negated']:.0%}.",
        f"Screen cost per message: {lat['cpu_ms']:.3f} ms CPU; wall clock median {lat['median_ms']:.3f} ms, "
        f"p99 {lat['p99_ms']:.3f} ms (load average {lat['load']:.1f} on this machine); "
        f"one {lat['long_message_chars']}-character message {lat['long_message_ms']:.2f} ms CPU.",
    ]
    if result["missed"]:
        lines += ["", "Missed: " + "; ".join(repr(t) for t in result["missed"])]
    if result["false_alarms"]:
        lines += ["", "False alarms: " + "; ".join(f"{t!r} ({rule})" for t, rule in result["false_alarms"])]
    return "\n".join(lines)


def heldout_line(result: dict) -> str:
    return (f"Held-out set (tests/data/safety_heldout.jsonl, {result['n']} messages written after the lexicon, "
            f"never tuned on; not a gate): recall {result['recall']:.2f} on {result['n_crisis']} crisis messages, "
            f"false alarms {result['false_alarm']:.1%} on {result['n_other']}. "
            "The lexicon is the first net; new phrasings are what Rasa's crisis intent (the second net) is for.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="append a dated section to docs/benchmarks.md")
    parser.add_argument("--check", action="store_true", help="exit 1 below recall 1.00 or above 5 %% false alarms")
    args = parser.parse_args(argv)
    rows = load()
    result = evaluate(rows)
    lat = latency(rows)
    text = table(result, lat)
    if HELDOUT.exists():
        text += "\n\n" + heldout_line(evaluate(load(HELDOUT)))
    print(text)
    if args.write:
        BENCHMARKS.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        new = not BENCHMARKS.exists()
        with open(BENCHMARKS, "a", encoding="utf-8") as f:
            if new:
                f.write("# Benchmarks\n")
            f.write(f"\n## Safety screen, {stamp}\n\n`make safety-eval` on tests/data/safety_eval.jsonl.\n\n{text}\n")
        print(f"\nappended to {BENCHMARKS.relative_to(ROOT)}")
    if args.check and (result["recall"] < 1.0 or result["false_alarm"] > MAX_FALSE_ALARM):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
