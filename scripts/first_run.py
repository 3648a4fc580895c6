"""How long a new user waits: `make run` on a clean clone of this repository, timed until `ready`.

    python scripts/first_run.py [--source PATH] [--keep] [--no-write]

Clones the repository (committed state of HEAD) into a temporary folder and runs `make run` there
twice on free ports: the first run (create .venv, install, train the Rasa model and the risk
classifier, start every process) and a second run with nothing changed (no install, no training).
Each is timed from the command until the supervisor logs `ready`, then stopped with Ctrl-C.
The phases of the first run are read from the clone's files as they appear: `.venv/.installed`
(bootstrap done) and `models/intake.hash.json` (Rasa model trained; its own training seconds are
in that file). Prints the figures and appends them to docs/benchmarks.md with the machine, its
load at the start and the date. pip's download cache is whatever this machine has: say so when
quoting the install time.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench import machine  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_make_run(clone: Path, env: dict[str, str], limit_s: float, log_path: Path) -> dict[str, float | None]:
    """Runs `make run` in clone until `ready` is logged; returns the seconds of each phase seen."""
    started = time.monotonic()
    marks: dict[str, float | None] = {"installed": None, "model": None, "ready": None}
    loads: list[float] = []
    installed = clone / ".venv" / ".installed"
    model_stamp = clone / "models" / "intake.hash.json"
    had_install, had_model = installed.exists(), model_stamp.exists()
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(["make", "run"], cwd=clone, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        ready = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                if b"ready:" in line and not ready.is_set():
                    marks["ready"] = time.monotonic() - started
                    ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            while not ready.is_set() and proc.poll() is None and time.monotonic() - started < limit_s:
                if marks["installed"] is None and not had_install and installed.exists():
                    marks["installed"] = time.monotonic() - started
                if marks["model"] is None and not had_model and model_stamp.exists():
                    marks["model"] = time.monotonic() - started
                loads.append(os.getloadavg()[0])
                ready.wait(1.0)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            reader.join(timeout=5)
    marks["load_mean"] = sum(loads) / len(loads) if loads else None
    marks["load_max"] = max(loads) if loads else None
    return marks


def minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f} min"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=str(ROOT), help="repository to clone (default: this one)")
    parser.add_argument("--limit", type=float, default=90 * 60, help="give up a run after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = base / "jeugdintake"
    subprocess.run(["git", "clone", "-q", args.source, str(clone)], check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, check=True,
                            capture_output=True, text=True).stdout.strip()
    # A new user's shell: no INTAKE_* settings, no active virtualenv, no pyenv version chosen.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INTAKE_", "VIRTUAL_ENV", "PYENV_VERSION", "CI"))}
    env.update(INTAKE_RASA_PORT=str(free_port()), INTAKE_ACTION_PORT=str(free_port()),
               INTAKE_WEB_PORT=str(free_port()))
    load = os.getloadavg()[0]
    log_path = base / "make-run.log"
    print(f"clone {clone} at {commit}; log {log_path}; load {load:.2f}", flush=True)
    first = timed_make_run(clone, env, args.limit, log_path)
    second = timed_make_run(clone, env, args.limit, log_path)
    stamp = clone / "models" / "intake.hash.json"
    train_s = json.loads(stamp.read_text()).get("seconds") if stamp.exists() else None

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ok = first["ready"] is not None and second["ready"] is not None
    lines = [
        f"\n## make bench-first-run — {now}\n",
        f"Machine: {machine()}; load average {load:.2f} at the start, during the first run mean "
        f"{first['load_mean'] or 0:.1f} and max {first['load_max'] or 0:.1f} (other jobs on the machine count too). "
        f"Clean clone of {commit}; pip's download cache as this machine has it.\n",
        "| run | bootstrap done | Rasa model trained (its own training time) | ready |",
        "|---|---|---|---|",
        f"| first `make run` | {minutes(first['installed'])} | {minutes(first['model'])} ({minutes(train_s)}) "
        f"| {minutes(first['ready'])} |",
        f"| second `make run`, nothing changed | — | — | {minutes(second['ready'])} |",
    ]
    if not ok:
        lines.append(f"\nA run did not reach `ready` within {args.limit / 60:.0f} minutes; see {log_path}.")
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.no_write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(report)
    if not args.keep:
        subprocess.run(["rm", "-rf", str(clone)], check=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
