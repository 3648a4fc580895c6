"""The shipped safety screen's cost in a fresh process: warm-up, CPU and wall time per message,
memory. Imported by scripts/safety_eval.py in a new interpreter; prints one line."""

from __future__ import annotations

import os
import statistics
import time


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: reset at exec, unlike getrusage's maxrss)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure() -> str:
    before = _peak_rss_mb()
    from bot.safety import corpus, screen
    from bot.safety.screen import warm_up

    t0 = time.monotonic()
    warm_up()
    load_s = time.monotonic() - t0
    texts = [r["text"] for r in corpus.load()][:400]
    samples = []
    cpu0 = time.thread_time()
    for text in texts:
        t = time.perf_counter()
        screen(text)
        samples.append((time.perf_counter() - t) * 1000)
    cpu = (time.thread_time() - cpu0) * 1000 / len(texts)
    samples.sort()
    after = _peak_rss_mb()
    return (f"Shipped screen in a fresh process: warm-up (vocabularies, classifier, language detector) {load_s:.1f} s; "
            f"per message {cpu:.1f} ms CPU, wall median {statistics.median(samples):.1f} ms, "
            f"p99 {samples[int(len(samples) * 0.99)]:.1f} ms; peak RSS {before:.0f} MB at start, "
            f"{after:.0f} MB after (+{after - before:.0f} MB for the screen) "
            f"(load average {os.getloadavg()[0]:.1f}).")
