"""Reminders and staff messages go out exactly once, even with two bot instances."""

import threading
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot import outbox
from bot.booking import service as B
from bot.store import repo
from bot.store.db import Store
from bot.store.models import Message
from bot.store.models_booking import ChatOutbox
from bot.store.seed import seed_demo

BOOKED_AT = datetime(2026, 11, 23, 9, 0)


def _book_many(store, n):
    """n appointments, each in its own conversation, with a reminder due 24 h before."""
    with store.session() as s:
        seed_demo(s)
        practice = repo.practice_by_code(s, code="LINDE")
        slots = B.find_slots(s, practice_id=practice.id, now=BOOKED_AT, limit=n)
        ids = []
        for i, slot in enumerate(slots):
            conv = repo.get_or_create_conversation(s, channel="terminal", external_id=f"r{i}")
            ids.append(B.book(s, practice_id=practice.id, slot_id=slot.slot_id, type_code="video",
                              conversation_id=conv.id, now=BOOKED_AT).id)
    return ids


def test_two_instances_claiming_concurrently_send_each_reminder_once(store, settings):
    appointment_ids = _book_many(store, 30)
    assert len(appointment_ids) == 30
    sent = Counter()
    lock = threading.Lock()

    def deliver(info, text):
        assert text.startswith("Herinnering")
        with lock:
            sent[info["id"]] += 1

    later = BOOKED_AT + timedelta(weeks=9)  # every reminder is due
    barrier = threading.Barrier(2)

    def instance(name):
        own = Store(settings)  # its own engine and connections, like a second process
        try:
            barrier.wait()
            for _ in range(5):
                outbox.run_once(own, deliver, owner=name, now=later)
        finally:
            own.dispose()

    threads = [threading.Thread(target=instance, args=(n,)) for n in ("bot-a", "bot-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(sent) == 30 and set(sent.values()) == {1}
    with store.session() as s:
        rows = list(s.execute(select(ChatOutbox).where(ChatOutbox.kind == "reminder")).scalars())
        assert len(rows) == 30 and all(r.sent_at is not None for r in rows)
    assert outbox.run_once(store, deliver, owner="bot-c", now=later) == 0


def test_no_reminder_for_a_cancelled_appointment_and_none_before_it_is_due(store):
    first, second = _book_many(store, 2)
    with store.session() as s:
        B.cancel(s, appointment_id=first, now=BOOKED_AT)
        due = s.execute(select(ChatOutbox.due_utc).where(ChatOutbox.appointment_id == second)).scalar_one()
    got = []
    assert outbox.run_once(store, lambda info, text: got.append(text), now=due - timedelta(minutes=1)) == 0
    assert outbox.run_once(store, lambda info, text: got.append(text), now=due) == 1
    assert len(got) == 1 and "morgen" in got[0]


def test_a_reminder_for_an_appointment_cancelled_after_it_was_queued_is_not_sent(store):
    (only,) = _book_many(store, 1)
    with store.session() as s:
        # cancelled behind the outbox's back (e.g. staff SQL): the claim itself checks the status
        from bot.store.models_booking import Appointment

        s.get(Appointment, only).status = "cancelled"
    assert outbox.run_once(store, lambda info, text: pytest.fail("sent"), now=BOOKED_AT + timedelta(weeks=9)) == 0


def test_failed_delivery_is_released_and_retried(store):
    _book_many(store, 1)
    later = BOOKED_AT + timedelta(weeks=9)

    def broken(info, text):
        raise ConnectionError("telegram down")

    assert outbox.run_once(store, broken, owner="a", now=later) == 0
    assert outbox.run_once(store, lambda i, t: None, owner="b", now=later) == 1


def test_a_delivered_reminder_is_in_the_transcript(store):
    _book_many(store, 1)
    assert outbox.run_once(store, lambda info, text: None, now=BOOKED_AT + timedelta(weeks=9)) == 1
    with store.session() as s:
        msg = s.execute(select(Message).where(Message.kind == "reminder")).scalar_one()
        assert store.cipher.decrypt(msg.body).startswith("Herinnering")


def test_the_app_loop_leaves_a_terminal_reminder_for_the_persons_next_turn(store, settings):
    """The terminal channel cannot be pushed to: the reminder waits, then shows on their turn."""
    _book_many(store, 1)
    later = BOOKED_AT + timedelta(weeks=9)
    delivery = outbox.ChannelDelivery(settings)
    assert outbox.run_once(store, delivery, now=later, channels=outbox.push_channels(settings)) == 0
    assert outbox.run_once(store, delivery, now=later) == 0  # even unfiltered: not pushable, released
    with store.session() as s:
        row = s.execute(select(ChatOutbox)).scalar_one()
        assert row.sent_at is None and row.claimed_by is None
        conversation_id = row.conversation_id
    shown = outbox.take_for_conversation(store, conversation_id, now=later)
    assert [d.kind for d in shown] == ["reminder"] and shown[0].text.startswith("Herinnering")
    assert outbox.take_for_conversation(store, conversation_id, now=later) == []
