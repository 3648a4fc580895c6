"""`make bench-scale`: throughput and reply times with one and with two Rasa servers.

It starts the several-instances system of the tests (PostgreSQL, Redis, two action servers, two
Rasa servers, two bot apps in webhook mode; tests/support/several.py) and the fake Bot API as
Telegram behind a load balancer. Each concurrency lane plays chats of 6 typed messages, one
message after the bot's first reply to the one before (so the per-person flood limit never
triggers), and the reply time is from the webhook POST to the bot's first sendMessage (the fake's
server-side clock). First the bot apps use one Rasa server, then both; at 32 and 64 concurrent
chats each. It also counts PostgreSQL transactions and Redis commands per message.

Prints the figures, the machine and its load, appends them to docs/benchmarks.md, and rewrites
the generated part of docs/scaling.md (the capacity model: its assumptions are the constants
below, the measurements come from this run).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench import TEXTS, machine, summary  # noqa: E402
from tests.support.several import Deliverer, running_system, use_rasa_servers  # noqa: E402

MESSAGES_PER_CHAT = 6

# The capacity model's assumptions (not measurements; docs/scaling.md explains them).
PEAK_CONVERSATIONS_PER_PRACTICE = 4     # conversations going on in a practice's busiest evening hour
MESSAGES_PER_CONVERSATION_HOUR = 20     # messages a person sends in that hour
TARGET_UTILISATION = 0.5                # run Rasa at half its measured saturation, for bursts
POSTGRES_TX_PER_S = 2000                # what a small dedicated PostgreSQL (2 vCPU, SSD) sustains
REDIS_OPS_PER_S = 50000                 # what one Redis core sustains with small commands


class FirstReply:
    """Wakes the waiter of a chat when the fake Bot API records the bot's next message to it."""

    def __init__(self, fake):
        self._waiters: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}
        self._lock = threading.Lock()
        original = fake._record_sent

        def record(p, extra):
            msg = original(p, extra)
            with self._lock:
                waiter = self._waiters.pop(int(p["chat_id"]), None)
            if waiter is not None:
                loop, fut = waiter
                at = time.perf_counter()
                loop.call_soon_threadsafe(lambda: fut.done() or fut.set_result(at))
            return msg

        fake._record_sent = record

    def expect(self, chat: int) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        with self._lock:
            self._waiters[chat] = (loop, fut)
        return fut


def counters(system) -> tuple[int, int]:
    """(PostgreSQL commits in the database, Redis commands processed) so far."""
    import psycopg2
    import redis

    conn = psycopg2.connect(system["pg"].url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
        commits = cur.fetchone()[0]
    finally:
        conn.close()
    commands = redis.Redis(host="127.0.0.1", port=system["redis"].port).info("stats")["total_commands_processed"]
    return commits, commands


async def run_load(system, first: FirstReply, chats: int, rounds: int, base_chat: int) -> dict:
    fake, deliverer = system["fake"], Deliverer(system["apps"])
    before = counters(system)
    latencies: list[float] = []
    lost = 0

    async def lane(client, i: int) -> None:
        nonlocal lost
        for r in range(rounds):
            chat = base_chat + i * 1000 + r // MESSAGES_PER_CHAT
            text = TEXTS[(i + r) % len(TEXTS)]
            fut = first.expect(chat)
            t0 = time.perf_counter()
            await deliverer.deliver(client, fake.text_update(chat, text))
            try:
                latencies.append(await asyncio.wait_for(fut, 120) - t0)
            except asyncio.TimeoutError:
                lost += 1
            await asyncio.sleep(0.3)  # the rest of this turn's replies

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=128)) as client:
        await asyncio.gather(*(lane(client, i) for i in range(chats)))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(2)  # the last turns' transcript writes
    after = counters(system)
    n = max(len(latencies), 1)
    return {"chats": chats, "messages": len(latencies), "lost": lost, "seconds": elapsed,
            "per_s": len(latencies) / elapsed, "tx_per_msg": (after[0] - before[0]) / n,
            "redis_per_msg": (after[1] - before[1]) / n, **summary(latencies)}


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def write_report(rows: list[dict], notes: dict, path: Path) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## make bench-scale — {now}\n", f"Machine: {machine()}.",
             f"Load average (1/5/15 min) at the start: {notes['load_start']}; at the end: {notes['load_end']} "
             f"(other engineers' jobs share the machine; the benchmark runs under nice).", "",
             "PostgreSQL + Redis, two bot apps (webhook, round-robin), two action servers; reply time = "
             "webhook POST to the first sendMessage.", "",
             "| Rasa servers | chats | messages | msg/s | p50 ms | p95 ms | lost |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['rasa']} | {r['chats']} | {r['messages']} | {r['per_s']:.1f} | {r['p50']:.0f} | "
                     f"{r['p95']:.0f} | {r['lost']} |")
    lines.append("")
    lines.append(f"- Rasa servers ready after {notes['rasa_ready_s']:.0f} s (both loading at once).")
    lines.append(f"- Per message: {notes['tx_per_msg']:.1f} PostgreSQL transactions, {notes['redis_per_msg']:.1f} "
                 "Redis commands (mean over the runs).")
    text = "\n".join(lines) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    return text


