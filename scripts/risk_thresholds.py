"""Choose the shipped risk thresholds and keep them in data/risk-thresholds.json with their key.

    .venv/bin/python scripts/risk_thresholds.py           compute (a model per corpus writer) and write
    .venv/bin/python scripts/risk_thresholds.py --check   say whether the kept file is current (no fitting)

The thresholds are chosen exactly as training chose them before they were kept
(:func:`bot.safety.kept_thresholds.compute`: :func:`choose_thresholds` on out-of-writer predictions
of the whole corpus); the key is the corpus, the code that decides them and the library versions
(:func:`bot.safety.kept_thresholds.key_parts`). `make risk-thresholds` runs this; commit the file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import corpus, kept_thresholds  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the kept file is current")
    args = parser.parse_args(argv)
    where = kept_thresholds.PATH.relative_to(ROOT)
    if args.check:
        reason = kept_thresholds.stale()
        print(reason or f"{where} is current (key {kept_thresholds.current_key()})")
        return 1 if reason else 0
    parts = kept_thresholds.key_parts()
    rows = corpus.load()
    started = time.monotonic()
    thresholds = kept_thresholds.compute(rows)
    if kept_thresholds.key_parts() != parts:
        print("the corpus or the code changed while the thresholds were chosen: run it again", file=sys.stderr)
        return 1
    data = kept_thresholds.write(thresholds, rows, parts)
    t = data["thresholds"]
    print(f"{where}: crisis {t['crisis']:.2f} / check-in {t['check_in']:.2f} / agreement {t['agreement']:.2f} "
          f"for {data['messages']} messages by {len(data['writers'])} writers, key {data['key']} "
          f"(chosen in {time.monotonic() - started:.0f} s)")
    for unmet in thresholds.unmet:
        print(f"  cap not met on the training writers: {unmet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
