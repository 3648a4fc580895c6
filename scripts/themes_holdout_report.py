"""Append the hold-out writers' table (written by tests/conversation/test_themes_holdout.py to
var/themes-holdout.md, with its time and the model's nlu_data hash) to docs/benchmarks.md.

Run by `make themes-holdout` after the test; the figures in the docs come from the test's own
output, never typed by hand. A table already appended (same first line) is not appended twice.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "var" / "themes-holdout.md"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"


def main() -> int:
    if not REPORT.exists():
        print(f"{REPORT.relative_to(ROOT)} is missing: run tests/conversation/test_themes_holdout.py first",
              file=sys.stderr)
        return 1
    stamp, _, table = REPORT.read_text(encoding="utf-8").partition("\n")
    heading = f"## Themes reached by hold-out writers through the stack — {stamp.strip()}"
    docs = BENCHMARKS.read_text(encoding="utf-8")
    if heading in docs:
        print(f"already in {BENCHMARKS.relative_to(ROOT)}: {heading}")
        return 0
    section = (f"\n{heading}\n\nPrinted by tests/conversation/test_themes_holdout.py, appended by "
               f"scripts/themes_holdout_report.py.\n{table.rstrip()}\n")
    BENCHMARKS.write_text(docs.rstrip("\n") + "\n" + section, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
