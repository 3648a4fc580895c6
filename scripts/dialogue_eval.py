"""How the dialogue holds up off the script, measured on the real stack.

Starts its own stack (like `make bench`), then:
- plays the conversation fuzzer (tests/support/fuzz.py) over --runs seeds from --seed on and
  counts the conversations that broke a rule, by the first rule broken ("no next step", "no
  reply at all" and an error reply are dead ends);
- walks the typing-only journeys (tests/support/typing_journeys.py): a parent and a young
  person from a bare /start to a booked appointment, a professional to a person, typing every
  answer, and counts the turns.

Prints the figures and appends them as a dated section to docs/benchmarks.md.

    .venv/bin/python scripts/dialogue_eval.py [--runs 200] [--seed 130000] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.fuzz import Material, Violation, play  # noqa: E402
from tests.support.stack import Stack, start_stack, stop_stack  # noqa: E402
from tests.support.typing_journeys import JOURNEYS, TypingPerson  # noqa: E402

DEAD_ENDS = ("no next step (no button and no question)", "no reply at all",
             "an error or 'unavailable' reply while the stack is up")
LANES = 6


async def fuzz(stack: Stack, seeds: list[int]) -> tuple[int, Counter, list[int]]:
    from bot.config import Settings
    from bot.conversation import RasaClient
    from bot.features import build_service
    from bot.store.db import Store

    settings = Settings.from_env(stack.client_env())
    store = Store(settings)
    rasa = RasaClient(stack.rasa_url, timeout=60)
    service = build_service(settings, store, rasa)
    material = Material.load()
    queue = list(seeds)
    turns = 0
    broken: Counter = Counter()
    failed: list[int] = []

    async def lane() -> None:
        nonlocal turns
        while queue:
            seed = queue.pop(0)
            try:
                turns += len(await play(service, seed, material))
            except Violation as exc:
                turns += len(exc.turns)
                broken[exc.rule] += 1
                failed.append(seed)

    try:
        await asyncio.gather(*(lane() for _ in range(LANES)))
    finally:
        await rasa.aclose()
        store.dispose()
    return turns, broken, sorted(failed)


def journeys(stack: Stack) -> list[tuple[str, bool, int]]:
    out = []
    for name, answers, goal, limit in JOURNEYS:
        person = TypingPerson(stack, answers, f"eval-{name.replace(' ', '-')}")
        try:
            person.run_until(goal, limit=limit)
            reached = True
        except AssertionError:
            reached = False
        finally:
            person.close()
        out.append((name, reached, len(person.log)))
    return out


def report(args, seeds, turns, broken, failed, walks, minutes) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    failed_n = sum(broken.values())
    dead = sum(broken[r] for r in DEAD_ENDS)
    lines = [f"\n## Dialogue off the script (scripts/dialogue_eval.py), {when}",
             f"\n{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end; "
             f"{minutes:.1f} min.\n",
             f"Fuzzer: {len(seeds)} conversations (seeds {seeds[0]}–{seeds[-1]}), {turns} turns; "
             f"{failed_n} broke a rule, {dead} of them a dead end.\n",
             "| first rule broken | conversations |", "|---|---|"]
    lines += [f"| {rule} | {n} |" for rule, n in broken.most_common()] or ["| (none) | 0 |"]
    if failed:
        lines.append(f"\nFailed seeds: {', '.join(map(str, failed[:30]))}{' …' if len(failed) > 30 else ''}")
    lines += ["\nTyping only, from a bare /start (no button pressed):\n",
              "| person | goal reached | turns (messages typed) |", "|---|---|---|"]
    for name, _answers, goal, _limit in JOURNEYS:
        reached, n = next((r, n) for nm, r, n in walks if nm == name)
        lines.append(f"| {name} ({goal.rstrip('!')}) | {'yes' if reached else 'no'} | {n} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=130_000)
    parser.add_argument("--no-write", action="store_true", help="print only, do not append to docs/benchmarks.md")
    args = parser.parse_args()
    seeds = list(range(args.seed, args.seed + args.runs))
    with tempfile.TemporaryDirectory(prefix="dialogue-eval-") as tmp:
        stack = start_stack(Path(tmp))
        try:
            started = time.monotonic()
            walks = journeys(stack)
            turns, broken, failed = asyncio.run(fuzz(stack, seeds))
            minutes = (time.monotonic() - started) / 60
        finally:
            stop_stack(stack)
    text = report(args, seeds, turns, broken, failed, walks, minutes)
    print(text)
    if not args.no_write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
