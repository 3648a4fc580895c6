"""Several instances, without the network: settings, stored webhook updates, claimed staff
alerts and outbox rows, messages kept while Rasa is away, and the Rasa client's failover."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import httpx
import pytest
import yaml

from bot.config import ConfigError, Settings
from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_hooks
from bot.scale import updates, waiting
from bot.scale.shared import MemoryState
from bot.scale.webhook import DurableUpdates
from bot.store.models import utcnow

TOKEN = "123:ABC"
SECRET = "a-fixed-secret-of-enough-length"


# -- settings ----------------------------------------------------------------------------------


def _env(tmp_path, **extra):
    return {"INTAKE_DATA_DIR": str(tmp_path), **extra}


def test_several_instances_refuse_polling_and_say_what_to_set(tmp_path):
    with pytest.raises(ConfigError, match="INTAKE_TELEGRAM_WEBHOOK_URL.*polling is refused"):
        Settings.from_env(_env(tmp_path, INTAKE_REDIS_URL="redis://r:6379/0", INTAKE_TELEGRAM_TOKEN=TOKEN))


def test_several_instances_need_one_fixed_webhook_secret(tmp_path):
    with pytest.raises(ConfigError, match="INTAKE_TELEGRAM_WEBHOOK_SECRET.*same value on every instance"):
        Settings.from_env(_env(tmp_path, INTAKE_REDIS_URL="redis://r:6379/0", INTAKE_TELEGRAM_TOKEN=TOKEN,
                               INTAKE_TELEGRAM_WEBHOOK_URL="https://bot.example/tg"))


def test_several_instances_with_webhook_and_secret_say_why_they_use_the_webhook(tmp_path):
    s = Settings.from_env(_env(tmp_path, INTAKE_REDIS_URL="redis://r:6379/0", INTAKE_TELEGRAM_TOKEN=TOKEN,
                               INTAKE_TELEGRAM_WEBHOOK_URL="https://bot.example/tg",
                               INTAKE_TELEGRAM_WEBHOOK_SECRET=SECRET))
    assert s.shared_state and s.telegram_mode == "webhook"
    assert "fixed secret" in s.telegram_mode_reason and "every instance" in s.telegram_mode_reason


def test_one_instance_polls_and_says_why(tmp_path):
    s = Settings.from_env(_env(tmp_path, INTAKE_TELEGRAM_TOKEN=TOKEN))
    assert s.telegram_mode == "polling" and "only instance" in s.telegram_mode_reason


@pytest.mark.parametrize("env, fragment", [
    ({"INTAKE_REDIS_URL": "http://r:6379"}, "INTAKE_REDIS_URL"),
    ({"INTAKE_TELEGRAM_WEBHOOK_SECRET": "short"}, "16-256 characters"),
    ({"INTAKE_TELEGRAM_WEBHOOK_SECRET": "has spaces in it, not allowed"}, "A-Z, a-z, 0-9"),
])
def test_bad_values_for_several_instances_are_named(tmp_path, env, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Settings.from_env(_env(tmp_path, **env))


def test_several_rasa_servers_in_one_variable(tmp_path):
    s = Settings.from_env(_env(tmp_path, INTAKE_RASA_URL="http://rasa-1:5005, http://rasa-2:5005/"))
    assert s.rasa_urls == ("http://rasa-1:5005", "http://rasa-2:5005")
    assert s.rasa_url == "http://rasa-1:5005" and s.rasa_url_explicit


def test_rasa_gets_the_redis_lock_store_and_the_addresses_of_actions_and_nlg(tmp_path):
    from bot.runtime import write_rasa_files

    s = Settings.from_env(_env(tmp_path, INTAKE_REDIS_URL="redis://:pw@redis.internal:6380/2",
                               INTAKE_ACTION_URL="http://actions:5055/webhook",
                               INTAKE_NLG_URL="http://web:8080/nlg"))
    endpoints, _ = write_rasa_files(s)
    cfg = yaml.safe_load(endpoints.read_text())
    assert cfg["lock_store"] == {"type": "redis", "url": "redis.internal", "port": 6380, "db": 2,
                                 "key_prefix": "intake", "password": "pw"}
    assert cfg["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert cfg["nlg"]["url"] == "http://web:8080/nlg"
    assert oct(endpoints.stat().st_mode & 0o777) == "0o600"


def test_one_machine_keeps_rasas_own_memory_lock_store(settings):
    from bot.runtime import write_rasa_files

    endpoints, _ = write_rasa_files(settings)
    assert "lock_store" not in yaml.safe_load(endpoints.read_text())


# -- stored webhook updates ------------------------------------------------------------------------


def _update(update_id: int, chat: int, text: str = "hoi") -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 0, "text": text,
                                                "chat": {"id": chat, "type": "private"}}}


def test_an_update_is_stored_once_encrypted_and_claimed_oldest_first(store):
    key = updates.chat_key(store.cipher, 77)
    assert updates.store(store, update_id=11, key=key, data=_update(11, 77, "geheime tekst"))
    assert updates.store(store, update_id=10, key=key, data=_update(10, 77))
    assert not updates.store(store, update_id=11, key=key, data=_update(11, 77)), "a redelivery is recognised"
    with store.engine.connect() as conn:
        payloads = [bytes(r[0]) for r in conn.exec_driver_sql("SELECT payload FROM telegram_updates")]
    assert all(p.startswith(b"gAAAAA") for p in payloads), "Fernet tokens only"
    assert not any(b"geheime" in p or b'"chat"' in p for p in payloads)
    first = updates.claim_next(store, key=key, owner="a")
    assert first.update_id == 10 and first.data["message"]["text"] == "hoi"
    updates.finish(store, first.id)
    second = updates.claim_next(store, key=key, owner="a")
    assert second.update_id == 11
    updates.finish(store, second.id)
    assert updates.claim_next(store, key=key, owner="a") is None
    with store.engine.connect() as conn:
        assert [r[0] for r in conn.exec_driver_sql("SELECT payload FROM telegram_updates")] == [None, None]


def test_only_stale_unfinished_updates_are_swept_and_finished_ones_are_purged_after_a_day(store):
    key = updates.chat_key(store.cipher, 5)
    updates.store(store, update_id=1, key=key, data=_update(1, 5))
    now = utcnow()
    assert updates.waiting_chats(store, older_than=timedelta(seconds=3), now=now) == []
    assert updates.waiting_chats(store, older_than=timedelta(seconds=3), now=now + timedelta(seconds=5)) == [key]
    row = updates.claim_next(store, key=key, owner="a")
    updates.finish(store, row.id, now=now)
    assert updates.purge(store, now=now + timedelta(hours=1)) == 0
    assert updates.purge(store, now=now + timedelta(days=2)) == 1


def test_the_chat_of_an_update_is_read_from_messages_presses_and_membership_changes():
    assert updates.chat_of(_update(1, 9)) == 9
    assert updates.chat_of({"update_id": 2, "callback_query": {"from": {"id": 3}, "message": {"chat": {"id": 4}}}}) == 4
    assert updates.chat_of({"update_id": 2, "callback_query": {"from": {"id": 3}}}) == 3
    assert updates.chat_of({"update_id": 3, "my_chat_member": {"chat": {"id": -100}}}) == -100
    assert updates.chat_of({"update_id": 4, "poll": {}}) is None


async def _settle(durable: DurableUpdates) -> None:
    for _ in range(200):
        await asyncio.sleep(0.01)
        if not any(not t.done() for t in durable._active.values()):
            return


async def test_stored_updates_are_processed_once_in_order_per_chat_even_when_one_fails(store):
    seen: list[tuple[int, int]] = []

    async def process(data):
        chat = data["message"]["chat"]["id"]
        await asyncio.sleep(0.01 if data["update_id"] % 2 else 0.03)
        if data["message"]["text"] == "kapot":
            raise RuntimeError("handler bug")
        seen.append((chat, data["update_id"]))

    durable = DurableUpdates(store, MemoryState(), process, owner="a")
    statuses = []
    for uid in (1, 2, 3, 4, 5, 6):
        chat = 100 + uid % 2
        statuses.append(await durable.receive(_update(uid, chat, "kapot" if uid == 3 else "hoi"), ready=True))
    statuses.append(await durable.receive(_update(2, 100), ready=True))  # Telegram delivers it again
    assert statuses == [200] * 7
    await _settle(durable)
    assert [u for c, u in seen if c == 100] == [2, 4, 6]
    assert [u for c, u in seen if c == 101] == [1, 5], "update 3 failed, the chat went on"
    assert updates.unfinished(store) == 0
    assert await durable.receive({"no": "update_id"}, ready=True) == 400


async def test_updates_left_by_an_instance_that_stopped_are_processed_by_another(store):
    seen = []

    async def process(data):
        seen.append(data["update_id"])

    first = DurableUpdates(store, MemoryState(), process, owner="a")
    await first.receive(_update(1, 7), ready=False)  # stored, not yet processed (Telegram not booted)
    await first.receive(_update(2, 7), ready=False)
    await first.stop()
    assert seen == [] and updates.unfinished(store) == 2
    assert await first.receive(_update(3, 7), ready=True) == 503, "a stopped instance sends Telegram elsewhere"
    await asyncio.sleep(0.05)
    assert seen == [] and updates.unfinished(store) == 2
    other = DurableUpdates(store, MemoryState(), process, owner="b")
    with store.session() as s:  # as if stored a while ago
        from sqlalchemy import update as sql_update

        from bot.store.models_scale import TelegramUpdate

        s.execute(sql_update(TelegramUpdate).values(received_at=utcnow() - timedelta(seconds=10)))
    assert await other.sweep() == 1
    await _settle(other)
    assert seen == [1, 2]


async def test_with_the_database_down_an_update_is_still_processed_from_memory(settings):
    from bot.store.db import Store

    broken = Store(settings.with_overrides(database_url="sqlite:////nonexistent-dir/x.db"))
    seen = []

    async def process(data):
        seen.append(data["update_id"])

    durable = DurableUpdates(broken, MemoryState(), process, owner="a")
    assert await durable.receive(_update(1, 3), ready=True) == 200
    assert await durable.receive(_update(2, 3), ready=False) == 503, "not booted and not stored: Telegram retries"
    await asyncio.sleep(0.1)
    assert seen == [1]


class _SharedTurns(MemoryState):
    """Several instances as the webhook sees them: shared state whose chat turn is (not) had."""

    shared = True

    def __init__(self, had: bool):
        super().__init__()
        self.had = had

    def chat_turn(self, chat_key, *, wait_s=None):
        if self.had:
            return super().chat_turn(chat_key, wait_s=wait_s)
        import contextlib

        return contextlib.asynccontextmanager(self._not_had)()

    async def _not_had(self):
        yield False


async def test_with_several_instances_and_the_database_down_telegram_gets_503_unless_the_turn_is_had(settings):
    from bot.store.db import Store

    broken = Store(settings.with_overrides(database_url="sqlite:////nonexistent-dir/x.db"))
    seen = []

    async def process(data):
        seen.append(data["update_id"])

    busy = DurableUpdates(broken, _SharedTurns(had=False), process, owner="a")
    assert await busy.receive(_update(1, 3), ready=True) == 503, "not stored and no turn: Telegram delivers it again"
    await asyncio.sleep(0.1)
    assert seen == [], "never processed beside whoever holds the chat"
    free = DurableUpdates(broken, _SharedTurns(had=True), process, owner="b")
    assert await free.receive(_update(2, 3), ready=True) == 200
    await asyncio.sleep(0.1)
    assert seen == [2], "the turn was had: processed from memory, the help lines do not wait"


async def test_an_update_that_hangs_is_stopped_at_its_deadline_the_person_told_and_the_chat_goes_on(store):
    seen, told = [], []
    never = asyncio.Event()

    async def process(data):
        if data["update_id"] == 1:
            await never.wait()  # a turn stuck on something that never answers
        seen.append(data["update_id"])

    async def gave_up(data):
        told.append(data["update_id"])

    durable = DurableUpdates(store, MemoryState(), process, owner="a", deadline=0.3, gave_up=gave_up)
    await durable.receive(_update(1, 8), ready=True)
    await durable.receive(_update(2, 8), ready=True)
    for _ in range(100):
        await asyncio.sleep(0.05)
        if seen:
            break
    assert seen == [2], "the chat's next update got its turn after the stuck one's deadline"
    assert told == [1], "the person whose message was stopped hears it did not work"
    await _settle(durable)
    assert updates.unfinished(store) == 0


def test_an_update_another_instance_claimed_moments_ago_is_not_claimed_again_nor_any_after_it(store):
    key = updates.chat_key(store.cipher, 12)
    updates.store(store, update_id=1, key=key, data=_update(1, 12))
    updates.store(store, update_id=2, key=key, data=_update(2, 12))
    fence = timedelta(seconds=60)
    first = updates.claim_next(store, key=key, owner="a", fence=fence)
    assert first.update_id == 1
    assert updates.claim_next(store, key=key, owner="b", fence=fence) is None, "a is working on it; 2 waits too"
    assert updates.claim_next(store, key=key, owner="a", fence=fence).update_id == 1, "its own claim"
    later = updates.claim_next(store, key=key, owner="b", fence=fence, now=utcnow() + timedelta(seconds=61))
    assert later.update_id == 1 and later.attempts == 3, "past the fence a died or gave up: b takes it"
    updates.release(store, later.id)
    assert updates.claim_next(store, key=key, owner="c", fence=fence).update_id == 1, "a released update is free"


# -- staff alerts and the chat outbox: claimed, marked sent right after the send --------------------


class RecordingBot:
    def __init__(self, fail_first: int = 0):
        self.sent: list[str] = []
        self.fail_first = fail_first

    async def send_message(self, chat_id, text, **_kw):
        if self.fail_first:
            self.fail_first -= 1
            raise RuntimeError("telegram away")
        await asyncio.sleep(0.005)
        self.sent.append(text)


def _queue_crises(store, n: int) -> list[str]:
    from bot.store import repo

    refs = []
    with store.session() as s:
        for i in range(n):
            conv = repo.get_or_create_conversation(s, channel="telegram", external_id=f"9{i}")
            repo.queue_staff_alert(s, conversation=conv, kind="crisis", text="x")
            refs.append(conv.reference)
    return refs


async def test_two_instances_deliver_each_staff_alert_once(settings, store):
    from bot.alerts import TelegramAlertSink

    refs = _queue_crises(store, 12)
    bots = [RecordingBot(), RecordingBot()]
    sinks = [TelegramAlertSink(settings, store, b, "-100") for b in bots]
    sinks[1].owner = "other-instance"
    await asyncio.gather(*(s.deliver_pending() for s in sinks for _ in range(3)))
    sent = [t for b in bots for t in b.sent]
    assert sorted(r for r in refs for t in sent if r in t) == sorted(refs), "each alert exactly once"
    assert len(sent) == len(refs)


async def test_a_failed_alert_is_given_back_and_sent_on_the_next_pass(settings, store):
    from bot.alerts import TelegramAlertSink

    refs = _queue_crises(store, 2)
    bot = RecordingBot(fail_first=1)
    sink = TelegramAlertSink(settings, store, bot, "-100")
    assert await sink.deliver_pending() == []
    assert await sink.deliver_pending() == refs


async def test_a_crisis_with_its_outbox_row_is_not_sent_a_second_time_by_the_caller(settings, store):
    from bot.alerts import TelegramAlertSink

    (ref,) = _queue_crises(store, 1)
    bot = RecordingBot()
    await TelegramAlertSink(settings, store, bot, "-100").crisis(reference=ref, category="suicide")
    await TelegramAlertSink(settings, store, bot, "-100").crisis(reference=ref, category="suicide")
    assert len(bot.sent) == 1


def test_an_outbox_message_whose_transcript_write_fails_is_not_sent_twice(store, monkeypatch):
    from bot import outbox
    from bot.store import repo
    from bot.store.models_booking import ChatOutbox

    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id="55")
        s.add(ChatOutbox(conversation_id=conv.id, kind="staff_message", body="Tot morgen", due_utc=utcnow()))
    sends = []

    def deliver(info, text):
        sends.append(text)

    def transcript_write_fails(*_args, **_kwargs):
        raise RuntimeError("transcript write failed")

    monkeypatch.setattr(repo, "add_message", transcript_write_fails)
    later = utcnow() + timedelta(minutes=1)
    assert outbox.run_once(store, deliver, owner="a", now=later) == 1
    assert outbox.run_once(store, deliver, owner="b", now=later + outbox.LEASE * 2) == 0
    assert sends == ["Tot morgen"]


def test_a_job_runs_directly_on_sqlite(store):
    from bot.scale.jobs import exclusive, lock_key

    assert exclusive(store, "x", lambda a, b=0: a + b, 1, b=2) == 3
    assert lock_key("retention") == lock_key("retention") != lock_key("chat-outbox")


# -- messages kept while Rasa is away -----------------------------------------------------------


class FlakyRasa:
    def __init__(self):
        self.up = False
        self.received: list[str] = []
        self.typed: list[str | None] = []  # the metadata's "typed" of each message received

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200 if self.up else 503, text="Hello from Rasa")
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        body = json.loads(request.content)
        message = body["message"]
        self.received.append(message)
        self.typed.append((body.get("metadata") or {}).get("typed"))
        return httpx.Response(200, json=[{"text": f"antwoord op {message}"}])


def _service(settings, store, rasa: FlakyRasa) -> ConversationService:
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(rasa.handler)))
    return ConversationService(settings, store, client, hooks=build_hooks(settings, store))


async def test_while_rasa_is_away_telegram_messages_wait_with_one_moment_and_are_answered_in_order(settings, store):
    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    first = await service.handle(Inbound("telegram", "321", text="mijn zoon slaapt slecht"))
    second = await service.handle(Inbound("telegram", "321", text="en hij piekert"))
    assert [r.text for r in first] == [waiting.t("nl", waiting.ONE_MOMENT)]
    assert second == [], "one 'één moment' per waiting spell"
    crisis = await service.handle(Inbound("telegram", "321", text="ik wil er niet meer zijn"))
    assert "113" in crisis[0].text, "a crisis message never waits"

    pushed: list[str] = []

    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    replay = waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=lambda x: x)
    assert await replay.once() == 0, "nothing is sent while Rasa is still away"
    rasa.up = True
    assert await replay.once() == 3
    assert pushed[:2] == ["antwoord op mijn zoon slaapt slecht", "antwoord op en hij piekert"]
    assert rasa.received[2].startswith("/crisis{"), "Rasa learns about the crisis, in its place"
    assert await replay.once() == 0
    later = await service.handle(Inbound("telegram", "321", text="dank je"))
    assert [r.text for r in later] == ["antwoord op dank je"]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM deferred_turns").scalar() == 0


async def test_a_replay_that_fails_for_one_conversation_goes_on_with_the_others(settings, store):
    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    await service.handle(Inbound("telegram", "401", text="mijn zoon slaapt slecht"))
    await service.handle(Inbound("telegram", "402", text="mijn dochter eet slecht"))
    pushed: list[tuple[str, str]] = []

    def push(external_id):
        async def emit(reply):
            if external_id == "401":
                raise RuntimeError("this chat cannot be sent to now")
            pushed.append((external_id, reply.text))
        return emit

    rasa.up = True
    replay = waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=lambda x: x)
    assert await replay.once() == 1
    assert pushed == [("402", "antwoord op mijn dochter eet slecht")], "the other conversation was answered"


async def test_the_terminal_cannot_be_answered_later_so_it_keeps_the_apology(settings, store):
    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    out = await service.handle(Inbound("terminal", "t1", text="hallo"))
    assert "Probeer het zo nog eens" in out[0].text


async def test_rasa_client_sends_a_conversation_to_the_next_server_when_its_own_refuses(settings):
    hits = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "rasa-a":
            raise httpx.ConnectError("refused", request=request)
        hits.append(request.url.host)
        return httpx.Response(200, json=[{"text": "ok"}])

    client = RasaClient(["http://rasa-a", "http://rasa-b"],
                        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    for sender in ("s1", "s2", "s3", "s4"):
        assert await client.send(sender, "hoi") == [{"text": "ok"}]
    assert hits == ["rasa-b"] * 4


async def test_rasa_client_does_not_send_a_message_twice_when_a_server_failed_mid_request():
    hits = []

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(request.url.host)
        raise httpx.ReadError("connection reset", request=request)

    from bot.conversation.rasa import RasaUnavailable

    client = RasaClient(["http://rasa-a", "http://rasa-b"],
                        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    with pytest.raises(RasaUnavailable):
        await client.send("s1", "hoi")
    assert len(hits) == 1


async def test_a_message_rasa_took_before_it_failed_is_answered_from_the_tracker_not_sent_twice(settings, store):
    """Rasa got the message, saved its turn and then the answer was lost (a timeout): the
    message waits until that server must be done, then its replies come from the tracker."""
    from sqlalchemy import update as sql_update

    from bot.privacy.trackers import EVENTS
    from bot.store.models_scale import DeferredTurn

    EVENTS.create(store.engine, checkfirst=True)  # the migration makes it; Rasa would too
    received = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, text="Hello from Rasa")
        body = json.loads(request.content)
        received.append(body)
        with store.engine.begin() as conn:  # what Rasa saves before the answer is lost
            conn.execute(EVENTS.insert(), [
                {"sender_id": body["sender"], "type_name": "user",
                 "data": store.cipher.encrypt_text(json.dumps({"event": "user", "text": body["message"],
                                                               "metadata": body["metadata"]}))},
                {"sender_id": body["sender"], "type_name": "bot",
                 "data": store.cipher.encrypt_text(json.dumps({"event": "bot", "text": "Hoe oud is hij?",
                                                               "data": {"buttons": []}}))},
            ])
        raise httpx.ReadTimeout("timed out", request=request)

    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    service = ConversationService(settings, store, client, hooks=build_hooks(settings, store))
    out = await service.handle(Inbound("telegram", "654", text="mijn zoon piekert"))
    assert [r.text for r in out] == [waiting.t("nl", waiting.ONE_MOMENT)]
    pushed = []

    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    replay = waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=lambda x: x)
    assert await replay.once() == 0, "not before the server that got it must be done"
    with store.session() as s:
        s.execute(sql_update(DeferredTurn).values(not_before=utcnow() - timedelta(seconds=1)))
    assert await replay.once() == 1
    assert pushed == ["Hoe oud is hij?"]
    assert len(received) == 1, "the message went to Rasa once"


def test_a_kept_message_is_found_in_the_tracker_only_by_its_own_turn_id(store):
    from bot.privacy.trackers import EVENTS

    EVENTS.create(store.engine, checkfirst=True)  # the migration makes it; Rasa would too

    def event(kind, body):
        return {"sender_id": "s1", "type_name": kind, "data": store.cipher.encrypt_text(json.dumps(body))}

    with store.engine.begin() as conn:
        conn.execute(EVENTS.insert(), [
            event("user", {"text": "a", "metadata": {"turn_id": "t1"}}),
            event("bot", {"text": "antwoord a", "data": {}}),
            event("user", {"text": "b", "metadata": {"turn_id": "t2"}}),
            event("action", {"name": "action_listen"}),
            event("bot", {"text": "antwoord b", "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]}}),
            event("bot", {"data": {"custom": {"ics": "x"}}}),
        ])
    assert waiting.answered_in_tracker(store, "s1", "t1") == [{"text": "antwoord a"}]
    assert waiting.answered_in_tracker(store, "s1", "t2") == [
        {"text": "antwoord b", "buttons": [{"title": "Ja", "payload": "/affirm"}]}, {"custom": {"ics": "x"}}]
    assert waiting.answered_in_tracker(store, "s1", "t3") is None


async def test_telling_rasa_about_a_crisis_waits_too_but_the_person_only_gets_the_help_lines(settings, store):
    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    crisis = await service.handle(Inbound("telegram", "777", text="ik wil er niet meer zijn"))
    notice = waiting.t("nl", waiting.ONE_MOMENT)
    assert "113" in crisis[0].text and notice not in [r.text for r in crisis]
    later = await service.handle(Inbound("telegram", "777", text="hallo?"))
    assert [r.text for r in later] == [notice], "the first ordinary message gets the notice"
    pushed = []

    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    rasa.up = True
    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str).once() == 2
    assert rasa.received[0].startswith("/crisis{") and rasa.received[1] == "hallo?"


async def test_a_crisis_while_a_message_waits_gets_the_help_lines_at_once_and_reaches_rasa_after_it(settings, store):
    # A Rasa server failed mid-turn: that message waits (up to 75 s) while another server is up.
    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    first = await service.handle(Inbound("telegram", "888", text="ik pieker heel veel"))
    assert [r.text for r in first] == [waiting.t("nl", waiting.ONE_MOMENT)]
    rasa.up = True
    crisis = await service.handle(Inbound("telegram", "888", text="ik wil er niet meer zijn"))
    assert "113" in crisis[0].text, "the help lines never wait"
    assert rasa.received == [], "Rasa must not hear of the crisis before the message that came first"
    pushed = []

    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str).once() == 2
    assert rasa.received[0] == "ik pieker heel veel" and rasa.received[1].startswith("/crisis{")
    assert pushed[0] == "antwoord op ik pieker heel veel"


async def test_a_safe_answer_that_waited_behind_a_kept_message_still_gets_the_plan_offer(settings, store):
    # "ja ik ben nu veilig" reaches Rasa as /affirm_safe; when it waited behind a kept message, the
    # reply that follows that answer (the safety plan's offer) must follow it on the replay too.
    from bot.waiting import texts as plan_texts

    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    await service.handle(Inbound("telegram", "999", text="ik pieker heel veel"))
    rasa.up = True
    crisis = await service.handle(Inbound("telegram", "999", text="ik wil er niet meer zijn"))
    assert "113" in crisis[0].text
    safe = await service.handle(Inbound("telegram", "999", text="ja ik ben nu veilig"))
    assert rasa.received == [] and safe == [], "the answer waits behind the kept message"
    pushed = []

    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str).once() == 3
    assert rasa.received[2] == "/affirm_safe"
    assert pushed[-2:] == ["antwoord op /affirm_safe", waiting.t("nl", plan_texts.PLAN_OFFER_AFTER_SAFE)]


async def test_a_kept_typed_answer_reaches_rasa_later_with_what_was_typed(settings, store):
    # "ik ben 16" typed at "Voor wie schrijf je?" goes to Rasa as the role button with the typed
    # text in its metadata (the intake form reads the age from it). Kept while Rasa is away, or
    # behind another kept message, it must still carry that text when it is sent later.
    from bot.conversation import Turn
    from bot.safety import Verdict
    from bot.store import repo

    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    role = '/inform_role{"role":"jongere"}'

    async def typed_answer(chat: str, text: str) -> None:
        with store.session() as s:
            conv = repo.find_conversation(s, channel="telegram", external_id=chat)
            found = waiting.conversation_of(store, conv.id)

        async def emit(reply):
            pass

        turn = Turn(inbound=Inbound("telegram", chat, text=text), text=text, verdict=Verdict(crisis=False),
                    emit=emit, language="nl", conversation=found[0])
        await service.to_rasa(turn, role, typed=text)

    await service.handle(Inbound("telegram", "601", text="hoi"))  # kept: Rasa is away
    await typed_answer("601", "ik ben 16")  # behind it
    rasa.up = True
    await service.handle(Inbound("telegram", "602", text="hallo"))
    rasa.up = False
    await typed_answer("602", "ik ben 17")  # kept itself: Rasa is away
    assert rasa.received == ["hallo"]
    rasa.up = True

    def push(external_id):
        async def emit(reply):
            pass
        return emit

    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str).once() == 3
    sent = dict(zip(rasa.received, rasa.typed, strict=True))
    assert rasa.received.count(role) == 2
    assert [t for m, t in zip(rasa.received, rasa.typed, strict=True) if m == role] in (
        ["ik ben 16", "ik ben 17"], ["ik ben 17", "ik ben 16"])
    assert sent["hoi"] is None, "a message typed as itself carries no copy"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM deferred_turns").scalar() == 0


class LoopingRasa(FlakyRasa):
    """A dialogue stuck on one question: every message gets it again."""

    def handler(self, request: httpx.Request) -> httpx.Response:
        resp = super().handler(request)
        if request.method == "GET":
            return resp
        return httpx.Response(200, json=[{"text": "Voor wie schrijf je?",
                                          "buttons": [{"title": "Voor mezelf", "payload": "/inform_role"}]}])


def _pusher(pushed: list[str]):
    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit
    return push


async def test_replies_to_kept_messages_are_linked_to_the_message_they_answer(settings, store):
    from sqlalchemy import select

    from bot.store.models import Message

    rasa = FlakyRasa()
    service = _service(settings, store, rasa)
    for text in ("eerste", "tweede", "derde"):
        await service.handle(Inbound("telegram", "651", text=text))  # all kept: Rasa is away
    rasa.up = True
    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=_pusher([]), turn_key=str).once() == 3
    with store.session() as s:
        lines = {m.id: m for m in s.execute(select(Message)).scalars()}
        answers = {store.cipher.decrypt(m.body).split("\n")[0]: store.cipher.decrypt(lines[m.reply_to].body)
                   for m in lines.values() if m.direction == "out"}
    # Written after all three messages, each answer still says which message it answers.
    assert answers == {waiting.t("nl", waiting.ONE_MOMENT): "eerste", "antwoord op eerste": "eerste",
                       "antwoord op tweede": "tweede", "antwoord op derde": "derde"}


async def test_a_question_asked_a_third_time_gets_the_way_forward_also_when_the_messages_waited_for_rasa(
        settings, store):
    # A quiet chat and one whose messages were kept while Rasa was away must get the same replies:
    # the repeat guard finds the earlier turns by the message each reply answers, not by where the
    # replies stand in the transcript (after all three messages, for the kept ones).
    from bot.dialogue import texts as dialogue_texts

    rasa = LoopingRasa()
    service = _service(settings, store, rasa)
    rasa.up = True
    quiet = []
    for text in ("hoi", "ik weet het niet", "huh"):
        quiet += [r.text for r in await service.handle(Inbound("telegram", "661", text=text))]
    stuck = waiting.t("nl", dialogue_texts.STUCK)
    assert quiet == ["Voor wie schrijf je?", "Voor wie schrijf je?", stuck]

    rasa.up = False
    for text in ("hoi", "ik weet het niet", "huh"):
        await service.handle(Inbound("telegram", "662", text=text))
    rasa.up = True
    pushed: list[str] = []
    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=_pusher(pushed), turn_key=str).once() == 3
    assert pushed == quiet


class RoleQuestionRasa(FlakyRasa):
    """Asks who the person writes for, with the role buttons, whatever it is told."""

    def handler(self, request: httpx.Request) -> httpx.Response:
        resp = super().handler(request)
        if request.method == "GET":
            return resp
        return httpx.Response(200, json=[{"text": "Voor wie schrijf je?", "buttons": [
            {"title": "Voor mezelf", "payload": '/inform_role{"role":"jongere"}'},
            {"title": "Voor mijn kind", "payload": '/inform_role{"role":"ouder"}'}]}])


async def test_a_typed_answer_that_waited_behind_a_kept_message_is_read_when_its_question_was_asked(
        settings, store):
    # "ik ben 16" typed while "hoi" waits for Rasa: the role question comes only with the answer
    # to "hoi", so the typed answer is read as its button then, as it is in a quiet chat.
    rasa = RoleQuestionRasa()
    service = _service(settings, store, rasa)
    rasa.up = True
    for text in ("hoi", "ik ben 16"):
        await service.handle(Inbound("telegram", "671", text=text))
    quiet = list(zip(rasa.received, rasa.typed, strict=True))
    assert quiet == [("hoi", None), ('/inform_role{"role":"jongere"}', "ik ben 16")]

    rasa.up, rasa.received, rasa.typed = False, [], []
    for text in ("hoi", "ik ben 16"):
        await service.handle(Inbound("telegram", "672", text=text))
    rasa.up = True
    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=_pusher([]), turn_key=str).once() == 2
    assert list(zip(rasa.received, rasa.typed, strict=True)) == quiet


async def test_a_stopping_instance_finishes_the_update_it_is_processing_and_lets_waiting_chats_go(store):
    state = MemoryState()
    release = asyncio.Event()
    seen = []

    async def process(data):
        seen.append(data["update_id"])
        await release.wait()

    durable = DurableUpdates(store, state, process, owner="a", turn_timeout=5)
    async with state.chat_turn(updates.chat_key(store.cipher, 2)):  # another instance has chat 2's turn
        await durable.receive(_update(1, 1), ready=True)
        await durable.receive(_update(2, 2), ready=True)
        await asyncio.sleep(0.1)
        assert seen == [1]
        stopping = asyncio.create_task(durable.stop())
        await asyncio.sleep(0.1)
        assert not stopping.done(), "update 1 is being processed: the stop waits for it"
        release.set()
        await asyncio.wait_for(stopping, 2)
    assert seen == [1] and updates.unfinished(store) == 1, "update 2 stays stored for another instance"


async def test_a_stuck_tasks_location_names_the_innermost_code_it_waits_in():
    from bot.scale.webhook import _where

    async def waits_for_rasa():
        await asyncio.Event().wait()

    async def turn():
        await waits_for_rasa()

    task = asyncio.create_task(turn())
    await asyncio.sleep(0.01)
    where = _where(task)
    task.cancel()
    assert "turn > " in where and "waits_for_rasa" in where, where
