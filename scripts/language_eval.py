"""How often the conversation would switch language (bot.langid.clearly_written_in), per writer,
on writers' messages labelled with the language they are written in.

    .venv/bin/python scripts/language_eval.py [--write] [FILE.jsonl ...]

Without files: the risk writers in data/risk/ (labels: lang = nl, en, mixed, tr, ar, pl, uk). The
thresholds of bot.langid were chosen on the NLU writers (not in this repository's data/), never on
these. Per writer and label: how many messages would switch a Dutch conversation to English ("to en"),
and how many read as clearly Dutch ("to nl": that never switches; the switch only goes to English).
What a user would notice: a Dutch message switched to English ("nl -> en", must be ~0), an English
message left in Dutch ("en -> en" low), a Turkish or Arabic message switched to English (must be 0).
--write appends the table to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.langid import MIN_CONFIDENCE, MIN_WORDS, clearly_written_in, warm_up  # noqa: E402

LABELS = ("nl", "en", "mixed", "other")


def rows_of(paths: list[Path]) -> list[tuple[str, str, str]]:
    rows = []
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                row = json.loads(raw)
                rows.append((row.get("writer") or path.stem, row.get("lang") or "?", row["text"]))
    return rows


def table(rows: list[tuple[str, str, str]]) -> tuple[str, float]:
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    started = time.perf_counter()
    for writer, lang, text in rows:
        label = lang if lang in LABELS else "other"
        got = clearly_written_in(text)
        cell = counts[writer][label]
        cell[0] += got == "en"
        cell[1] += got == "nl"
        cell[2] += 1
    ms = (time.perf_counter() - started) * 1000 / max(len(rows), 1)
    lines = ["| writer | " + " | ".join(f"{lab}: to en / to nl / n" for lab in LABELS) + " |",
             "|---|" + "---|" * len(LABELS)]
    totals = {lab: [0, 0, 0] for lab in LABELS}
    for writer in sorted(counts):
        cells = []
        for lab in LABELS:
            en, nl, n = counts[writer][lab]
            for i, v in enumerate((en, nl, n)):
                totals[lab][i] += v
            cells.append(f"{en} / {nl} / {n}" if n else "-")
        lines.append(f"| {writer} | " + " | ".join(cells) + " |")
    lines.append("| all | " + " | ".join(f"{en} / {nl} / {n}" for en, nl, n in totals.values()) + " |")
    return "\n".join(lines), ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    args = parser.parse_args()
    paths = args.files or sorted((ROOT / "data" / "risk").glob("*.jsonl"))
    warm_up()
    report, ms = table(rows_of(paths))
    head = (f"Language switch (bot.langid, at least {MIN_WORDS} words, confidence >= {MIN_CONFIDENCE}) on "
            f"{', '.join(p.name for p in paths) if args.files else 'the risk writers in data/risk/'}; "
            f"to en: switches a Dutch conversation to English; to nl: clearly Dutch (no switch); n: messages; "
            f"{ms:.2f} ms per message; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"{platform.machine()}, {platform.python_version()}:")
    print(head)
    print(report)
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(f"\n### Language switch\n\n{head}\n\n{report}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
