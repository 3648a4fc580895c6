"""Bring independent writers' risk messages into the risk corpus, one file per writer.

    .venv/bin/python scripts/import_risk_writers.py /work/writers/risk7/*.jsonl

Each input line is ``{"text", "label", "category", "about", "lang", "writer"}`` (bot.safety.corpus).
The output is ``data/risk/<writer>.jsonl`` with the writer's lines unchanged, in their order, minus:

- lines that are not valid (no text, an unknown label, a crisis or concern line without one of the
  seven categories, another writer's name than the file's);
- a repeat of a line the writer already wrote;
- a near-duplicate (rapidfuzz ratio ≥ 90 on the folded text) of another writer's message in
  data/risk/ (25 characters or longer) or of a Rasa training example (four words or longer): leave-one-writer-out must never
  find the left-out writer's message under another name, and the corpus is evaluation data for
  every writer in turn (tests/unit/test_safety_corpus.py checks the result).

Every left-out line is reported by number and reason, never by its text. FRESH and hold-out sets
(a folder named fresh…, risk…-fresh or themes-holdout…, and anything in data/unscored/) are
refused: they are scored once, never trained on. A set under data/scored/ has had its one scoring
(its figure is in docs/benchmarks.md) and is tuning data from then on: it comes in with its
writer's name kept. Run it again when a writer's file changes; never hand-edit the output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import corpus, rules  # noqa: E402
from bot.safety.fold import fold  # noqa: E402

NEAR = 90
SHORT = 25  # characters: shorter texts ("ok", "ik ben 15") may repeat across writers
FRESH = re.compile(r"(^|/)(fresh[^/]*|risk[^/]*-fresh[^/]*|themes-holdout[^/]*)(/|$)")
SCORED = ROOT / "data" / "scored"
UNSCORED = ROOT / "data" / "unscored"


def refused(path: Path, scored: Path = SCORED, unscored: Path = UNSCORED) -> bool:
    """True for a set that is still held out: in data/unscored/, or named FRESH outside data/scored/."""
    resolved = path.resolve()
    if resolved.is_relative_to(unscored.resolve()):
        return True
    if resolved.is_relative_to(scored.resolve()):
        return False
    return bool(FRESH.search(str(resolved)))


def problems(row: dict, writer: str) -> str | None:
    if not str(row.get("text", "")).strip():
        return "no text"
    if row.get("label") not in corpus.LABELS:
        return f"label {row.get('label')!r}"
    if row["label"] in ("crisis", "concern") and row.get("category") not in rules.CATEGORIES:
        return f"category {row.get('category')!r}"
    if row.get("writer") != writer:
        return "another writer's name"
    return None


def import_file(path: Path, out_dir: Path = corpus.CORPUS_DIR, nlu_examples: list[str] | None = None) -> list[str]:
    """Write ``out_dir/<writer>.jsonl`` from ``path``; return the report lines."""
    from rapidfuzz import fuzz, process

    if refused(path):
        raise SystemExit(f"refused: {path} is in a FRESH or hold-out folder (scored once, never trained on)")
    writer = path.stem
    rows = corpus.load_file(path)
    others = [fold(r["text"]) for p in corpus.files(out_dir) if p.stem != writer for r in corpus.load_file(p)
              if len(r["text"]) >= SHORT]
    examples = [e for e in (nlu_examples or []) if len(e.split()) >= 4]
    kept, report, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        reason = problems(row, writer)
        folded = fold(row.get("text", ""))
        if reason is None and folded in seen:
            reason = "repeats an earlier line of the same writer"
        if reason is None and len(row["text"]) >= SHORT and others:
            match = process.extractOne(folded, others, scorer=fuzz.ratio, score_cutoff=NEAR)
            if match is not None:
                reason = f"near-duplicate (ratio {match[1]:.0f}) of another writer's message"
        if reason is None and examples:  # any length: "ik weet het niet" must not be both
            match = process.extractOne(folded, examples, scorer=fuzz.ratio, score_cutoff=NEAR)
            if match is not None:
                reason = f"near-duplicate (ratio {match[1]:.0f}) of a Rasa training example"
        if reason:
            report.append(f"  {writer} line {number}: left out, {reason}")
            continue
        seen.add(folded)
        kept.append(row)
    target = out_dir / f"{writer}.jsonl"
    with open(target, "w", encoding="utf-8") as fh:
        for row in kept:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = {label: sum(r["label"] == label for r in kept) for label in corpus.LABELS}
    report.insert(0, f"{writer}: {len(kept)} of {len(rows)} lines -> {target} {counts}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    examples = corpus.nlu_examples()
    for path in args.files:
        for line in import_file(path, nlu_examples=examples):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
