"""The conversation fuzzer on the real stack (see tests/support/fuzz.py for what it sends and
which rules every turn must keep).

Every run plays INTAKE_FUZZ_RUNS conversations (default 200) from seed INTAKE_FUZZ_SEED on
(default fixed, so `make test` is repeatable), several at a time, plus every seed that once
failed (tests/data/fuzz_regressions.json). A failure names its seed and how to replay it.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest

from tests.support.fuzz import Material, Violation, play

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
REGRESSIONS = ROOT / "tests" / "data" / "fuzz_regressions.json"
BASE_SEED = 130_000
LANES = 6


def _seeds() -> list[int]:
    base = int(os.environ.get("INTAKE_FUZZ_SEED", BASE_SEED))
    runs = int(os.environ.get("INTAKE_FUZZ_RUNS", 200))
    return list(range(base, base + runs))


def _regressions() -> list[int]:
    return [item["seed"] for item in json.loads(REGRESSIONS.read_text(encoding="utf-8"))]


async def _fuzz(stack, seeds: list[int]) -> tuple[list[Violation], int]:
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
    violations: list[Violation] = []
    turns = 0

    async def lane() -> None:
        nonlocal turns
        while queue:
            seed = queue.pop(0)
            try:
                played = await play(service, seed, material)
                turns += len(played)
            except Violation as exc:
                violations.append(exc)

    try:
        await asyncio.gather(*(lane() for _ in range(LANES)))
    finally:
        await rasa.aclose()
        store.dispose()
    return violations, turns


def _run(stack, seeds: list[int]) -> None:
    started = time.monotonic()
    violations, turns = asyncio.run(_fuzz(stack, seeds))
    minutes = (time.monotonic() - started) / 60
    print(f"\nfuzzer: {len(seeds)} conversations, {turns} turns, {len(violations)} failed, {minutes:.1f} min")
    assert not violations, "\n\n".join(str(v) for v in sorted(violations, key=lambda v: v.seed)[:5])


def test_the_seeds_that_once_failed_keep_every_rule(stack):
    _run(stack, _regressions())


def test_two_hundred_off_script_conversations_keep_every_rule(stack):
    _run(stack, _seeds())
