"""Slot search benchmark: 20 workers over 8 weeks (goal: under 50 ms).

Measures (1) the pure search over in-memory data (every free slot in the horizon, and the
first 5), and (2) the same through the database (``bot.booking.service.find_slots``: loading
hours, appointments, exceptions and held slots from SQLite, then searching). About a third of
the slots are booked and a few workers are on holiday, so the search has work to skip.

    .venv/bin/python scripts/bench_slots.py [--runs 50] [--no-append]

Prints the numbers and appends a dated table to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.booking import service as B  # noqa: E402
from bot.booking.slots import Rules, search  # noqa: E402

WORKERS = 20
WEEKS = 8
NOW = datetime(2026, 11, 23, 9, 0)
HOURS = [(0, "13:00", "17:00"), (1, "09:00", "12:30"), (1, "13:30", "17:00"), (2, "08:30", "12:30"),
         (3, "09:00", "12:30"), (3, "13:30", "17:00"), (4, "08:30", "12:00")]


def build_db(path: Path):
    from bot.config import Settings
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.store.models import Practice, WeeklyHours, Worker
    from bot.store.models_booking import AvailabilityException, HeldSlot

    settings = Settings.from_env({"INTAKE_DATA_DIR": str(path), "INTAKE_DATABASE_URL": f"sqlite:///{path / 'bench.db'}",
                                  "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": "bench"})
    upgrade(settings)
    store = Store(settings)
    rng = random.Random(7)
    with store.session() as s:
        practice = Practice(code="BENCH", name="Benchpraktijk", municipality="Utrecht")
        s.add(practice)
        s.flush()
        for i in range(WORKERS):
            w = Worker(name=f"Worker {i}", calendar_token=f"bench-token-{i:04d}-xxxxxxxxxxxx")
            practice.workers.append(w)
            s.flush()
            for weekday, start, end in rng.sample(HOURS, 5):
                s.add(WeeklyHours(worker_id=w.id, practice_id=practice.id, weekday=weekday, start_time=start, end_time=end))
            if i % 5 == 0:
                s.add(AvailabilityException(worker_id=w.id, start_utc=NOW + timedelta(weeks=3),
                                            end_utc=NOW + timedelta(weeks=4), kind="holiday"))
            s.add(HeldSlot(worker_id=w.id, practice_id=practice.id, weekday=1, start_time="09:00"))
        s.flush()
        all_slots = B.find_slots(s, practice_id=practice.id, now=NOW, limit=None)
        for slot in rng.sample(all_slots, len(all_slots) // 3):
            B.book(s, practice_id=practice.id, slot_id=slot.slot_id, type_code="praktijk", now=NOW)
        practice_id = practice.id
    return store, practice_id


def timed(fn, runs: int) -> tuple[float, float, float, int]:
    """Wall-clock median and p95, and the median CPU time of this process (the work itself,
    which is what the wall clock would show on an idle machine; this one is shared)."""
    fn()  # warm up (holiday table, caches)
    samples, cpu, size = [], [], 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        size = len(fn())
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], statistics.median(cpu), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, practice_id = build_db(Path(tmp))
        with store.session() as s:
            blocks, calendar = B.load_calendar(s, practice_id=practice_id, start_utc=NOW,
                                               end_utc=NOW + timedelta(weeks=WEEKS, days=1))
            booked = sum(len(v) for v in calendar.busy.values())
            rules = Rules(lead_time=timedelta(hours=24), horizon=timedelta(weeks=WEEKS))
            results = [
                ("pure search, all free slots", *timed(lambda: search(blocks, calendar, rules, now_utc=NOW), args.runs)),
                ("pure search, first 5", *timed(lambda: search(blocks, calendar, rules, now_utc=NOW, limit=5), args.runs)),
                ("find_slots via SQLite, all", *timed(lambda: B.find_slots(s, practice_id=practice_id, now=NOW, limit=None), args.runs)),
                ("find_slots via SQLite, first 5", *timed(lambda: B.find_slots(s, practice_id=practice_id, now=NOW, limit=5), args.runs)),
            ]
        store.dispose()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = f"{platform.machine()}, {os.cpu_count()} CPU, load {load:.1f}, Python {platform.python_version()}"
    print(f"slot search: {WORKERS} workers, {WEEKS} weeks, {booked} booked appointments, {args.runs} runs ({machine})")
    for name, median, p95, cpu, size in results:
        verdict = "ok" if median < 50 else "OVER GOAL"
        print(f"  {name:<32} median {median:7.2f} ms   p95 {p95:7.2f} ms   cpu {cpu:7.2f} ms   "
              f"slots {size:5d}   median {verdict} (< 50 ms)")
    if not args.no_append:
        lines = [f"\n## Slot search — {datetime.now():%Y-%m-%d %H:%M} ({machine})\n",
                 f"`make bench-slots`: {WORKERS} workers, {WEEKS} weeks, {booked} booked, {args.runs} runs. Goal < 50 ms.\n\n",
                 "| measurement | median ms | p95 ms | CPU median ms | slots |\n", "|---|---:|---:|---:|---:|\n"]
        lines += [f"| {name} | {median:.2f} | {p95:.2f} | {cpu:.2f} | {size} |\n"
                  for name, median, p95, cpu, size in results]
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.writelines(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
