"""Several instances, tested as they will run: PostgreSQL and Redis (the distribution's
packages, servers of the test's own), two bot apps, two Rasa servers and one action server,
each started with `intake run --only ROLE`. The fake Bot API plays Telegram behind a load
balancer: it delivers webhook updates round-robin over the two bot apps, one chat's updates one
after the other, and tries the other app when one does not answer 200.

200 chats send 8 typed messages each, without waiting for the answers (people type ahead). In
the middle one Rasa server is killed (SIGKILL) and restarted, and one bot app is stopped
(SIGTERM, as a deploy does) and started again. Every chat must then have received exactly the
replies of a quiet run of the same script, in the same order, once (the "één moment" notice
aside); every staff alert and chat-outbox message went out once; nothing is left unprocessed.

It takes too long for `make test`: run it with
`make test-several` (pytest's default `-m 'not several'` leaves it out; INTAKE_TEST_CHATS sets
the number of chats, 200 by default).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.scale.waiting import ONE_MOMENT
from tests.fakes.telegram_api import BotAppProcess, FakeTelegram
from tests.support.several import Deliverer, Role, running_system

pytestmark = [pytest.mark.stack, pytest.mark.several]

ALERT_CHAT = -100987654
CHATS = int(os.environ.get("INTAKE_TEST_CHATS", "200"))

# Typed messages only (a press needs the bot's message first, and people do type ahead). No
# /stop or feature command after the first message: those the bot answers itself at once, also
# ahead of messages still waiting for Rasa (docs/scaling.md, limits).
SCRIPTS = {
    "parent": ["/start LINDE", "ik ben de moeder van een jongen", "hij is 13",
               "hij gaat al drie weken niet naar school", "sinds de zomervakantie",
               "hij zit de hele dag op zijn kamer", "wat kan ik zelf doen?", "bedankt"],
    "young": ["/start ANKER", "hoi", "ik ben 16", "ik pieker heel veel en slaap slecht",
              "ik wil er niet meer zijn", "ja ik ben nu veilig", "wat doet een poh jeugd?", "oke doei"],
    "other": ["hallo", "/help", "ik maak me zorgen over mijn dochter", "ze is 9",
              "ze is heel bang om naar school te gaan", "al een paar maanden", "wie leest dit?", "doei"],
}
CRISIS_SCRIPTS = {"young"}


def _one_moment() -> str:
    from bot.replies import t

    return t("nl", ONE_MOMENT)


def _texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [m.get("text") or m.get("document", {}).get("file_name", "") for m in fake.sent(chat)]


async def _reference(fake: FakeTelegram, deliverer: Deliverer, chat: int, script: list[str]) -> list[str]:
    """The replies of a quiet run: one message at a time, each after the last reply settled."""
    async with httpx.AsyncClient(timeout=30) as client:
        for text in script:
            before = len(fake.sent(chat))
            await deliverer.deliver(client, fake.text_update(chat, text))
            settled, last = time.monotonic(), before
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                now = len(fake.sent(chat))
                if now != last:
                    last, settled = now, time.monotonic()
                if now > before and time.monotonic() - settled > 5.0:
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(f"no reply to {text!r} in the quiet run")
    return _texts(fake, chat)


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with running_system(tmp_path_factory.mktemp("several"), rasa_servers=2, bot_apps=2,
                        extra_env={"INTAKE_STAFF_ALERT_CHAT": str(ALERT_CHAT)}) as system:
        yield system


def _peak_rss_mb(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmHWM:"):
                    out[pid] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return out


def _store_for(env: dict[str, str], tmp: Path):
    from bot.config import Settings
    from bot.store.db import Store

    return Store(Settings.from_env({**env, "INTAKE_DATA_DIR": str(tmp)}))


def test_two_hundred_chats_get_every_reply_once_in_order_while_a_rasa_and_a_bot_app_restart(system):
    fake: FakeTelegram = system["fake"]
    apps: list[BotAppProcess] = system["apps"]
    rasas: list[Role] = system["rasas"]
    deliverer = Deliverer(apps)
    rng = random.Random(17)
    started = time.monotonic()

    # 1. A quiet run of each script gives the replies every chat must get.
    reference_chats = {name: 7_000_000 + i for i, name in enumerate(SCRIPTS)}

    async def references():
        results = await asyncio.gather(*(_reference(fake, deliverer, reference_chats[n], s)
                                         for n, s in SCRIPTS.items()))
        return dict(zip(SCRIPTS, results, strict=True))

    expected = asyncio.run(references())
    for name, texts in expected.items():
        # What the dialogue makes of typed answers is the dialogue's business (it may loop and
        # apologise); here the quiet run only has to be a conversation, and the load the same one.
        print(f"\nquiet run '{name}': {len(texts)} replies: {[t[:60] for t in texts]}")
        assert len(texts) >= len(SCRIPTS[name]), (name, texts)
        assert sum("Probeer het zo nog eens" not in t for t in texts) >= len(SCRIPTS[name]), (name, texts)
    quiet_s = time.monotonic() - started

    # 2. The load: CHATS chats typing ahead, with a Rasa crash and a bot app restart inside it.
    chats = {8_000_000 + i: list(SCRIPTS)[i % len(SCRIPTS)] for i in range(CHATS)}
    chaos_log: list[str] = []

    async def person(client, chat: int, script: list[str]):
        await asyncio.sleep(rng.uniform(0, 40))
        for text in script:
            await deliverer.deliver(client, fake.text_update(chat, text))
            await asyncio.sleep(rng.uniform(0.3, 3.0))

    async def chaos():
        await asyncio.sleep(20)
        rasas[1].kill(signal.SIGKILL)
        chaos_log.append(f"{time.monotonic() - load_started:.0f}s rasa-2 killed")
        rasas[1].start()
        await asyncio.sleep(10)
        await asyncio.to_thread(apps[0].stop, 150)  # SIGTERM: it finishes its turns first
        chaos_log.append(f"{time.monotonic() - load_started:.0f}s web-1 stopped")
        await asyncio.sleep(10)
        await asyncio.to_thread(apps[0].start, 120)
        chaos_log.append(f"{time.monotonic() - load_started:.0f}s web-1 back")
        await asyncio.to_thread(rasas[1].wait, 1200)
        chaos_log.append(f"{time.monotonic() - load_started:.0f}s rasa-2 back")

    async def load():
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            await asyncio.gather(chaos(), *(person(client, c, SCRIPTS[s]) for c, s in chats.items()))

    load_started = time.monotonic()
    asyncio.run(load())
    sent_s = time.monotonic() - load_started

    # 3. Staff messages through the chat outbox while the chats go on (both apps run the loop).
    outbox_bodies = _queue_outbox(system, list(chats)[:20])

    notice = _one_moment()

    def clean(chat):
        return [t for t in _texts(fake, chat) if t != notice and not t.startswith("Bericht van de praktijk")]

    def complete():
        return all(len(clean(c)) >= len(expected[s]) for c, s in chats.items()) and all(
            sum(t == body for t in _texts(fake, c)) >= 1 for c, body in outbox_bodies.items())

    # Until everything arrived, or nothing more arrives for longer than a kept message can wait
    # (75 s) plus a retry: what is missing then is reported per chat below.
    deadline, last_count, last_change = time.monotonic() + 1200, -1, time.monotonic()
    while time.monotonic() < deadline and not complete():
        count = len(fake.calls_of("sendMessage"))
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        elif time.monotonic() - last_change > 150:
            break
        time.sleep(3)
    time.sleep(8)  # anything sent twice would arrive now
    answered_s = time.monotonic() - load_started

    wrong = {c: (s, clean(c)) for c, s in chats.items() if clean(c) != expected[s]}
    detail = "\n".join(f"chat {c} ({s}): got {got!r}\n  expected {expected[s]!r}"
                       for c, (s, got) in list(wrong.items())[:3])
    assert not wrong, f"{len(wrong)} of {len(chats)} chats did not get exactly their replies in order:\n{detail}"

    for chat, body in outbox_bodies.items():
        assert sum(t == body for t in _texts(fake, chat)) == 1, f"outbox message to {chat} not sent exactly once"

    _assert_alerts_once(system, fake, [c for c, s in chats.items() if s in CRISIS_SCRIPTS])
    _assert_nothing_left(system)
    notices = sum(t == notice for c in chats for t in _texts(fake, c))
    for app in apps:
        assert "Traceback" not in app.log(), app.log()[-3000:]
    rss = _peak_rss_mb([r.proc.pid for r in rasas] + [a.proc.pid for a in apps])
    print(f"\nseveral instances: {CHATS} chats x 8 messages; quiet runs {quiet_s:.0f} s, "
          f"sending {sent_s:.0f} s, all answered after {answered_s:.0f} s; "
          f"'één moment' notices {notices}; deliveries retried {deliverer.retries}; "
          f"chaos: {', '.join(chaos_log)}; peak RSS MB {sorted(round(v) for v in rss.values())}")


def _queue_outbox(system, chats: list[int]) -> dict[int, str]:
    from bot.store import repo
    from bot.store.models import utcnow
    from bot.store.models_booking import ChatOutbox

    store = _store_for(system["env"], system["root"] / "test-store")
    bodies = {}
    try:
        with store.session() as s:
            for i, chat in enumerate(chats):
                conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
                assert conv is not None, chat
                bodies[chat] = f"Bericht van de praktijk nummer {i}: tot dinsdag."
                s.add(ChatOutbox(conversation_id=conv.id, kind="staff_message", body=bodies[chat], due_utc=utcnow()))
    finally:
        store.dispose()
    return bodies


def _assert_alerts_once(system, fake: FakeTelegram, crisis_chats: list[int]) -> None:
    from sqlalchemy import func, select

    from bot.store import repo
    from bot.store.models import CrisisEvent, StaffAlert

    alerts = [c.params["text"] for c in fake.calls_of("sendMessage") if str(c.params.get("chat_id")) == str(ALERT_CHAT)]
    store = _store_for(system["env"], system["root"] / "test-store")
    try:
        with store.session() as s:
            for chat in crisis_chats:
                conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
                events = s.execute(select(func.count()).select_from(CrisisEvent)
                                   .where(CrisisEvent.conversation_id == conv.id)).scalar_one()
                assert events >= 1, chat
                got = sum(conv.reference in text for text in alerts)
                assert got == events, f"chat {chat}: {events} crisis events, {got} staff alerts"
            unsent = s.execute(select(func.count()).select_from(StaffAlert).where(StaffAlert.sent_at.is_(None))).scalar_one()
            assert unsent == 0
    finally:
        store.dispose()


def _assert_nothing_left(system) -> None:
    import psycopg2

    conn = psycopg2.connect(system["pg"].url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM telegram_updates WHERE done_at IS NULL")
        assert cur.fetchone()[0] == 0, "stored updates left unprocessed"
        cur.execute("SELECT count(*) FROM telegram_updates WHERE payload IS NOT NULL")
        assert cur.fetchone()[0] == 0, "a processed update kept its payload"
        cur.execute("SELECT count(*) FROM deferred_turns")
        assert cur.fetchone()[0] == 0, "messages kept for Rasa were never answered"
        cur.execute("SELECT count(*) FROM chat_outbox WHERE sent_at IS NULL")
        assert cur.fetchone()[0] == 0
    finally:
        conn.close()


if __name__ == "__main__":  # pragma: no cover - run it alone: python -m tests.e2e.test_several_instances
    sys.exit(pytest.main([__file__, "-q", "-s", "-m", "several"]))
