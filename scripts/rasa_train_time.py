"""How long the Rasa model takes to train from scratch, per component, as a clean clone's
``intake train`` (and so ``make test`` in CI) does it.

    .venv/bin/python scripts/rasa_train_time.py            print the table
    .venv/bin/python scripts/rasa_train_time.py --write    also append it to docs/benchmarks.md
    .venv/bin/python scripts/rasa_train_time.py --from-log var/log/train.log [--write]
                                                           read the last training in an intake train log
                                                           instead of training (no load average then)
    make bench-train                                       the same with --write

It trains nlu_data/ into a temporary folder with an empty Rasa cache (so nothing is restored
from an earlier training), reads the start and end of every component from Rasa's own log lines
and prints the seconds per component, the total, the nlu_data hash and the load average before
and after (the machine has two cores: a busy one doubles the figures).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCHMARKS = ROOT / "docs" / "benchmarks.md"
LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) .*rasa\.engine\.training\.hooks\s+- "
                  r"(Starting to train|Finished training) component '([^']+)'")


DEFAULT_SOURCE = ("`scripts/rasa_train_time.py --write` (`make bench-train`): `rasa train` of nlu_data/ with an "
                  "empty cache, as a clean clone's `intake train`.")


def components(log: str) -> list[tuple[str, float]]:
    """(component, seconds) in training order, from Rasa's hook lines ("Starting to train
    component 'X'" ... "Finished training component 'X'"); a component Rasa trained twice under
    the same name (two CountVectorsFeaturizers) is numbered."""
    started: dict[str, datetime] = {}
    done: list[tuple[str, float]] = []
    seen: dict[str, int] = {}
    for line in log.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        stamp, what, name = m.groups()
        at = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
        if what == "Starting to train":
            started[name] = at
        elif name in started:
            seen[name] = seen.get(name, 0) + 1
            label = name if seen[name] == 1 else f"{name} ({seen[name]})"
            done.append((label, (at - started.pop(name)).total_seconds()))
    return done


def measure() -> dict:
    from bot.training import nlu_hash

    rasa = str(Path(sys.executable).parent / "rasa")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache"), LOG_LEVEL="INFO")
        started = time.monotonic()
        run = subprocess.run(
            [rasa, "train", "--config", "nlu_data/config.yml", "--data", "nlu_data/data",
             "--domain", "nlu_data/domain", "--out", str(Path(tmp) / "out"), "--fixed-model-name", "timing"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.monotonic() - started
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(f"rasa train failed with exit code {run.returncode}")
    return {"hash": nlu_hash(ROOT / "nlu_data")[:8], "wall": wall, "components": components(run.stdout + run.stderr),
            "load": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"}


def from_log(path: Path) -> dict:
    """The last training in a log that `intake train` appended to: its components, and as the
    whole training the span from its first component's start to its last component's end."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")
    done = text.split("Your Rasa model is trained")[:-1]  # every complete training ends with it
    if not done:
        raise SystemExit(f"no finished training found in {path}")
    text = done[-1]
    stamps = [datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S") for m in map(LINE.match, text.splitlines()) if m]
    from bot.training import nlu_hash

    return {"hash": nlu_hash(ROOT / "nlu_data")[:8], "wall": (stamps[-1] - stamps[0]).total_seconds(),
            "components": components(text), "load": "not recorded",
            "source": f"`scripts/rasa_train_time.py --from-log {path.name}`: the last training `intake train` logged "
                      "(whole training = first component's start to last component's end)."}


def commit() -> str:
    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "nlu_data"],
                           capture_output=True, text=True).stdout.strip()
    return (out.stdout.strip() or "?") + ("+changes" if dirty else "")


def table(result: dict, when: str, rev: str) -> str:
    rows = "".join(f"| {name} | {seconds:.0f} |\n" for name, seconds in result["components"] if seconds >= 1)
    return (f"\n## Rasa training from scratch — {when}, commit {rev}, nlu_data {result['hash']}\n\n"
            f"{result.get('source', DEFAULT_SOURCE)} Load average before / after: {result['load']}.\n\n"
            f"| component | seconds |\n|---|---|\n{rows}| **whole training (wall)** | **{result['wall']:.0f}** |\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    parser.add_argument("--from-log", type=Path, help="read the last training in this intake train log")
    args = parser.parse_args(argv)
    result = from_log(args.from_log) if args.from_log else measure()
    text = table(result, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit())
    print(text)
    if args.write:
        with BENCHMARKS.open("a", encoding="utf-8") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
