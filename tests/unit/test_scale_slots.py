"""An instance that is full (every processing slot busy) leaves its waiting chats to the other."""

from __future__ import annotations

import asyncio

from bot.scale import updates, webhook
from bot.scale.shared import MemoryState
from bot.scale.webhook import DurableUpdates


def _update(update_id: int, chat: int) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 0, "text": "hoi",
                                                "chat": {"id": chat, "type": "private"}}}


async def test_a_chat_waiting_for_a_slot_does_not_hold_its_turn_so_the_other_instance_answers_it(store, monkeypatch):
    monkeypatch.setattr(webhook, "MAX_CONCURRENT_CHATS", 1)
    turns = MemoryState()  # the chats' turns, shared by both instances (Redis's part)
    release = asyncio.Event()
    by: list[tuple[str, int]] = []

    def process_as(name):
        async def process(data):
            by.append((name, data["update_id"]))
            if data["update_id"] == 1:
                await release.wait()  # a slow turn fills a's only slot
        return process

    a = DurableUpdates(store, turns, process_as("a"), owner="a")
    b = DurableUpdates(store, turns, process_as("b"), owner="b")
    await a.receive(_update(1, 61), ready=True)
    await asyncio.sleep(0.05)
    await a.receive(_update(2, 62), ready=True)  # a is full: chat 62 waits for a slot there
    await asyncio.sleep(0.05)
    b.kick(updates.chat_key(store.cipher, 62), wait=False)  # b's sweep finds the chat
    for _ in range(50):
        await asyncio.sleep(0.02)
        if ("b", 2) in by:
            break
    assert by == [("a", 1), ("b", 2)], "b answered chat 62 while a was full"
    release.set()
    for _ in range(50):
        await asyncio.sleep(0.02)
        if updates.unfinished(store) == 0 and all(t.done() for t in a._active.values()):
            break
    assert by == [("a", 1), ("b", 2)], "and a did not answer it again"
    assert updates.unfinished(store) == 0
