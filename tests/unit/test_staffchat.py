"""The support worker in the chat: messages through the outbox, takeover, call-back requests."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from bot import outbox
from bot.conversation import AlertSink, ConversationService, Inbound, RasaClient
from bot.features import build_hooks
from bot.staffchat import callback, notify
from bot.staffchat import messages as M
from bot.staffchat import takeover as T
from bot.staffchat.identity import StaffIdentity
from bot.store import repo
from bot.store.db import Store
from bot.store.models import Conversation, Message, StaffAlert, utcnow
from bot.store.models_booking import ChatOutbox, UrgentRequest
from bot.store.models_staffchat import PracticeChatSettings, Takeover
from bot.store.seed import seed_demo

SANNE = StaffIdentity(1, "Sanne de Vries", "POH-Jeugd")
KEES = StaffIdentity(2, "Kees", "medewerker van de praktijk")


class RecordingAlerts(AlertSink):
    def __init__(self):
        self.sent = []

    async def crisis(self, *, reference, category):
        self.sent.append((reference, category))


class FakeRasa:
    def __init__(self):
        self.requests = []

    def __call__(self, request):
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, json=[{"text": "Hoi, ik ben de assistent."}])


def make_service(settings, store, *, telegram=False):
    if telegram:  # a token configured: Telegram conversations can be pushed to
        settings = dataclasses.replace(settings, telegram_token="123456:TEST")
    rasa = FakeRasa()
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(rasa)))
    alerts = RecordingAlerts()
    service = ConversationService(settings, store, client, alerts=alerts, hooks=build_hooks(settings, store))
    return service, rasa, alerts


def conversation(store, *, channel="terminal", external_id="p1", practice="LINDE") -> int:
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel=channel, external_id=external_id)
        conv.practice_id = repo.practice_by_code(s, code=practice).id if practice else None
        return conv.id


def take(store, conversation_id, who=SANNE, *, pull=True, now=None):
    with store.session() as s:
        return T.take_over(s, conversation=s.get(Conversation, conversation_id), who=who, pull=pull, now=now).id


def transcript(store, conversation_id):
    with store.session() as s:
        rows = s.execute(select(Message).where(Message.conversation_id == conversation_id)
                         .order_by(Message.id)).scalars()
        return [(m.direction, m.kind, m.author, store.cipher.decrypt(m.body)) for m in rows]


# -- messages from the workspace ------------------------------------------------------------


def test_a_workers_message_is_delivered_once_with_the_name_and_stored_with_the_author(store):
    conv_id = conversation(store, channel="telegram", external_id="4242")
    with store.session() as s:
        row = M.send(s, conversation=s.get(Conversation, conv_id), who=SANNE, text="Hoi, ik bel je morgen om 10:00.")
        assert b"morgen" not in row.body_enc and row.body == ""  # encrypted at rest
    sent = []
    assert outbox.run_once(store, lambda info, text: sent.append((info["external_id"], text))) == 1
    assert sent == [("4242", "Sanne de Vries (POH-Jeugd):\nHoi, ik bel je morgen om 10:00.")]
    assert outbox.run_once(store, lambda info, text: sent.append(text)) == 0
    assert transcript(store, conv_id)[-1] == ("out", "staff_message", "Sanne de Vries (POH-Jeugd)",
                                              "Sanne de Vries (POH-Jeugd):\nHoi, ik bel je morgen om 10:00.")
    with store.session() as s:  # what the handover page and its PDF export read
        assert repo.transcript(s, conversation_id=conv_id, cipher=store.cipher)[-1].author == SANNE.label


def test_a_message_queued_before_a_restart_is_sent_once_after_it(settings, store):
    conv_id = conversation(store, channel="telegram", external_id="77")
    with store.session() as s:
        M.send(s, conversation=s.get(Conversation, conv_id), who=SANNE, text="Ben je er nog?")
    now = utcnow()
    # The first instance claims the row and dies before it sends.
    assert outbox.claim(store, owner="dead-instance", now=now) != []
    sent = []
    assert outbox.run_once(Store(settings), lambda i, t: sent.append(t), owner="new", now=now) == 0
    # After the lease, the new instance sends it; later runs send nothing more.
    later = now + outbox.LEASE + timedelta(seconds=1)
    assert outbox.run_once(store, lambda i, t: sent.append(t), owner="new", now=later) == 1
    assert outbox.run_once(store, lambda i, t: sent.append(t), owner="new", now=later) == 0
    assert len(sent) == 1


def test_empty_messages_are_refused(store):
    conv_id = conversation(store)
    with store.session() as s, pytest.raises(M.EmptyMessage):
        M.send(s, conversation=s.get(Conversation, conv_id), who=SANNE, text="  \n ")


# -- human mode through the conversation service ---------------------------------------------


async def test_a_taken_over_conversation_does_not_reach_rasa_and_tells_the_practice_once(settings, store):
    service, rasa, _alerts = make_service(settings, store, telegram=True)
    conv_id = conversation(store, channel="telegram", external_id="9001")
    take(store, conv_id, pull=False)
    out = await service.handle(Inbound("telegram", "9001", text="Hallo? Ik wil graag praten."))
    assert out == [] and rasa.requests == []  # Telegram: the worker's answer is pushed, no auto-reply
    await service.handle(Inbound("telegram", "9001", text="Bent u er?"))
    with store.session() as s:
        alerts = list(s.execute(select(StaffAlert).where(StaffAlert.kind == "human_message")).scalars())
    assert len(alerts) == 1, "one alert per batch of unseen messages"
    assert "Hallo" not in alerts[0].text and "praten" not in alerts[0].text  # no content
    # A worker looks at the conversation; the next message alerts again.
    with store.session() as s:
        notify.mark_seen(s, conversation_id=conv_id, message_id=M.last_message_id(s, conversation_id=conv_id))
        assert notify.attention(s, practice_ids={s.get(Conversation, conv_id).practice_id}).unread_conversations == 0
    await service.handle(Inbound("telegram", "9001", text="Nog een vraag"))
    with store.session() as s:
        assert s.execute(select(StaffAlert).where(StaffAlert.kind == "human_message")).all().__len__() == 2
        assert notify.attention(s, practice_ids={s.get(Conversation, conv_id).practice_id}).unread_conversations == 1


async def test_a_crisis_message_during_a_takeover_still_gets_the_help_lines_first_and_an_alert(settings, store):
    service, rasa, alerts = make_service(settings, store, telegram=True)
    conv_id = conversation(store, channel="telegram", external_id="9002")
    take(store, conv_id, pull=False)
    order = []

    async def emit(reply):
        order.append(reply)

    await service.handle_stream(Inbound("telegram", "9002", text="ik wil er niet meer zijn"), emit)
    assert order and order[0].kind == "crisis" and "113" in order[0].text
    with store.session() as s:
        reference = s.get(Conversation, conv_id).reference
        assert s.execute(select(StaffAlert).where(StaffAlert.kind == "crisis")).scalars().first() is not None
        assert T.active(s, conversation_id=conv_id) is not None, "the worker keeps the conversation"
    assert alerts.sent == [(reference, "suicide")]


async def test_on_the_terminal_the_workers_message_waits_and_shows_first_on_the_next_turn(settings, store):
    service, rasa, _ = make_service(settings, store)
    await service.handle(Inbound("terminal", "t1", text="/start LINDE"))
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id="t1")
        conv_id = conv.id
        T.take_over(s, conversation=conv, who=SANNE, pull=True)
        M.send(s, conversation=conv, who=SANNE, text="Hoi, hoe gaat het nu?")
    # The app's loop pushes only where it can: nothing for the terminal.
    assert outbox.run_once(store, outbox.ChannelDelivery(settings), channels=outbox.push_channels(settings)) == 0
    asked = len(rasa.requests)
    out = await service.handle(Inbound("terminal", "t1", text="ik ben er weer"))
    texts = [r.text for r in out]
    assert "Je praat nu met Sanne de Vries (POH-Jeugd)" in texts[0]
    assert "pas als je zelf weer iets stuurt" in texts[0]
    assert texts[1] == "Sanne de Vries (POH-Jeugd):\nHoi, hoe gaat het nu?"
    assert len(out) == 2 and len(rasa.requests) == asked
    out = await service.handle(Inbound("terminal", "t1", text="gaat wel"))
    assert [r.text for r in out] == ["Je bericht is doorgestuurd naar Sanne de Vries. "
                                     "Een antwoord zie je hier als je weer iets stuurt."]
    kinds = [(d, k) for d, k, _a, _t in transcript(store, conv_id)]
    assert ("out", "takeover_start") in kinds and ("out", "staff_message") in kinds


async def test_giving_back_tells_the_person_and_rasa_answers_again(settings, store):
    service, rasa, _ = make_service(settings, store)
    conv_id = conversation(store, external_id="t2")
    take(store, conv_id)
    await service.handle(Inbound("terminal", "t2", text="hallo"))
    with store.session() as s:
        assert T.release(s, conversation=s.get(Conversation, conv_id), by="sanne@x") is not None
        assert T.release(s, conversation=s.get(Conversation, conv_id), by="sanne@x") is None
    out = await service.handle(Inbound("terminal", "t2", text="en nu?"))
    assert "teruggegeven aan de assistent" in out[0].text
    assert out[-1].text == "Hoi, ik ben de assistent." and rasa.requests[-1]["message"] == "en nu?"


async def test_stop_during_a_takeover_lets_the_worker_go_and_the_assistant_answers_again(settings, store):
    service, rasa, _ = make_service(settings, store, telegram=True)
    conv_id = conversation(store, channel="telegram", external_id="9003")
    take(store, conv_id, pull=False)
    out = await service.handle(Inbound("telegram", "9003", text="/stop"))
    assert [r.text for r in out] == [
        "Sanne de Vries is nu niet meer in dit gesprek. Je praat weer met de automatische assistent. "
        "Wil je de praktijk nog spreken? Typ dan: ik wil iemand spreken.",
        "Ik ben gestopt met dit gesprek. Wil je opnieuw beginnen? Stuur dan gewoon een bericht."]
    with store.session() as s:
        assert T.active(s, conversation_id=conv_id) is None
        row = s.execute(select(Takeover).where(Takeover.conversation_id == conv_id)).scalar_one()
        assert row.end_reason == "stopped"
    out = await service.handle(Inbound("telegram", "9003", text="hallo"))
    assert [r.text for r in out] == ["Hoi, ik ben de assistent."] and rasa.requests[-1]["message"] == "hallo"
    # Without a takeover /stop says only what it always said.
    out = await service.handle(Inbound("telegram", "9003", text="/stop"))
    assert [r.text for r in out] == [
        "Ik ben gestopt met dit gesprek. Wil je opnieuw beginnen? Stuur dan gewoon een bericht."]


async def test_a_silent_takeover_returns_to_the_assistant_after_the_practices_idle_time(settings, store):
    service, rasa, _ = make_service(settings, store)
    conv_id = conversation(store, external_id="t3")
    with store.session() as s:
        s.add(PracticeChatSettings(practice_id=s.get(Conversation, conv_id).practice_id, takeover_idle_minutes=10))
    now = utcnow()
    take(store, conv_id, now=now - timedelta(minutes=30))
    with store.session() as s:
        assert T.expire_idle(s, now=now - timedelta(minutes=21)) == []  # 9 minutes: still held
        M.send(s, conversation=s.get(Conversation, conv_id), who=SANNE, text="Ik ben er zo.",
               now=now - timedelta(minutes=20))
        assert T.expire_idle(s, now=now - timedelta(minutes=11)) == [], "writing is a sign of life"
        ended = T.expire_idle(s, now=now)
        assert [e.conversation_id for e in ended] == [conv_id]
        assert T.expire_idle(s, now=now + timedelta(minutes=30)) == [], "told once"
        assert s.execute(select(Takeover)).scalar_one().end_reason == "idle"
    out = await service.handle(Inbound("terminal", "t3", text="hallo?"))
    assert any("niet meer in dit gesprek" in r.text for r in out)
    assert out[-1].text == "Hoi, ik ben de assistent."


def test_two_workers_racing_for_one_conversation_one_wins(settings, store):
    conv_id = conversation(store, external_id="race")
    barrier = threading.Barrier(8)
    results = []

    def worker(i):
        own = Store(settings)  # its own engine and connections, like another web process
        try:
            barrier.wait()
            with own.session() as s:
                who = StaffIdentity(100 + i, f"Worker {i}", "POH-Jeugd")
                try:
                    T.take_over(s, conversation=s.get(Conversation, conv_id), who=who, pull=True)
                    results.append(("won", i))
                except T.AlreadyTaken as exc:
                    results.append(("lost", exc.holder))
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r for r in results if r[0] == "won"].__len__() == 1, results
    with store.session() as s:
        assert len(list(s.execute(select(Takeover)).scalars())) == 1
        told = list(s.execute(select(ChatOutbox).where(ChatOutbox.kind == "takeover_start")).scalars())
        assert len(told) == 1, "the person is told once"
        winner = s.execute(select(Takeover)).scalar_one().worker_name
    assert all(holder == f"{winner} (POH-Jeugd)" for kind, holder in results if kind == "lost")


def test_after_giving_back_a_colleague_can_take_over(store):
    conv_id = conversation(store, external_id="again")
    take(store, conv_id, SANNE)
    with pytest.raises(T.AlreadyTaken):
        take(store, conv_id, KEES)
    with store.session() as s:
        T.release(s, conversation=s.get(Conversation, conv_id), by="sanne")
    take(store, conv_id, KEES)


# -- call-back requests ---------------------------------------------------------------------

MONDAY_2300 = datetime(2026, 11, 23, 22, 0)  # 23:00 in Amsterdam (UTC+1)


def test_a_call_back_request_with_a_phone_number_is_stored_encrypted_and_alerts_without_content(store, caplog):
    conv_id = conversation(store, external_id="cb1")
    caplog.set_level(logging.DEBUG)
    with store.session() as s:
        conv = s.get(Conversation, conv_id)
        outcome = callback.request(s, conversation=conv, text="kunt u mij bellen op 06-12345678", now=MONDAY_2300)
        texts = callback.reply_texts(s, outcome, conversation=conv, language="nl")
    assert outcome.created and outcome.phone_digits == "78"
    assert "nu dicht" in texts[0] and "dinsdag 24 november om 08:00" in texts[0]
    assert "eindigt op 78" in texts[0]
    assert "113" in texts[1] and "112" in texts[1] and "Huisartsenpost Utrecht Stad" in texts[1]
    with store.session() as s:
        row = s.execute(select(UrgentRequest)).scalar_one()
        assert row.reason == "asked" and row.urgency == "regular"
        assert b"612345678" not in row.phone_enc and store.cipher.decrypt(row.phone_enc) == "+31612345678"
        alert = s.execute(select(StaffAlert).where(StaffAlert.kind == "call_back")).scalar_one()
        assert "bellen" not in alert.text and "0612345678" not in alert.text
        assert [c.reference for c in callback.open_requests(s, practice_ids={row.practice_id})] == [
            s.get(Conversation, conv_id).reference]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "12345678" not in logged and "bellen" not in logged


def test_a_number_the_intake_already_noted_goes_with_the_request_and_is_not_asked_again(store):
    conv_id = conversation(store, external_id="cb-known")
    with store.session() as s:
        conv = s.get(Conversation, conv_id)
        outcome = callback.request(s, conversation=conv, text="bel me", now=MONDAY_2300, known_phone="+31612345678")
        told = callback.reply_texts(s, outcome, conversation=conv, language="nl")[0]
    assert outcome.created and outcome.phone_digits == "78"
    assert "eindigt op 78" in told and "Stuur dan je telefoonnummer" not in told
    with store.session() as s:
        assert store.cipher.decrypt(s.execute(select(UrgentRequest)).scalar_one().phone_enc) == "+31612345678"
    other = conversation(store, external_id="cb-known-2")
    with store.session() as s:
        # A number typed with the request wins over the one noted before; no number at all: asked.
        typed = callback.request(s, conversation=s.get(Conversation, other), text="bel me op 0687654321",
                                 now=MONDAY_2300, known_phone="+31612345678")
        assert typed.phone_digits == "21"
    third = conversation(store, external_id="cb-known-3")
    with store.session() as s:
        conv = s.get(Conversation, third)
        none = callback.request(s, conversation=conv, text="bel me", now=MONDAY_2300, known_phone="liever niet")
        assert none.phone_digits == "" and "Stuur dan je telefoonnummer" in callback.reply_texts(
            s, none, conversation=conv, language="nl")[0]


def test_asking_twice_makes_one_request_and_a_later_number_is_added(store):
    conv_id = conversation(store, external_id="cb2")
    with store.session() as s:
        conv = s.get(Conversation, conv_id)
        first = callback.request(s, conversation=conv, text="ik wil iemand spreken", now=MONDAY_2300)
        again = callback.request(s, conversation=conv, text="/request_human", now=MONDAY_2300)
        assert first.created and not again.created and first.request_id == again.request_id
        # Asked again at 23:00: still when the practice opens, not "as soon as possible".
        told = callback.reply_texts(s, again, conversation=conv, language="nl")[0]
    assert told.startswith("Je vraag staat al bij de praktijk. De praktijk is nu dicht.")
    assert "dinsdag 24 november om 08:00" in told and "zo snel" not in told
    with store.session() as s:
        tuesday_1000 = MONDAY_2300 + timedelta(hours=11)
        during = callback.request(s, conversation=s.get(Conversation, conv_id), text="bel me", now=tuesday_1000)
        told = callback.reply_texts(s, during, conversation=s.get(Conversation, conv_id), language="nl")[0]
    assert not during.created and "nu open" in told and "uiterlijk" in told
    assert callback.phone_only("0612345678") == "+31612345678"
    assert callback.phone_only("mijn nummer is 06 1234 5678") == "+31612345678"
    assert callback.phone_only("bel me om 06:00 over 3 dagen") is None
    assert callback.phone_only("mijn zoon is 12 en piekert veel, bel 0612345678") is None
    with store.session() as s:
        assert callback.add_phone(s, conversation_id=conv_id, phone="+31612345678", now=MONDAY_2300)
        assert not callback.add_phone(s, conversation_id=conv_id, phone="+31687654321", now=MONDAY_2300)


def test_a_crisis_conversation_asking_for_a_person_is_a_crisis_call_back_at_the_top(store):
    calm = conversation(store, external_id="calm")
    urgent = conversation(store, external_id="urgent")
    with store.session() as s:
        s.get(Conversation, urgent).flagged = True
        callback.request(s, conversation=s.get(Conversation, calm), text="bel me", now=MONDAY_2300)
        callback.request(s, conversation=s.get(Conversation, urgent), text="bel me",
                         now=MONDAY_2300 + timedelta(minutes=5))
        rows = callback.open_requests(s, practice_ids={s.get(Conversation, calm).practice_id})
    assert [r.urgency for r in rows] == ["crisis", "regular"]


def test_without_a_practice_the_person_is_told_and_gets_the_help_lines(store):
    conv_id = conversation(store, external_id="nopractice", practice=None)
    with store.session() as s:
        conv = s.get(Conversation, conv_id)
        outcome = callback.request(s, conversation=conv, text="bel me", now=MONDAY_2300)
        texts = callback.reply_texts(s, outcome, conversation=conv, language="nl")
        assert s.execute(select(UrgentRequest)).first() is None
    # A stranger has no practice code: the way on is the practice's own phone or asking again.
    assert "/start" not in texts[0] and "ik wil iemand spreken" in texts[0] and "113" in texts[1]


def test_a_deployment_without_any_practice_does_not_send_the_person_round_in_a_loop(store):
    """With no practice in the database, "typ nog een keer: ik wil iemand spreken" gave the same answer
    again, for good: the person is told to call their own practice, with the help lines below."""
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="nopractices")
        outcome = callback.request(s, conversation=conv, text="ik wil iemand spreken", now=MONDAY_2300)
        texts = callback.reply_texts(s, outcome, conversation=conv, language="nl")
        english = callback.reply_texts(s, outcome, conversation=conv, language="en")
    assert outcome.no_practice and "typ nog een keer" not in texts[0] and "ik wil iemand spreken" not in texts[0]
    assert "Bel zelf je huisartsenpraktijk" in texts[0] and "113" in texts[1]
    assert english[0].startswith("This chat is not linked to any GP practice yet")


async def test_a_phone_number_right_after_the_request_is_added_without_rasa(settings, store):
    service, rasa, _ = make_service(settings, store)
    conv_id = conversation(store, external_id="cb3")
    with store.session() as s:
        assert callback.request(s, conversation=s.get(Conversation, conv_id), text="ik wil iemand spreken").created
    asked = len(rasa.requests)
    out = await service.handle(Inbound("terminal", "cb3", text="06-12345678"))
    assert out[0].text == "Dank je. We bellen je op het nummer dat eindigt op 78."
    assert len(rasa.requests) == asked


async def test_pressing_not_safe_during_a_takeover_still_gets_the_assistants_answer(settings, store):
    service, rasa, _ = make_service(settings, store, telegram=True)
    conv_id = conversation(store, channel="telegram", external_id="9003")
    take(store, conv_id, pull=False)
    crisis = await service.handle(Inbound("telegram", "9003", text="ik wil er niet meer zijn"))
    not_safe = [b.payload for r in crisis for b in r.buttons if b.payload.startswith("/deny_safe")]
    assert not_safe, "the crisis reply asks whether the person is safe now"
    asked = len(rasa.requests)
    out = await service.handle(Inbound("telegram", "9003", button=not_safe[0], kind="button"))
    assert rasa.requests[asked:] and rasa.requests[-1]["message"].startswith("/deny_safe")
    assert out and out[-1].text == "Hoi, ik ben de assistent."  # the fake Rasa's answer
    with store.session() as s:
        assert T.active(s, conversation_id=conv_id) is not None
    # A typed message is for the worker again.
    await service.handle(Inbound("telegram", "9003", text="ik weet het niet"))
    assert len(rasa.requests) == asked + 1, "the typed message went to the worker, not to Rasa"
