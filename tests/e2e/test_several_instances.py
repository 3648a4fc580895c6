"""Several instances, tested as they will run: PostgreSQL and Redis (the distribution's
packages, servers of the test's own), two bot apps, two Rasa servers (Redis lock store, trackers
in PostgreSQL) and two action servers, each started with `intake run --only ROLE`. The fake Bot
API plays Telegram behind a load balancer: it delivers webhook updates alternating each chat over the two
bot apps, one chat's updates one after the other, and tries the other app when one does not
answer 200.

Chats send 8 typed messages each, without waiting for the answers (people type ahead). One Rasa
server is killed (SIGKILL), and one bot app is stopped (SIGTERM, as a deploy does) and started
again while they type. Every chat must then have received exactly the replies of a quiet run of
the same script, in the same order, once (the "één moment" notice aside); every staff alert and
chat-outbox message went out once; nothing is left unprocessed.

Under load the replies a chat gets may differ from the quiet run in one way only: a block the
bot sends itself, without Rasa (the crisis card, the check-in question and its follow-ups), may
arrive ahead of replies to earlier messages that were kept while Rasa was away — the screen
answers at once, as it must (tests/support/several.py: compare_replies; a lost reply, a reply
twice, Rasa's replies out of order or a card later than in the quiet run still fail).

Two sizes of the same test:
- in `make test`: six chats (two per script); the Rasa server is killed between turns (once
  every chat's first half was answered) and stays down, so its chats go on on the other one;
- `make test-several`: the load run (INTAKE_TEST_CHATS chats, 200 by default; marked `several`,
  which pytest's default `-m 'not several'` leaves out of `make test`); the Rasa server is killed
  in the middle of turns and restarted. With INTAKE_SEVERAL_FIGURES=path it writes its figures
  (chats, messages, lost, duplicated, out of order, reply times, load average) there as JSON, for
  scripts/several_report.py to append to docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import signal
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.scale.waiting import ONE_MOMENT
from tests.fakes.telegram_api import BotAppProcess, FakeTelegram
from tests.support.several import (
    ChatTranscript,
    Deliverer,
    Role,
    check_by_message,
    compare_replies,
    running_system,
)

pytestmark = pytest.mark.stack

ALERT_CHAT = -100987654

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
HELP_LINE = "113"  # the crisis card names 113 Zelfmoordpreventie


@dataclass(frozen=True)
class Load:
    """How many chats, and when the chaos happens (seconds after the load starts)."""

    chats: int
    start_within_s: float  # each chat starts at a random moment in this window
    # "in_flight": the Rasa server is killed at kill_rasa_at_s, whatever it is doing, restarted,
    # and the load ends when it answers again. "between_turns": killed (and left down) once
    # every chat's first half was answered, so its chats go on on the other server.
    rasa_kill: str
    kill_rasa_at_s: float
    stop_app_after_s: float  # after the Rasa server was killed
    app_down_s: float


# In `make test`: six chats (two per script, one of them a crisis), a few minutes on 2 cores.
IN_SUITE = Load(chats=6, start_within_s=3, rasa_kill="between_turns", kill_rasa_at_s=0, stop_app_after_s=2,
                app_down_s=3)
LOAD_RUN = Load(chats=int(os.environ.get("INTAKE_TEST_CHATS", "200")), start_within_s=40, rasa_kill="in_flight",
                kill_rasa_at_s=20, stop_app_after_s=10, app_down_s=10)


def _one_moment() -> str:
    from bot.replies import t

    return t("nl", ONE_MOMENT)


def _texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [m.get("text") or m.get("document", {}).get("file_name", "") for m in fake.sent(chat)]


def _immediate_texts() -> set[str]:
    """What the bot sends itself, at once and without Rasa, to the scripts' messages: the crisis
    card (and the huisartsenpost line) for a crisis, the check-in question, and what it says to an
    answer to the check-in. Taken from the code that sends them, for the quiet run's language."""
    from bot.conversation.crisis import CrisisHandler
    from bot.replies import t
    from bot.safety.replies import (
        CHECK_IN_THANKS,
        HUISARTSENPOST_CATEGORIES,
        check_in_follow_up,
        check_in_reply,
        huisartsenpost_reply,
    )
    from bot.safety.screen import screen
    from bot.store.seed import DEMO_PRACTICES

    texts = {check_in_follow_up("nl").text, t("nl", CHECK_IN_THANKS)}
    for script in SCRIPTS.values():
        for message in script:
            verdict = screen(message)
            if verdict.crisis:
                texts.update(r.text for r in CrisisHandler.first_replies(verdict, "nl", message))
                if verdict.category in HUISARTSENPOST_CATEGORIES:
                    for practice in DEMO_PRACTICES:
                        extra = huisartsenpost_reply("nl", name=practice["huisartsenpost_name"],
                                                     phone=practice["huisartsenpost_phone"])
                        if extra is not None:
                            texts.add(extra.text)
            elif verdict.check_in:
                texts.add(check_in_reply("nl", verdict.category, verdict.about, buttons=True).text)
    return texts


