"""Append the hold-out writers' table (written by tests/conversation/test_themes_holdout.py to
var/themes-holdout.md, with its time, the model's nlu_data hash and the safety screen's version)
to docs/benchmarks.md.

Run by `make themes-holdout` after the test; the figures in the docs come from the test's own
output, never typed by hand. A table already appended (same first line) is not appended twice.

    themes_holdout_report.py                     append var/themes-holdout.md
    themes_holdout_report.py --check-fresh DIR   exit 1 when DIR's writers were already scored (a
                                                 fresh folder is scored once: after that it is read)
    themes_holdout_report.py --rescored WHY      append a table of a folder scored before, labelled
                                                 as scored again and why (e.g. a harness defect was
                                                 fixed); never as a fresh figure
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REPORT = ROOT / "var" / "themes-holdout.md"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"


def already_scored(directory: Path) -> bool:
    from tests.support.themes_holdout import fingerprint

    return f"data {fingerprint(directory)})" in BENCHMARKS.read_text(encoding="utf-8")


def append(rescored: str | None = None) -> int:
    if not REPORT.exists():
        print(f"{REPORT} is missing: run tests/conversation/test_themes_holdout.py first",
              file=sys.stderr)
        return 1
    stamp, _, table = REPORT.read_text(encoding="utf-8").partition("\n")
    fresh = "FRESH writers" in stamp
    who = "FRESH hold-out writers (scored once, never tuned on)" if fresh else "hold-out writers"
    if fresh and rescored:
        who = "hold-out writers of a folder scored before, SCORED AGAIN"
    heading = f"## Themes reached by {who} through the stack — {stamp.strip()}"
    docs = BENCHMARKS.read_text(encoding="utf-8")
    if heading in docs:
        print(f"already in {BENCHMARKS.name}: {heading}")
        return 0
    note = (" The kept set's floors do not apply to a fresh set: every case is scored as it comes; from now on these "
            "writers are read (a tuning set), and the next fresh figure needs new writers.") if fresh else ""
    if fresh and rescored:
        note = f" Scored again, so not a fresh figure: {rescored}"
    section = (f"\n{heading}\n\nPrinted by tests/conversation/test_themes_holdout.py, appended by "
               f"scripts/themes_holdout_report.py.{note}\n{table.rstrip()}\n")
    BENCHMARKS.write_text(docs.rstrip("\n") + "\n" + section, encoding="utf-8")
    print(section)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-fresh", type=Path, metavar="DIR")
    parser.add_argument("--rescored", metavar="WHY", help="label a folder's second scoring and say why")
    args = parser.parse_args(argv)
    if args.check_fresh is not None:
        directory = args.check_fresh.expanduser().resolve()
        if directory == (ROOT / "tests" / "data" / "themes_holdout").resolve():
            print("tests/data/themes_holdout is the kept hold-out set, read while tuning: not fresh", file=sys.stderr)
            return 1
        if not any(directory.glob("*.jsonl")):
            print(f"{directory}: no <writer>.jsonl files", file=sys.stderr)
            return 1
        if already_scored(directory):
            print(f"{directory} was already scored (its table is in docs/benchmarks.md): a fresh figure needs "
                  "new writers", file=sys.stderr)
            return 1
        return 0
    return append(args.rescored)


if __name__ == "__main__":
    sys.exit(main())
