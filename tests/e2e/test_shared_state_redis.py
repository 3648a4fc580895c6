"""Shared state of several bot app instances in a real Redis (a server of the test's own), and
Rasa's own RedisLockStore built from the endpoints.yml we write."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.telegram_format import FloodLimiter
from bot.scale.shared import RedisState
from tests.support.redis import running_redis


@pytest.fixture(scope="module")
def redis_server():
    with running_redis("test the shared state of several instances") as server:
        yield server


@pytest.fixture
async def two_instances(redis_server):
    a = RedisState(redis_server.url, flood=FloodLimiter(limit=3, window=10))
    b = RedisState(redis_server.url, flood=FloodLimiter(limit=3, window=10))
    yield a, b
    await a.aclose()
    await b.aclose()


async def test_a_flood_is_counted_across_instances_and_told_once(two_instances):
    a, b = two_instances
    verdicts = [await (a if i % 2 else b).flood_hit("user-1") for i in range(6)]
    assert verdicts == ["ok", "ok", "ok", "notify", "drop", "drop"]
    assert await a.flood_hit("user-2") == "ok", "another person is not affected"


async def test_a_double_press_counts_once_whichever_instance_gets_it(two_instances):
    a, b = two_instances
    results = await asyncio.gather(a.first("press:c1:m1", 60), b.first("press:c1:m1", 60))
    assert sorted(results) == [False, True]


async def test_a_long_button_payload_made_on_one_instance_is_known_on_the_other(two_instances):
    a, b = two_instances
    await a.put_payload("k:abc", '/choose_slot{"slot_id": "2026-12-01T09:00|w3"}')
    assert await b.get_payload("k:abc") == '/choose_slot{"slot_id": "2026-12-01T09:00|w3"}'
    assert await b.get_payload("k:unknown") is None


async def test_one_instance_at_a_time_holds_a_chats_turn(two_instances):
    a, b = two_instances
    inside: list[str] = []
    overlaps = []

    async def turn(state, name):
        async with state.chat_turn("chat-9", wait_s=10) as got:
            assert got
            if inside:
                overlaps.append((inside[-1], name))
            inside.append(name)
            await asyncio.sleep(0.05)
            inside.remove(name)

    await asyncio.gather(*(turn(a if i % 2 else b, f"t{i}") for i in range(8)))
    assert overlaps == []
    async with a.chat_turn("chat-9") as got_a:
        async with b.chat_turn("chat-9", wait_s=0.2) as got_b:
            assert got_a and not got_b, "a held turn is not taken by the other instance"


async def test_without_redis_limits_fall_back_to_memory_but_a_chats_turn_is_never_had(caplog):
    from tests.support.stack import free_port

    state = RedisState(f"redis://127.0.0.1:{free_port()}/0", flood=FloodLimiter(limit=1, window=10))
    with caplog.at_level("ERROR"):
        assert await state.flood_hit("u") == "ok"
        assert await state.flood_hit("u") == "notify"
        assert await state.first("k", 10) is True
        async with state.chat_turn("c", wait_s=1) as got:
            assert not got, "a turn in this instance's memory would not keep the other instances out"
    assert "redis unavailable" in caplog.text and "no turn without redis" in caplog.text
    await state.aclose()


async def test_a_turn_whose_lease_runs_out_stops_the_work_inside_and_leaves_the_new_holder_alone(
        two_instances, redis_server, monkeypatch):
    from bot.scale import shared

    monkeypatch.setattr(shared, "RENEW_EVERY_S", 0.1)
    a, b = two_instances
    reached_the_end = []
    with pytest.raises(shared.TurnLost):
        async with a.chat_turn("chat-lost", wait_s=1) as got:
            assert got
            # a stalls past its lease: Redis lets the key go and b takes the chat
            redis_server.client().delete(b"intake:turn:chat-lost")
            b_turn = b.chat_turn("chat-lost", wait_s=1)
            assert await b_turn.__aenter__()
            await asyncio.wait_for(asyncio.sleep(3), 5)
            reached_the_end.append(True)
    assert reached_the_end == [], "a's work stopped once its turn was gone"
    assert redis_server.client().get(b"intake:turn:chat-lost").startswith(b.owner.encode()), "b still holds it"
    await b_turn.__aexit__(None, None, None)
    assert redis_server.client().get(b"intake:turn:chat-lost") is None


def test_rasa_builds_its_redis_lock_store_from_our_endpoints(redis_server, tmp_path):
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import read_endpoint_config

    from bot.config import Settings
    from bot.runtime import write_rasa_files

    settings = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_REDIS_URL": redis_server.url})
    endpoints, _ = write_rasa_files(settings)
    lock_store = LockStore.create(read_endpoint_config(str(endpoints), "lock_store"))
    assert isinstance(lock_store, RedisLockStore)
    lock_store.issue_ticket("sender-1")
    assert any(k.startswith(b"intake") for k in redis_server.client().keys("*"))