async def _reference(system, deliverer: Deliverer, chat: int, script: list[str]) -> list[tuple[str, int]]:
    """The replies of a quiet run, each with the index of the message it answers: one message at
    a time, the next when the bot app marked the last one processed (its replies are sent by
    then) and nothing more arrived for a second."""
    import psycopg2

    fake: FakeTelegram = system["fake"]
    conn = psycopg2.connect(system["pg"].url)
    conn.autocommit = True
    sources: list[int] = []
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            for index, text in enumerate(script):
                update = fake.text_update(chat, text)
                await deliverer.deliver(client, update)
                deadline = time.monotonic() + 180
                while not _processed(conn, update["update_id"]):
                    if time.monotonic() > deadline:
                        raise AssertionError(f"{text!r} was not processed in the quiet run")
                    await asyncio.sleep(0.1)
                settled, last = time.monotonic(), len(fake.sent(chat))
                while time.monotonic() - settled < 1.0:
                    await asyncio.sleep(0.1)
                    if len(fake.sent(chat)) != last:
                        settled, last = time.monotonic(), len(fake.sent(chat))
                sources.extend([index] * (last - len(sources)))
    finally:
        conn.close()
    return list(zip(_texts(fake, chat), sources, strict=True))


def _all_processed(system) -> bool:
    """Every stored update processed and no message kept for Rasa: no turn is under way."""
    import psycopg2

    conn = psycopg2.connect(system["pg"].url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT (SELECT count(*) FROM telegram_updates WHERE done_at IS NULL)"
                    " + (SELECT count(*) FROM deferred_turns)")
        return cur.fetchone()[0] == 0
    finally:
        conn.close()


def _processed(conn, update_id: int) -> bool:
    cur = conn.cursor()
    cur.execute("SELECT done_at IS NOT NULL FROM telegram_updates WHERE update_id = %s", (update_id,))
    row = cur.fetchone()
    return bool(row and row[0])


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    started = time.monotonic()
    with running_system(tmp_path_factory.mktemp("several"), rasa_servers=2, bot_apps=2,
                        extra_env={"INTAKE_STAFF_ALERT_CHAT": str(ALERT_CHAT)}) as system:
        system["ready_s"] = time.monotonic() - started
        system["expected"] = None
        yield system


