"""How long each round of a `make test` run took, read from its log.

    .venv/bin/python scripts/test_time.py make-test.log [--label "clean clone of abc123"] [--write]

Reads pytest's two summary lines (round 1: the tests that need no Rasa model; the stack round),
`intake train`'s "trained … in N s" line and, when the run was wrapped as `.ci/run` is on CI, a last
line "EXIT <code> after <N> s". Prints one table row; --write adds it as the last row of the table
under "make test, round by round" in docs/benchmarks.md (heading and table made the first time).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## make test, round by round"
INTRO = ("Rows written by `scripts/test_time.py LOG --write` from a `make test` log (CI-like runs: a clean clone, "
         "`CI=true .ci/run`). Round 1 = lint excluded, the tests that need no Rasa model; training = `intake train`'s "
         "own figure (absent when the model was up to date); stack = the tests on the real system; whole = the "
         "wrapper's wall time including bootstrap.")
SUMMARY = re.compile(r"^(?:=+ )?(?P<counts>\d+ (?:passed|failed|errors?|skipped|deselected)\b.*?) in (?P<s>[\d.]+)s")
TRAINED = re.compile(r"trained intake\.tar\.gz in (?P<s>\d+) s")
EXIT = re.compile(r"^EXIT (?P<code>\d+) after (?P<s>\d+) s")


def read(log: str) -> dict:
    rounds, trained, whole = [], None, None
    for line in log.splitlines():
        if m := SUMMARY.match(line.strip()):
            rounds.append((m["counts"].strip(" ="), float(m["s"])))
        elif m := TRAINED.search(line):
            trained = int(m["s"])
        elif m := EXIT.match(line.strip()):
            whole = (int(m["code"]), int(m["s"]))
    if not rounds:
        raise SystemExit("no pytest summary line in the log")
    return {"round1": rounds[0], "stack": rounds[1] if len(rounds) > 1 else None, "trained": trained, "whole": whole}


def row(result: dict, label: str) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    r1 = result["round1"]
    stack = result["stack"]
    whole = result["whole"]
    cells = [when, label or rev, f"{r1[1]:.0f} ({r1[0]})",
             f"{result['trained']}" if result["trained"] is not None else "not trained",
             f"{stack[1]:.0f} ({stack[0]})" if stack else "did not run",
             f"{whole[1]} (exit {whole[0]})" if whole else "not recorded"]
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--label", default="")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    line = row(read(args.log.read_text(encoding="utf-8", errors="replace")), args.label)
    print(line)
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        path.write_text(with_row(path.read_text(encoding="utf-8"), line), encoding="utf-8")
    return 0


def with_row(text: str, line: str) -> str:
    """``text`` with ``line`` as the last row of the round-by-round table (made at the end the first time)."""
    if HEADING not in text:
        return (text.rstrip("\n") + f"\n\n{HEADING}\n\n{INTRO}\n\n| written (UTC) | run | round 1 s | training s | "
                "stack round s | whole s |\n|---|---|---|---|---|---|\n" + line + "\n")
    lines = text.split("\n")
    at = lines.index(HEADING)
    last = max(i for i in range(at, len(lines)) if lines[i].startswith("|") and all(
        not lines[j].startswith("## ") for j in range(at + 1, i + 1)))
    return "\n".join(lines[:last + 1] + [line] + lines[last + 1:])


if __name__ == "__main__":
    sys.exit(main())
