"""What the bot app's check for a practice, phone number or role typed without a question
(``bot.dialogue.bare_answer``) costs per typed message, and what each of its steps costs.

    .venv/bin/python scripts/bare_answer_cost.py
    .venv/bin/python scripts/bare_answer_cost.py --rasa-url http://127.0.0.1:5005 --token T --sender S

It runs the reader over a fixed set of short messages a person types at the menu, against a real
migrated SQLite database with the demo practices, and prints the median time per message, how many
times the practices were loaded and how many times Rasa's tracker would have been asked. With a
running Rasa (``--rasa-url``, its API token and a conversation's sender id) it also times fetching
that tracker, the step the reader keeps for last.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Short messages typed at the menu: greetings, yes and no, questions, a worry; none names a practice.
MESSAGES = ["hallo", "ja", "nee dank je", "wat kost het?", "hoe lang is de wachttijd?", "ik weet het niet",
            "oke", "mijn zoon piekert veel", "is dit anoniem?", "dank je wel"]
ROUNDS = 40


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url")
    parser.add_argument("--token", default="")
    parser.add_argument("--sender")
    args = parser.parse_args()

    from bot.config import Settings
    from bot.conversation import Hooks
    from bot.dialogue import bare_answer
    from bot.dialogue.practices import load, rank
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.store.seed import seed_demo

    folder = Path(tempfile.mkdtemp())
    settings = Settings.from_env({"INTAKE_DATA_DIR": str(folder), "INTAKE_DATABASE_URL": f"sqlite:///{folder / 'intake.db'}",
                                  "INTAKE_SECRET_KEY": "cost-script", "INTAKE_ENV": "test"})
    upgrade(settings)
    store = Store(settings)
    with store.session() as s:
        seed_demo(s)

    class CountingStore:
        cipher = store.cipher
        sessions = 0

        def session(self):
            CountingStore.sessions += 1
            return store.session()

    class Admin:
        calls = 0

        async def tracker(self, sender_id):
            Admin.calls += 1
            return {"active_loop": {}}

    hooks = Hooks()
    bare_answer.register(hooks, store=CountingStore(), admin=Admin())
    (reader,) = hooks.typed_requests
    conversation = SimpleNamespace(id=1, sender_id="s", reference="c")

    async def run() -> list[float]:
        times = []
        for _ in range(ROUNDS):
            for text in MESSAGES:
                turn = SimpleNamespace(text=text, conversation=conversation, language="nl")
                start = time.perf_counter()
                await reader(turn, text)
                times.append(time.perf_counter() - start)
        return times

    times = asyncio.run(run())
    n = len(times)
    print(f"reader: median {_median_ms(times):.3f} ms, mean {statistics.mean(times) * 1e3:.3f} ms per message "
          f"({n} short messages without a practice); practices loaded {CountingStore.sessions} times, "
          f"tracker asked {Admin.calls} times")
    practices = load(store)
    loads, ranks = [], []
    for text in MESSAGES * ROUNDS:
        start = time.perf_counter()
        load(store)
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        rank(text, practices)
        ranks.append(time.perf_counter() - start)
    print(f"steps: loading the {len(practices)} practices median {_median_ms(loads):.3f} ms, "
          f"ranking them {_median_ms(ranks):.3f} ms")
    if args.rasa_url and args.sender:
        import httpx

        fetches = []
        with httpx.Client(timeout=30) as client:
            for _ in range(ROUNDS):
                start = time.perf_counter()
                client.get(f"{args.rasa_url}/conversations/{args.sender}/tracker",
                           params={"token": args.token, "include_events": "NONE"}).raise_for_status()
                fetches.append(time.perf_counter() - start)
        print(f"Rasa's tracker: median {_median_ms(fetches):.1f} ms per fetch ({ROUNDS} fetches)")
    store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