def _expected(system) -> dict[str, list[str]]:
    """A quiet run of each script (once per system): the replies every chat must get."""
    if system["expected"] is None:
        deliverer = Deliverer(system["apps"])
        chats = {name: 7_000_000 + i for i, name in enumerate(SCRIPTS)}

        async def references():
            results = await asyncio.gather(*(_reference(system, deliverer, chats[n], s)
                                             for n, s in SCRIPTS.items()))
            return dict(zip(SCRIPTS, results, strict=True))

        started = time.monotonic()
        answered = asyncio.run(references())
        expected = {name: [text for text, _ in pairs] for name, pairs in answered.items()}
        system["sources"] = {name: [index for _, index in pairs] for name, pairs in answered.items()}
        for name, texts in expected.items():
            # What the dialogue makes of typed answers is the dialogue's business (it may loop and
            # apologise); here the quiet run only has to be a conversation, and the load the same one.
            print(f"\nquiet run '{name}': {len(texts)} replies: {[t[:60] for t in texts]}")
            assert len(texts) >= len(SCRIPTS[name]), (name, texts)
            assert sum("Probeer het zo nog eens" not in t for t in texts) >= len(SCRIPTS[name]), (name, texts)
            assert _one_moment() not in texts, (name, texts)
        # The same quiet run as the transcript holds it: each reply under the message it answers.
        quiet = _transcripts(system, list(chats.values()))
        system["quiet_transcripts"] = {name: quiet[chats[name]] for name in SCRIPTS}
        for name, transcript in system["quiet_transcripts"].items():
            assert transcript.messages == SCRIPTS[name], (name, transcript.messages)
            assert all(index is not None for index, _ in transcript.replies), (name, transcript.replies)
        immediate = _immediate_texts()
        for name in CRISIS_SCRIPTS:
            assert any(HELP_LINE in t for t in expected[name]), f"no help lines in the quiet run of {name!r}"
            # The card is what may arrive early: it must be recognised, else the comparison is stricter
            # than the system (and would fail a right answer).
            assert any(HELP_LINE in t and t in immediate for t in expected[name]), (name, expected[name])
        system["expected"], system["quiet_s"] = expected, time.monotonic() - started
    return system["expected"]


def test_six_chats_get_every_reply_once_in_order_across_two_bot_apps_while_one_restarts_and_a_rasa_dies(system):
    _run(system, IN_SUITE, base_chat=8_000_000, seed=17)


@pytest.mark.several
def test_two_hundred_chats_get_every_reply_once_in_order_while_a_rasa_and_a_bot_app_restart(system):
    _run(system, LOAD_RUN, base_chat=9_000_000, seed=18)


def test_with_redis_away_a_crisis_gets_its_card_at_once_from_one_app_and_the_rest_when_redis_is_back(system):
    """Redis stopped: no chat's turn can be had, yet a crisis message delivered to both bot apps
    (Telegram delivering it again) gets its card at once, once, with a line that the rest follows;
    when Redis is back its turn brings the rest of the quiet run's replies, without a second card,
    and the staff hear of it once."""
    import psycopg2

    from bot.conversation.crisis import CrisisHandler
    from bot.replies import t
    from bot.safety.replies import CARD_REST_FOLLOWS
    from bot.safety.screen import screen

    fake: FakeTelegram = system["fake"]
    apps: list[BotAppProcess] = system["apps"]
    for rasa in system["rasas"]:
        if rasa.proc.poll() is not None:  # left down by the test before
            rasa.start().wait(1200)
    expected = _expected(system)
    script = SCRIPTS["young"]
    crisis = script.index("ik wil er niet meer zijn")
    want = [text for text, index in zip(expected["young"], system["sources"]["young"], strict=True) if index <= crisis]
    card = [r.text for r in CrisisHandler.first_replies(screen(script[crisis]), "nl", script[crisis])]
    assert card and all(text in want for text in card), (card, want)
    rest = t("nl", CARD_REST_FOLLOWS)
    chat = 8_500_000
    deliverer = Deliverer(apps)

    async def quietly(texts):
        conn = psycopg2.connect(system["pg"].url)
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                for text in texts:
                    update = fake.text_update(chat, text)
                    await deliverer.deliver(client, update)
                    deadline = time.monotonic() + 180
                    while not _processed(conn, update["update_id"]):
                        assert time.monotonic() < deadline, f"{text!r} was not processed"
                        await asyncio.sleep(0.1)
        finally:
            conn.close()

    asyncio.run(quietly(script[:crisis]))
    time.sleep(2)
    before = len(fake.sent(chat))
    system["redis"].stop()
    try:
        update = fake.text_update(chat, script[crisis])
        for app in apps:  # Telegram delivers it to one app, then again to the other
            resp = httpx.post(f"{app.url}/telegram/webhook", json=update,
                              headers={"X-Telegram-Bot-Api-Secret-Token": "several-instances-test-secret"}, timeout=30)
            assert resp.status_code == 200, resp.status_code
        deadline = time.monotonic() + 30
        while rest not in _texts(fake, chat)[before:] and time.monotonic() < deadline:
            time.sleep(0.2)
        got_at = time.monotonic() - (deadline - 30)
        time.sleep(8)  # a second card would be here by now
        early = _texts(fake, chat)[before:]
        conn = psycopg2.connect(system["pg"].url)
        try:
            waiting = not _processed(conn, update["update_id"])
        finally:
            conn.close()
    finally:
        system["redis"].start()
    print(f"\nredis away: the card after {got_at:.1f} s: {[x[:40] for x in early]}")
    assert early == card + [rest], "the card at once, once, and that the rest follows"
    assert waiting, "no turn without Redis: the message waits for its turn"

    conn = psycopg2.connect(system["pg"].url)
    try:
        deadline = time.monotonic() + 240
        while not _processed(conn, update["update_id"]):
            assert time.monotonic() < deadline, "the message's turn never came after Redis was back"
            time.sleep(0.5)
    finally:
        conn.close()
    time.sleep(8)
    got = [x for x in _texts(fake, chat) if x != rest]
    assert got == want, f"got {[x[:40] for x in got]}\nquiet run {[x[:40] for x in want]}"
    assert _texts(fake, chat).count(rest) == 1
    assert _alerts_not_once(system, fake, [chat]) == []