def capacity_model(rows: list[dict], notes: dict) -> str:
    """The generated part of docs/scaling.md."""
    best = {r["rasa"]: max(x["per_s"] for x in rows if x["rasa"] == r["rasa"]) for r in rows}
    one, two = best.get(1, 0.0), best.get(2, 0.0)
    per_practice = PEAK_CONVERSATIONS_PER_PRACTICE * MESSAGES_PER_CONVERSATION_HOUR / 3600
    practices_per_rasa = one * TARGET_UTILISATION / per_practice if per_practice else 0
    pg_limit = POSTGRES_TX_PER_S / notes["tx_per_msg"] if notes["tx_per_msg"] else float("inf")
    redis_limit = REDIS_OPS_PER_S / notes["redis_per_msg"] if notes["redis_per_msg"] else float("inf")
    p95 = {(r["rasa"], r["chats"]): r["p95"] for r in rows}
    lines = [
        f"Measured {notes['date']} by `make bench-scale` on {notes['machine']}; load average "
        f"{notes['load_start']} at the start, {notes['load_end']} at the end.",
        "",
        f"- Saturation with **one Rasa server: {one:.1f} messages/s**; with two: {two:.1f} messages/s "
        f"({two / one if one else 0:.2f}×) on the same {os.cpu_count()} cores. One Rasa server uses one "
        f"core for its model, so {one:.1f} messages/s is the figure **per Rasa core**; the second server "
        "on this machine competes with the first and with everything else for the same two cores.",
        "- p95 reply time: " + ", ".join(f"{k[0]} Rasa / {k[1]} chats {v / 1000:.1f} s" for k, v in sorted(p95.items())) + ".",
        f"- An evening-peak practice sends {per_practice * 3600:.0f} messages an hour ({per_practice:.3f}/s: "
        f"{PEAK_CONVERSATIONS_PER_PRACTICE} conversations × {MESSAGES_PER_CONVERSATION_HOUR} messages). At "
        f"{TARGET_UTILISATION:.0%} of saturation one Rasa core serves **about {practices_per_rasa:.0f} practices**; "
        f"a bot app instance (its own cost per message is small) keeps up with several Rasa servers.",
        f"- Each message costs {notes['tx_per_msg']:.1f} PostgreSQL transactions and {notes['redis_per_msg']:.1f} "
        f"Redis commands. A small dedicated PostgreSQL ({POSTGRES_TX_PER_S} transactions/s) carries about "
        f"{pg_limit:.0f} messages/s, i.e. {pg_limit / one if one else 0:.0f} Rasa cores; one Redis core "
        f"({REDIS_OPS_PER_S} commands/s) about {redis_limit:.0f} messages/s.",
    ]
    return "\n".join(lines)


def write_scaling(text: str, path: Path) -> None:
    doc = path.read_text(encoding="utf-8")
    begin, end = "<!-- bench-scale:begin -->", "<!-- bench-scale:end -->"
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12, help="messages per lane")
    parser.add_argument("--chats", type=int, nargs="+", default=[32, 64])
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args()
    notes = {"load_start": load_average()}
    rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, \
            running_system(Path(tmp), rasa_servers=2, bot_apps=2) as system:
        notes["rasa_ready_s"] = time.monotonic() - started
        first = FirstReply(system["fake"])
        ports = system["rasa_ports"]
        base = 20_000_000
        for rasa_count in (1, 2):
            for app in system["apps"]:
                use_rasa_servers(app, ports[:rasa_count])
            # Warm up: the first messages after a start are slow on every server.
            asyncio.run(run_load(system, first, 8, 4, base))
            base += 1_000_000
            for chats in args.chats:
                result = asyncio.run(run_load(system, first, chats, args.rounds, base))
                base += 1_000_000
                rows.append({"rasa": rasa_count, **result})
                print(f"rasa={rasa_count} chats={chats}: {result['per_s']:.1f} msg/s, p50 {result['p50']:.0f} ms, "
                      f"p95 {result['p95']:.0f} ms, lost {result['lost']}", flush=True)
    notes["load_end"] = load_average()
    notes["tx_per_msg"] = sum(r["tx_per_msg"] for r in rows) / len(rows)
    notes["redis_per_msg"] = sum(r["redis_per_msg"] for r in rows) / len(rows)
    notes["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    notes["machine"] = machine()
    model = capacity_model(rows, notes)
    print(model)
    if args.no_write:
        return 0
    print(write_report(rows, notes, ROOT / "docs" / "benchmarks.md"))
    write_scaling(model, ROOT / "docs" / "scaling.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
