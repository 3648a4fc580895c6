"""`make bench`: latency, throughput and memory of the whole system, printed and recorded.

It starts `intake run` (Rasa, action server, bot app with Telegram in polling mode) against the
project's fake Telegram Bot API on loopback, then measures on the same texts:

- reply latency (to the first reply of each message) at 1, 8 and 32 concurrent chats, p50/p95/p99,
  for the full product path (fake Telegram update -> bot -> Rasa -> first sendMessage) and for
  bare Rasa (POST to its REST webhook), with the ratio;
- messages per second at saturation (64 chats);
- peak memory (VmHWM) of each process;
- model training time (from the last `intake train`, or `--train` to time a fresh one);
- `intake classify` throughput;
- the staff web (inbox and handover pages) with 20 concurrent staff users, p95.

Every figure is printed and appended as a dated table to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.stack import Stack, start_stack, stop_stack  # noqa: E402

# Realistic, non-crisis messages; the same list feeds both paths.
TEXTS = [
    "hallo",
    "mijn zoon van 12 wil niet meer naar school",
    "ik maak me zorgen over mijn dochter, ze piekert heel veel",
    "kost het geld?",
    "hoe lang moet ik wachten voor een afspraak",
    "ik ben 16 en ik slaap slecht door stress",
    "mijn kinderen maken de hele dag ruzie",
    "ze gamet tot 2 uur s nachts en luistert niet",
    "ben je een robot?",
    "wat doet een poh jeugd eigenlijk",
    "hij heeft elke ochtend buikpijn voor school",
    "dankjewel",
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99)}


# -- bare Rasa ------------------------------------------------------------------------------


# Each concurrency lane plays a sequence of chats of MESSAGES_PER_CHAT messages, so a lane
# stays under the per-user flood limit (8 messages per 10 s) while sending many messages.
MESSAGES_PER_CHAT = 6


def _lane_plan(lane: int, rounds: int) -> list[tuple[int, str]]:
    """(chat index within the lane, text) for every message of one lane."""
    return [(r // MESSAGES_PER_CHAT, TEXTS[(lane + r) % len(TEXTS)]) for r in range(rounds)]


async def bare_rasa(stack: Stack, chats: int, rounds: int) -> list[float]:
    latencies: list[float] = []
    tag = time.time_ns()
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=chats * 2)) as client:

        async def lane(i: int) -> None:
            for k, text in _lane_plan(i, rounds):
                sender = f"bench-bare-{tag}-{chats}-{i}-{k}"
                t0 = time.perf_counter()
                resp = await client.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
                resp.raise_for_status()
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(lane(i) for i in range(chats)))
    return latencies


# -- full product path over Telegram ----------------------------------------------------------


class BenchTelegram:
    """The project's fake Bot API, timing the first message the bot sends after each update."""

    def __init__(self):
        from tests.fakes.telegram_api import FakeTelegram

        bench = self

        class _Timed(FakeTelegram):
            def _record_sent(self, p, extra):
                msg = super()._record_sent(p, extra)
                bench._arrived(int(p["chat_id"]), time.perf_counter())
                return msg

        self.fake = _Timed()
        self._waiters: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}
        self._lock = __import__("threading").Lock()

    @property
    def token(self) -> str:
        return self.fake.token

    @property
    def base_url(self) -> str:
        return self.fake.base_url

    def start(self) -> None:
        self.fake.start()

    def stop(self) -> None:
        self.fake.stop()

    def _arrived(self, chat_id: int, at: float) -> None:
        with self._lock:
            waiter = self._waiters.pop(chat_id, None)
        if waiter is not None:
            loop, fut = waiter
            loop.call_soon_threadsafe(lambda: fut.done() or fut.set_result(at))

    async def wait_until_polling(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.fake.calls_of("getUpdates"):
            if time.monotonic() > deadline:
                raise TimeoutError("the bot never polled the fake Bot API")
            await asyncio.sleep(0.2)

    async def send_and_time(self, chat_id: int, text: str, timeout: float = 60) -> float:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        with self._lock:
            self._waiters[chat_id] = (loop, fut)
        t0 = time.perf_counter()
        self.fake.send_text(chat_id, text)
        at = await asyncio.wait_for(fut, timeout)
        # Let the rest of this turn's replies arrive before the next message of this chat.
        await asyncio.sleep(0.05)
        return at - t0


async def product_telegram(tg: BenchTelegram, chats: int, rounds: int, base_chat_id: int) -> list[float]:
    """Inject updates into the fake Bot API; latency = until the bot's first sendMessage."""
    latencies: list[float] = []

    async def lane(i: int) -> None:
        for k, text in _lane_plan(i, rounds):
            latencies.append(await tg.send_and_time(base_chat_id + i * 1000 + k, text))

    await asyncio.gather(*(lane(i) for i in range(chats)))
    return latencies


# -- memory ---------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=,ppid=", "-e"], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = (int(x) for x in line.split())
        children.setdefault(pp, []).append(p)
    result, todo = [], [pid]
    while todo:
        p = todo.pop()
        result.append(p)
        todo.extend(children.get(p, []))
    return result


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def memory_by_process(stack: Stack) -> dict[str, float]:
    labels = {"rasa": "rasa run", "actions": "rasa_sdk", "web": "uvicorn"}
    found: dict[str, float] = {}
    for pid in process_tree(stack.proc.pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        for label, needle in labels.items():
            if needle in cmd:
                found[label] = max(found.get(label, 0.0), peak_rss_mb(pid))
        if "intake run" in cmd or cmd.strip().endswith("intake run"):
            found["supervisor"] = peak_rss_mb(pid)
    return found


# -- classify -------------------------------------------------------------------------------


def classify_throughput(stack: Stack, lines: int) -> dict[str, float] | None:
    intake = str(Path(sys.executable).parent / "intake")
    if subprocess.run([intake, "classify", "--help"], capture_output=True).returncode != 0:
        return None

    def run(n: int) -> float:
        data = "".join(json.dumps({"text": TEXTS[i % len(TEXTS)]}) + "\n" for i in range(n))
        t0 = time.perf_counter()
        r = subprocess.run([intake, "classify"], input=data, capture_output=True, text=True, env=stack.client_env(), cwd=ROOT)
        if r.returncode != 0 or len(r.stdout.splitlines()) != n:
            raise RuntimeError(f"classify failed: {r.stderr[-500:]}")
        return time.perf_counter() - t0

    small, big = run(10), run(lines)
    per_line = (big - small) / (lines - 10)
    return {"lines": lines, "total_s": big, "load_s": small, "lines_per_s": 1 / per_line if per_line > 0 else float("inf")}


# -- training -------------------------------------------------------------------------------


def action_check_us(calls: int = 300) -> dict[str, float]:
    """Microseconds per action-server answer checked by Rasa's own check and by bot.rasa_server's
    (an answer like the intake form's: three slot events, a follow-up and one response)."""
    from rasa.core.actions.action import RemoteAction

    from bot.rasa_server import validate_once

    answer = {"events": [{"event": "slot", "name": "age", "value": 14, "timestamp": None},
                         {"event": "slot", "name": "role", "value": "parent", "timestamp": None},
                         {"event": "slot", "name": "requested_slot", "value": "duration", "timestamp": None},
                         {"event": "followup", "name": "action_listen", "timestamp": None}],
              "responses": [{"text": "Hoe lang speelt dit al?", "buttons": [{"title": "Een paar weken",
                                                                             "payload": "/inform"}]}]}
    action = RemoteAction.__new__(RemoteAction)
    own = RemoteAction._validate_action_result
    result = {}
    try:
        for name in ("rasa", "once"):
            if name == "once":
                validate_once()
            check = RemoteAction._validate_action_result
            check(action, answer)
            t0 = time.perf_counter()
            for _ in range(calls):
                check(action, answer)
            result[name] = (time.perf_counter() - t0) / calls * 1e6
    finally:
        RemoteAction._validate_action_result = own
    return result


def training_seconds(force: bool) -> tuple[float, str]:
    if force:
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
        out = Path("/tmp/jeugdintake-bench-model")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--config", "nlu_data/config.yml", "--domain", "nlu_data/domain",
             "--data", "nlu_data/data", "--out", str(out), "--fixed-model-name", "bench"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        return time.perf_counter() - t0, "timed now (--train)"
    stamp = ROOT / "models" / "intake.hash.json"
    if stamp.exists():
        return float(json.loads(stamp.read_text()).get("seconds", float("nan"))), "last `intake train`"
    return float("nan"), "no model trained yet"


# -- report ---------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def write_report(results: dict, path: Path) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## make bench — {now}\n", f"Machine: {machine()}.\n", "",
             "| chats | path | n | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|"]
    for chats, row in results["latency"].items():
        for path_name in ("product", "bare_rasa"):
            s = row[path_name]
            lines.append(f"| {chats} | {path_name} | {s['n']} | {s['p50']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} |")
    lines.append("")
    lines.append("| chats | p50 ratio (product / bare) | p95 ratio |")
    lines.append("|---|---|---|")
    for chats, row in results["latency"].items():
        lines.append(f"| {chats} | {row['ratio_p50']:.2f} | {row['ratio_p95']:.2f} |")
    lines.append("")
    sat = results["saturation"]
    lines.append(f"- Saturation ({sat['chats']} chats, product path): {sat['messages_per_s']:.1f} messages/s "
                 f"({sat['messages']} messages in {sat['seconds']:.1f} s).")
    mem = ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(results["memory_mb"].items()))
    lines.append(f"- Peak RSS (VmHWM): {mem}.")
    t, how = results["training"]
    lines.append(f"- Model training: {t:.0f} s ({how}).")
    c = results.get("classify")
    if c:
        lines.append(f"- `intake classify`: {c['lines']} lines in {c['total_s']:.1f} s including a {c['load_s']:.1f} s model load; "
                     f"{c['lines_per_s']:.0f} lines/s after the load.")
    a = results.get("action_check")
    if a:
        lines.append(f"- Rasa's check of one action-server answer: {a['rasa']:.0f} µs with Rasa's own `jsonschema.validate`, "
                     f"{a['once']:.0f} µs with the validator bot.rasa_server makes once.")
    w = results.get("staff_web")
    if w:
        lines.append(f"- Staff web, {w['users']} concurrent staff users: " + ", ".join(
            f"{page} p50 {s['p50']:.0f} ms / p95 {s['p95']:.0f} ms (n={s['n']})" for page, s in w["pages"].items()) + ".")
    text = "\n".join(lines) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    return text