def _run(system, load: Load, *, base_chat: int, seed: int) -> None:
    fake: FakeTelegram = system["fake"]
    apps: list[BotAppProcess] = system["apps"]
    rasas: list[Role] = system["rasas"]
    for rasa in rasas:
        if rasa.proc.poll() is not None:  # left down by the test before
            rasa.start().wait(1200)
    expected = _expected(system)
    deliverer = Deliverer(apps)
    rng = random.Random(seed)

    # The load: chats typing ahead, with a Rasa server killed and a bot app restarted inside it.
    chats = {base_chat + i: list(SCRIPTS)[i % len(SCRIPTS)] for i in range(load.chats)}
    total = sum(len(SCRIPTS[s]) for s in chats.values())
    chaos_log: list[str] = []
    delivered_at: dict[str, int] = {}
    halfway = 4  # messages each chat sends before a kill "between_turns"
    at_half: list[int] = []
    sent_at: dict[tuple[int, int], float] = {}  # (chat, message index) -> when the person sent it

    async def person(client, chat: int, script: list[str], go_on: asyncio.Event):
        await asyncio.sleep(rng.uniform(0, load.start_within_s))
        for i, text in enumerate(script):
            if load.rasa_kill == "between_turns" and i == halfway:
                at_half.append(chat)
                await go_on.wait()
            sent_at[chat, i] = time.time()  # the fake Bot API's clock (Call.at)
            await deliverer.deliver(client, fake.text_update(chat, text))
            await asyncio.sleep(rng.uniform(0.3, 3.0))

    marked_at: dict[str, float] = {}

    def mark(event: str) -> None:
        marked_at[event] = time.monotonic()
        delivered_at[event] = deliverer.delivered
        chaos_log.append(f"{time.monotonic() - load_started:.0f}s {event} ({deliverer.delivered} delivered)")

    async def kill_rasa(go_on: asyncio.Event):
        if load.rasa_kill == "between_turns":
            while len(at_half) < len(chats) or not await asyncio.to_thread(_all_processed, system):
                await asyncio.sleep(0.5)
        else:
            await asyncio.sleep(load.kill_rasa_at_s)
        rasas[1].kill(signal.SIGKILL)
        mark("rasa-2 killed")
        if load.rasa_kill == "in_flight":
            rasas[1].start()
        go_on.set()

    async def chaos(go_on: asyncio.Event):
        await kill_rasa(go_on)
        await asyncio.sleep(load.stop_app_after_s)
        mark("web-1 stopping")
        await asyncio.to_thread(apps[0].stop, 150)  # SIGTERM: it finishes its turns first
        mark("web-1 stopped")
        await asyncio.sleep(load.app_down_s)
        await asyncio.to_thread(apps[0].start, 120)
        mark("web-1 back")
        if load.rasa_kill == "in_flight":
            await asyncio.to_thread(rasas[1].wait, 1200)
            mark("rasa-2 back")

    async def run():
        go_on = asyncio.Event()
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            await asyncio.gather(chaos(go_on), *(person(client, c, SCRIPTS[s], go_on) for c, s in chats.items()))

    loads: list[float] = []
    sampling = threading.Event()

    def sample_load():
        while not sampling.wait(5):
            loads.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample_load, daemon=True)
    sampler.start()
    load_started = time.monotonic()
    asyncio.run(run())
    sent_s = time.monotonic() - load_started
    # The chaos happened while people were typing, not before or after (else it proves nothing).
    assert 0 < delivered_at["rasa-2 killed"] < total, chaos_log
    assert delivered_at["rasa-2 killed"] < delivered_at["web-1 stopping"] < total, chaos_log
    # Each chat's messages went to both bot apps: the order held across instances. Every chat that
    # sent two messages while both apps took them (before web-1 began to stop) crossed over; how
    # many chats did that depends on how fast the machine delivered, not on the bot.
    while_both = {}
    for at, chat, _app in deliverer.accepted:
        if at < marked_at["web-1 stopping"]:
            while_both[chat] = while_both.get(chat, 0) + 1
    crossing = [c for c, n in while_both.items() if n >= 2]
    both = [c for c in crossing if len(deliverer.accepted_by.get(c, ())) == len(apps)]
    assert len(crossing) >= min(3, len(chats)), f"only {len(crossing)} chats sent two messages before the stop"
    assert len(both) >= 0.9 * len(crossing), f"only {len(both)} of {len(crossing)} chats reached both bot apps"

    # Staff messages through the chat outbox while the chats go on (both apps run the loop).
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
        time.sleep(1)
    time.sleep(8)  # anything sent twice would arrive now
    answered_s = time.monotonic() - load_started
    sampling.set()
    sampler.join()

    immediate = _immediate_texts()
    results = {c: compare_replies(expected[s], clean(c), immediate) for c, s in chats.items()}
    wrong = {c: r for c, r in results.items() if not r.ok}
    reply_s = _reply_times(fake, chats, expected, system["sources"], sent_at, notice)
    figures = {
        "chats": load.chats, "messages": total, "expected_replies": sum(len(expected[s]) for s in chats.values()),
        "lost": sum(r.lost for r in results.values()), "duplicated": sum(r.duplicated for r in results.values()),
        "chats_out_of_order": sum(r.out_of_order for r in results.values()), "chats_wrong": len(wrong),
        "messages_answered": len(reply_s),
        "reply_p50_s": _percentile(reply_s, 50), "reply_p95_s": _percentile(reply_s, 95),
        "reply_max_s": max(reply_s, default=None),
        "load_mean": statistics.fmean(loads) if loads else os.getloadavg()[0],
        "load_max": max(loads, default=os.getloadavg()[0]),
        "sending_s": round(sent_s), "answered_s": round(answered_s), "ready_s": round(system["ready_s"]),
        "rasa_kill": load.rasa_kill, "chaos": chaos_log, "retries": deliverer.retries,
        "notices": sum(t == notice for c in chats for t in _texts(fake, c)),
        "action_servers": len(system["actions"]), "rasa_servers": len(rasas), "bot_apps": len(apps),
    }

    def where(chat: int, result) -> str:
        got, want = clean(chat), expected[chats[chat]]
        at = result.diverges_at
        return (f"chat {chat} ({chats[chat]}): lost {result.lost}, twice {result.duplicated}, "
                f"out of order {result.out_of_order}; diverges at reply {at} of {len(got)} "
                f"(expected {len(want)}): got {[t[:40] for t in got[max(0, at - 2):at + 3]]!r}\n"
                f"  quiet run: {[t[:40] for t in want[max(0, at - 2):at + 3]]!r}")

    # Every check runs and says what it found; the test fails at the end with all of them.
    failures: list[str] = []
    if wrong:
        failures.append(f"{len(wrong)} of {len(chats)} chats did not get exactly their replies in order (as "
                        "Telegram got them):\n" + "\n".join(where(c, r) for c, r in wrong.items()))
    transcripts = _transcripts(system, list(chats))
    by_message = {c: check_by_message(SCRIPTS[s], system["quiet_transcripts"][s], transcripts[c], immediate, {notice})
                  for c, s in chats.items()}
    messages_wrong = {c: p for c, p in by_message.items() if p}
    if messages_wrong:
        failures.append(f"{len(messages_wrong)} of {len(chats)} chats, message by message (the transcript's "
                        "reply_to):\n" + "\n".join(f"chat {c} ({chats[c]}): " + "; ".join(p)
                                                    for c, p in messages_wrong.items()))
    figures["chats_wrong_by_message"] = len(messages_wrong)
    figures["messages_wrong"] = sum(sum(p.startswith("message ") for p in ps) for ps in by_message.values())

    for chat, body in outbox_bodies.items():
        times = sum(t == body for t in _texts(fake, chat))
        if times != 1:
            failures.append(f"outbox message to {chat} sent {times} times")
    failures += _alerts_not_once(system, fake, [c for c, s in chats.items() if s in CRISIS_SCRIPTS])
    failures += _left_over(system)
    notices = sum(t == notice for c in chats for t in _texts(fake, c))
    if load.rasa_kill == "between_turns" and notices:
        # A Rasa server that refuses the connection is skipped at once: nobody had to wait.
        failures.append(f"{notices} 'één moment' notices although the other Rasa server was up")
    for app in apps:
        if "Traceback" in app.log():
            failures.append(f"a traceback in a bot app's log:\n{app.log()[-3000:]}")
    figures["failed_checks"] = [f.splitlines()[0] for f in failures]
    print(f"\nfigures: {json.dumps(figures)}")
    if os.environ.get("INTAKE_SEVERAL_FIGURES") and load is LOAD_RUN:
        Path(os.environ["INTAKE_SEVERAL_FIGURES"]).write_text(json.dumps(figures, indent=1) + "\n")
    rss = _peak_rss_mb([r.proc.pid for r in rasas] + [a.proc.pid for a in apps])
    print(f"\nseveral instances: {load.chats} chats x 8 messages; system ready after {system['ready_s']:.0f} s, "
          f"quiet runs {system['quiet_s']:.0f} s, sending {sent_s:.0f} s, all answered after {answered_s:.0f} s; "
          f"'één moment' notices {notices}; deliveries retried {deliverer.retries}; "
          f"chaos: {', '.join(chaos_log)}; peak RSS MB {sorted(round(v) for v in rss.values())}")
    assert not failures, "\n".join(failures)


