"""Put new writers' evaluation files into data/unscored/<set>/ without anyone reading them.

    .venv/bin/python scripts/hold_out_set.py fresh26-short /work/team/writers/fresh26-short/*.jsonl

Each file is one writer's set (the brief's format, bot.safety.corpus). Lines are left out
mechanically, never by reading them:

- lines that are not valid (the same checks as scripts/import_risk_writers.py: text, label,
  category, the file's writer);
- a repeat of a line the same writer already wrote;
- a near-duplicate (rapidfuzz ratio >= 90 on the folded text, 25 characters or longer) of a message
  in the risk corpus (data/risk/, or the corpora given with ``--against``, e.g. a candidate's):
  a stranger's figure must not count a message the model was trained on under another name.

Only counts are printed (per writer and per reason), never a message. The set is scored once
(`make safety-fresh FRESH=data/unscored/<set>`) and then moved to data/scored/ with a README row.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from import_risk_writers import NEAR, SHORT, problems  # noqa: E402  (the importer's checks and limits)

from bot.safety import corpus  # noqa: E402
from bot.safety.fold import fold  # noqa: E402

UNSCORED = ROOT / "data" / "unscored"


def _lines(path: Path) -> list[dict | None]:
    """The file's rows; None for a line that is not a JSON object."""
    rows: list[dict | None] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        rows.append(row if isinstance(row, dict) else None)
    return rows


def hold_out(paths: list[Path], target: Path, against: list[Path]) -> list[str]:
    """Write each writer's kept lines to ``target/<writer>.jsonl``; return the report (counts only)."""
    from rapidfuzz import fuzz, process

    known = [fold(r["text"]) for d in against for p in corpus.files(d) for r in corpus.load_file(p)
             if len(r["text"]) >= SHORT]
    target.mkdir(parents=True, exist_ok=True)
    report = []
    for path in paths:
        writer = path.stem
        if (target / path.name).exists():
            raise SystemExit(f"{target / path.name} exists: a set is held out once")
        kept, seen, left = [], set(), Counter()
        for row in _lines(path):
            if row is None:
                left["not a JSON object"] += 1
                continue
            reason = problems(row, writer)
            folded = fold(row.get("text", ""))
            if reason is None and folded in seen:
                reason = "repeat"
            if reason is None and len(row["text"]) >= SHORT and known and \
                    process.extractOne(folded, known, scorer=fuzz.ratio, score_cutoff=NEAR) is not None:
                reason = "near-duplicate of a corpus message"
            if reason:
                left[reason.split(" '")[0]] += 1
                continue
            seen.add(folded)
            kept.append(row)
        with open(target / path.name, "w", encoding="utf-8") as fh:
            for row in kept:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        labels = Counter(r["label"] for r in kept)
        report.append(f"{writer}: {len(kept)} kept ({dict(sorted(labels.items()))}), left out: "
                      f"{dict(left) or 'none'}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="the set's folder name under data/unscored/, e.g. fresh26-short")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--against", nargs="*", type=Path, default=[corpus.CORPUS_DIR],
                        help="risk corpora whose messages the set must not repeat (default data/risk/)")
    args = parser.parse_args(argv)
    for line in hold_out(args.files, UNSCORED / args.name, args.against):
        print(line)
    print(f"held out in {(UNSCORED / args.name).relative_to(ROOT)}: add a row to data/unscored/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