async def staff_web_load(stack: Stack, users: int, rounds: int) -> dict | None:
    try:
        from tests.support.staff_load import staff_sessions
    except ImportError:
        return None
    sessions, urls = await staff_sessions(stack, users)
    timings: dict[str, list[float]] = {name: [] for name in urls}

    async def user(client: httpx.AsyncClient) -> None:
        for _ in range(rounds):
            for name, url in urls.items():
                t0 = time.perf_counter()
                r = await client.get(url)
                r.raise_for_status()
                timings[name].append(time.perf_counter() - t0)

    try:
        await asyncio.gather(*(user(c) for c in sessions))
    finally:
        for c in sessions:
            await c.aclose()
    return {"users": users, "pages": {k: summary(v) for k, v in timings.items()}}


async def main_async(args) -> int:
    data_dir = Path(args.data_dir or f"/tmp/jeugdintake-bench-{os.getpid()}")
    data_dir.mkdir(parents=True, exist_ok=True)
    fake = BenchTelegram()
    fake.start()
    stack = start_stack(
        data_dir,
        INTAKE_TELEGRAM_TOKEN=fake.token,
        INTAKE_TELEGRAM_BASE_URL=fake.base_url,
        INTAKE_LOG_LEVEL="WARNING",
    )
    results: dict = {"latency": {}}
    try:
        await fake.wait_until_polling(timeout=60)
        # Warm-up: first requests load lazily built parts of Rasa and the action server.
        await bare_rasa(stack, 2, 3)
        await product_telegram(fake, 2, 3, base_chat_id=900000)
        for n, chats in enumerate(args.concurrency):
            bare = await bare_rasa(stack, chats, args.rounds)
            product = await product_telegram(fake, chats, args.rounds, base_chat_id=100000 * (n + 1))
            b, p = summary(bare), summary(product)
            results["latency"][chats] = {"product": p, "bare_rasa": b,
                                         "ratio_p50": p["p50"] / b["p50"], "ratio_p95": p["p95"] / b["p95"]}
            print(f"{chats:>3} chats  product p50 {p['p50']:.0f} ms p95 {p['p95']:.0f} ms p99 {p['p99']:.0f} ms | "
                  f"bare p50 {b['p50']:.0f} ms p95 {b['p95']:.0f} ms p99 {b['p99']:.0f} ms | "
                  f"ratio p50 {p['p50'] / b['p50']:.2f} p95 {p['p95'] / b['p95']:.2f}", flush=True)
        t0 = time.perf_counter()
        sat = await product_telegram(fake, args.saturation, args.rounds, base_chat_id=800000)
        seconds = time.perf_counter() - t0
        results["saturation"] = {"chats": args.saturation, "messages": len(sat), "seconds": seconds,
                                 "messages_per_s": len(sat) / seconds}
        print(f"saturation: {len(sat) / seconds:.1f} messages/s with {args.saturation} chats", flush=True)
        results["memory_mb"] = memory_by_process(stack)
        print("peak RSS MB:", {k: round(v) for k, v in results["memory_mb"].items()}, flush=True)
        results["classify"] = classify_throughput(stack, 500)
        print("classify:", results["classify"], flush=True)
        results["staff_web"] = await staff_web_load(stack, 20, 10)
        print("staff web:", results["staff_web"], flush=True)
    finally:
        stop_stack(stack)
        fake.stop()
    results["action_check"] = action_check_us()
    print("action answer check, µs:", {k: round(v) for k, v in results["action_check"].items()}, flush=True)
    results["training"] = training_seconds(args.train)
    print(write_report(results, ROOT / "docs" / "benchmarks.md"))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--rounds", type=int, default=24, help="messages per concurrency lane")
    parser.add_argument("--saturation", type=int, default=64)
    parser.add_argument("--train", action="store_true", help="time a fresh training too")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