def _transcripts(system, chats: list[int]) -> dict[int, ChatTranscript]:
    """Each chat's transcript: the person's messages, and the bot's lines in the order written,
    each with the index of the message it answers (reply_to)."""
    from sqlalchemy import select

    from bot.store import repo
    from bot.store.models import Message

    store = _store_for(system["env"], system["root"] / "test-store")
    out = {}
    try:
        with store.session() as s:
            for chat in chats:
                conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
                if conv is None:  # none of its messages was processed: the checks say so, with the rest
                    out[chat] = ChatTranscript([], [])
                    continue
                # The practice's messages through the chat outbox (queued by this test) answer none.
                rows = s.execute(select(Message.id, Message.direction, Message.reply_to, Message.body)
                                 .where(Message.conversation_id == conv.id, Message.kind != "staff_message")
                                 .order_by(Message.id)).all()
                inbound = {r.id: i for i, r in enumerate(r for r in rows if r.direction == "in")}
                out[chat] = ChatTranscript(
                    [store.cipher.decrypt(r.body) for r in rows if r.direction == "in"],
                    [(inbound.get(r.reply_to), store.cipher.decrypt(r.body)) for r in rows if r.direction == "out"])
    finally:
        store.dispose()
    return out


def _reply_times(fake: FakeTelegram, chats: dict[int, str], expected: dict[str, list[str]],
                 sources: dict[str, list[int]], sent_at: dict[tuple[int, int], float], notice: str) -> list[float]:
    """Seconds from a person sending a message to the bot's first reply to it: the quiet run says
    which reply that is (the n-th time its text appears in the chat); a reply that never came has
    no time (it counts as lost)."""
    calls: dict[str, list] = {}
    for call in fake.calls_of("sendMessage"):
        if call.status == 200:
            calls.setdefault(str(call.params.get("chat_id")), []).append(call)
    times = []
    for chat, script in chats.items():
        got = [c for c in calls.get(str(chat), []) if c.params.get("text") != notice]
        seen: dict[str, int] = {}
        first_of: dict[int, tuple[str, int]] = {}
        for text, index in zip(expected[script], sources[script], strict=True):
            seen[text] = seen.get(text, 0) + 1
            first_of.setdefault(index, (text, seen[text]))
        for index, (text, nth) in first_of.items():
            matches = [c.at for c in got if c.params.get("text") == text]
            if len(matches) >= nth and (chat, index) in sent_at:
                times.append(matches[nth - 1] - sent_at[chat, index])
    return times


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


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


