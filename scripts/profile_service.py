"""Profile the bot process's own share of a message (`make profile`).

Starts the real stack, then sends messages through an in-process ConversationService (the
same path Telegram uses, minus the Bot API) under pyinstrument, and prints where the bot
process spends its time. Everything that is not Rasa is overhead we own.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.stack import start_stack, stop_stack  # noqa: E402

TEXTS = ["hallo", "mijn zoon van 12 wil niet meer naar school", "kost het geld?", "ben je een robot?",
         "ik maak me zorgen over mijn dochter, ze piekert heel veel", "dankjewel"]


async def run(stack, n: int) -> None:
    from pyinstrument import Profiler

    from bot.config import Settings
    from bot.conversation import Inbound, RasaClient
    from bot.features import build_service
    from bot.store.db import Store

    settings = Settings.from_env(stack.client_env())
    store = Store(settings)
    rasa = RasaClient(settings.rasa_url)
    service = build_service(settings, store, rasa)
    await service.handle(Inbound("terminal", "warm-up", text="hallo"))
    in_service, in_rasa = [], []
    original = rasa.send

    async def timed_send(sender, message):
        t0 = time.perf_counter()
        try:
            return await original(sender, message)
        finally:
            in_rasa.append(time.perf_counter() - t0)

    rasa.send = timed_send
    profiler = Profiler(async_mode="enabled")
    profiler.start()
    for i in range(n):
        t0 = time.perf_counter()
        await service.handle(Inbound("terminal", f"profile-{i // 6}", text=TEXTS[i % len(TEXTS)]))
        in_service.append(time.perf_counter() - t0)
    profiler.stop()
    await rasa.aclose()
    store.dispose()
    total, rasa_total = sum(in_service), sum(in_rasa)
    print(f"{n} messages: {1000 * total / n:.1f} ms per message in the service, "
          f"{1000 * rasa_total / n:.1f} ms of it waiting for Rasa, "
          f"{1000 * (total - rasa_total) / n:.1f} ms our own overhead")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> int:
    data_dir = Path(f"/tmp/jeugdintake-profile-{os.getpid()}")
    data_dir.mkdir(parents=True, exist_ok=True)
    stack = start_stack(data_dir, INTAKE_LOG_LEVEL="WARNING")
    try:
        asyncio.run(run(stack, int(sys.argv[1]) if len(sys.argv) > 1 else 120))
    finally:
        stop_stack(stack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
