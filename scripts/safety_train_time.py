"""How long the shipped risk model takes to build from scratch: ``bot.safety.model.ensure()``
into an empty models folder, as a clean clone's ``intake train`` (and so ``make test``) does it.

    .venv/bin/python scripts/safety_train_time.py            print one line
    .venv/bin/python scripts/safety_train_time.py --write    also append it to docs/benchmarks.md

It prints the wall and CPU time, the thresholds the model got, the screen version and the load
average before and after (the machine has two cores: a busy one doubles the figure).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCHMARKS = ROOT / "docs" / "benchmarks.md"
HEADER = ("\n## Risk model from scratch (history)\n\n"
          "`scripts/safety_train_time.py --write`: `bot.safety.model.ensure()` into an empty models folder "
          "(what a clean clone's `intake train` does before `make test`).\n\n"
          "| date (UTC) | commit | screen | writers | wall s | CPU s | thresholds crisis / check-in / agreement | load before / after |\n"
          "|---|---|---|---|---|---|---|---|\n")


def measure() -> dict:
    import joblib

    from bot.safety import model

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu = time.monotonic(), time.process_time()
        target = model.ensure(Path(tmp))
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        risk = joblib.load(target)
    t = risk.thresholds
    return {"version": risk.version, "writers": len(risk.writers), "wall": wall, "cpu": cpu,
            "thresholds": f"{t.crisis:.2f} / {t.check_in:.2f} / {t.agreement:.2f}",
            "load": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"}


def commit() -> str:
    import subprocess

    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "bot", "data"],
                           capture_output=True, text=True).stdout.strip()
    return (out.stdout.strip() or "?") + ("+changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="append the line to docs/benchmarks.md")
    parser.add_argument("--commit", help="the commit to name (for a copy of the code outside git, e.g. git archive)")
    args = parser.parse_args(argv)
    m = measure()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    row = (f"| {stamp} | {args.commit or commit()} | {m['version'][:8]} | {m['writers']} | {m['wall']:.0f} | {m['cpu']:.0f} | "
           f"{m['thresholds']} | {m['load']} |\n")
    print(HEADER.strip().splitlines()[-2])
    print(row.strip())
    if args.write:
        text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
        if HEADER not in text:
            text += HEADER
        BENCHMARKS.write_text(text + row, encoding="utf-8")
        print(f"appended to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