def _queue_outbox(system, chats: list[int]) -> dict[int, str]:
    from bot.store import repo
    from bot.store.models import utcnow
    from bot.store.models_booking import ChatOutbox

    store = _store_for(system["env"], system["root"] / "test-store")
    bodies = {}
    try:
        # Under load a chat's first message may still wait for its turn when the sending ends:
        # its conversation exists once that message is processed (the later checks need it anyway).
        deadline = time.monotonic() + 600
        while True:
            with store.session() as s:
                missing = [c for c in chats if repo.find_conversation(s, channel="telegram", external_id=str(c)) is None]
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(2)
        with store.session() as s:
            for chat in chats:
                conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
                assert conv is not None, f"chat {chat} has no conversation 10 minutes after the sending ended"
                bodies[chat] = f"Bericht van de praktijk nummer {chat}: tot dinsdag."
                s.add(ChatOutbox(conversation_id=conv.id, kind="staff_message", body=bodies[chat], due_utc=utcnow()))
    finally:
        store.dispose()
    return bodies


def _alerts_not_once(system, fake: FakeTelegram, crisis_chats: list[int]) -> list[str]:
    """Every crisis event of the crisis chats reached the staff chat once, and no alert is unsent."""
    from sqlalchemy import func, select

    from bot.store import repo
    from bot.store.models import CrisisEvent, StaffAlert

    alerts = [c.params["text"] for c in fake.calls_of("sendMessage") if str(c.params.get("chat_id")) == str(ALERT_CHAT)]
    problems = []
    store = _store_for(system["env"], system["root"] / "test-store")
    try:
        with store.session() as s:
            for chat in crisis_chats:
                conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
                if conv is None:
                    problems.append(f"chat {chat}: no conversation (none of its messages was processed)")
                    continue
                events = s.execute(select(func.count()).select_from(CrisisEvent)
                                   .where(CrisisEvent.conversation_id == conv.id)).scalar_one()
                got = sum(conv.reference in text for text in alerts)
                if events < 1 or got != events:
                    problems.append(f"chat {chat}: {events} crisis events, {got} staff alerts")
            unsent = s.execute(select(func.count()).select_from(StaffAlert).where(StaffAlert.sent_at.is_(None))).scalar_one()
            if unsent:
                problems.append(f"{unsent} staff alerts never sent")
    finally:
        store.dispose()
    return problems


def _left_over(system) -> list[str]:
    """What is still waiting once the load is over: all of it should have been done."""
    import psycopg2

    checks = [("SELECT count(*) FROM telegram_updates WHERE done_at IS NULL", "stored updates left unprocessed"),
              ("SELECT count(*) FROM telegram_updates WHERE payload IS NOT NULL", "processed updates kept their payload"),
              ("SELECT count(*) FROM deferred_turns", "messages kept for Rasa never answered"),
              ("SELECT count(*) FROM chat_outbox WHERE sent_at IS NULL", "outbox messages never sent")]
    conn = psycopg2.connect(system["pg"].url)
    try:
        cur = conn.cursor()
        problems = []
        for query, what in checks:
            cur.execute(query)
            count = cur.fetchone()[0]
            if count:
                problems.append(f"{count} {what}")
        return problems
    finally:
        conn.close()


if __name__ == "__main__":  # pragma: no cover - run it alone: python -m tests.e2e.test_several_instances
    sys.exit(pytest.main([__file__, "-q", "-s"]))
