"""/mijngegevens, /vergeet and one practice per conversation, through the conversation service
with every feature registered and a fake Rasa."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import httpx
from sqlalchemy import func, select

from bot.booking import service as B
from bot.conversation import Inbound, RasaClient
from bot.features import build_service
from bot.intake.handover import submit_intake
from bot.intake.record import IntakeRecord
from bot.staff.audit import list_events
from bot.store import repo
from bot.store.models import Conversation, Message, StaffAlert
from bot.store.models_booking import Appointment
from bot.store.seed import seed_demo
from tests.unit.test_conversation import FakeRasa

CHAT = "5550001"


def _service(settings, store, fake=None):
    fake = fake or FakeRasa()
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(fake)))
    return build_service(settings, store, client), fake


def _say(text):
    return Inbound("telegram", CHAT, text=text)


def _press(payload):
    return Inbound("telegram", CHAT, button=payload, kind="button")


async def _person_with_a_booking(settings, store):
    with store.session() as s:
        seed_demo(s)
    svc, fake = _service(settings, store)
    await svc.handle(_say("/start LINDE"))
    await svc.handle(_say("mijn zoon van 12 heet Bram en wil niet naar school"))
    with store.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id=CHAT)
        submit_intake(s, conversation_id=conv.id, record=IntakeRecord(role="ouder", age=12, name="Bram"),
                      cipher=store.cipher)
        slot = B.find_slots(s, practice_id=conv.practice_id, limit=1)[0]
        B.book(s, practice_id=conv.practice_id, slot_id=slot.slot_id, type_code="praktijk", conversation_id=conv.id)
        return svc, fake, conv.reference


async def test_mijngegevens_sends_a_readable_document_with_everything(settings, store):
    svc, _fake, reference = await _person_with_a_booking(settings, store)
    (reply,) = await svc.handle(_say("/mijngegevens"))
    assert reply.document.filename == f"mijngegevens-{reference}.txt" and reply.document.mime_type == "text/plain"
    body = reply.document.content.decode()
    assert "mijn zoon van 12 heet Bram" in body and "Naam: Bram" in body and "Afspraken" in body
    assert "Telegram-gesprekken zijn niet end-to-end versleuteld" in reply.text
    assert reply.as_json()["document"]["content_b64"] == base64.b64encode(reply.document.content).decode()
    with store.session() as s:
        (row,) = list_events(s, action="export")
    assert row.user_email == "cliënt via de chat" and row.conversation_reference == reference


async def test_vergeet_asks_once_and_a_typed_yes_erases_nothing(settings, store):
    svc, fake, reference = await _person_with_a_booking(settings, store)
    (ask,) = await svc.handle(_say("/vergeet"))
    assert "niet ongedaan" in ask.text and [b.payload for b in ask.buttons] == ["/vergeet_bevestigd", "/vergeet_niet"]
    await svc.handle(_say("/vergeet_bevestigd"))  # typed, not pressed: just text for Rasa
    (kept,) = await svc.handle(_press("/vergeet_niet"))
    assert kept.text == "Oké, ik heb niets gewist."
    with store.session() as s:
        assert repo.find_conversation(s, channel="telegram", external_id=CHAT).reference == reference
    assert not any(r["message"].startswith("/vergeet") for r in fake.requests)


async def test_vergeet_erases_everything_cancels_the_appointment_and_says_what_telegram_keeps(settings, store):
    svc, _fake, reference = await _person_with_a_booking(settings, store)
    await svc.handle(_say("/vergeet"))
    (done,) = await svc.handle(_press("/vergeet_bevestigd"))
    assert "alles is gewist" in done.text and "Je afspraak is afgezegd" in done.text
    assert "Telegram bewaart dit gesprek zelf ook" in done.text and "Verwijderen" in done.text
    with store.session() as s:
        assert s.execute(select(func.count()).select_from(Conversation)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Message)).scalar_one() == 0
        (appt,) = s.execute(select(Appointment)).scalars()
        assert appt.status == "cancelled" and appt.conversation_id is None
        assert s.execute(select(StaffAlert).where(StaffAlert.kind == "erasure_cancelled")).scalar_one()
        (row,) = list_events(s, action="erase")
    assert (row.user_email, row.conversation_reference, row.detail) == (
        "cliënt via de chat", reference, "op verzoek via chat")
    # The next message starts afresh, with nothing of before.
    await svc.handle(_say("hallo"))
    with store.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id=CHAT)
        assert conv.reference != reference and conv.practice_id is None
        assert [x.text for x in repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)] == [
            "hallo", "Hoi!\n[Een afspraak maken] | [Ik heb een vraag] | [Ik wil iemand spreken]"]  # the ways on


async def test_start_with_another_practice_starts_a_new_conversation(settings, store):
    svc, fake, first = await _person_with_a_booking(settings, store)
    out = await svc.handle(_say("/start ANKER"))
    assert "nieuw gesprek met Huisartsenpraktijk Het Anker" in out[0].text or "nieuw gesprek met" in out[0].text
    with store.session() as s:
        old = s.execute(select(Conversation).where(Conversation.reference == first)).scalar_one()
        new = repo.find_conversation(s, channel="telegram", external_id=CHAT)
        assert old.archived_at is not None and new.id != old.id
        assert new.practice.code == "ANKER" and old.practice.code == "LINDE"
        old_lines = [x.text for x in repo.transcript(s, conversation_id=old.id, cipher=store.cipher)]
        new_lines = [x.text for x in repo.transcript(s, conversation_id=new.id, cipher=store.cipher)]
    assert "/start ANKER" not in old_lines and any("Bram" in x for x in old_lines)
    assert new_lines[0] == "/start ANKER" and not any("Bram" in x for x in new_lines)
    assert fake.requests[-1]["sender"] == new.sender_id != old.sender_id
    assert fake.requests[-1]["message"].startswith('/start{"practice_code": "ANKER"')
    # The same practice again changes nothing.
    await svc.handle(_say("/start ANKER"))
    with store.session() as s:
        assert repo.find_conversation(s, channel="telegram", external_id=CHAT).id == new.id
    # /mijngegevens and /vergeet cover both conversations.
    (copy,) = await svc.handle(_say("/mijngegevens"))
    assert first in copy.document.content.decode() and new.reference in copy.document.content.decode()
    await svc.handle(_say("/vergeet"))
    await svc.handle(_press("/vergeet_bevestigd"))
    with store.session() as s:
        assert s.execute(select(func.count()).select_from(Conversation)).scalar_one() == 0


async def test_appointment_actions_reach_only_the_conversations_practice(settings, store):
    svc, _fake, _ref = await _person_with_a_booking(settings, store)
    with store.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id=CHAT)
        assert B.next_appointment(s, conversation_id=conv.id, practice_id=conv.practice_id) is not None
        anker = repo.practice_by_code(s, code="ANKER")
        assert B.next_appointment(s, conversation_id=conv.id, practice_id=anker.id) is None
        assert B.next_appointment(s, conversation_id=conv.id, now=datetime.utcnow() + timedelta(weeks=20)) is None


async def test_vergeet_and_mijngegevens_work_while_a_worker_holds_the_conversation(settings, store):
    from bot.staffchat import messages as M
    from bot.staffchat import takeover as T
    from bot.staffchat.identity import StaffIdentity
    from bot.store.models_booking import ChatOutbox
    from bot.store.models_staffchat import Takeover

    svc, fake, reference = await _person_with_a_booking(settings, store)
    sanne = StaffIdentity(1, "Sanne de Vries", "POH-Jeugd")
    with store.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id=CHAT)
        T.take_over(s, conversation=conv, who=sanne, pull=True)
        M.send(s, conversation=conv, who=sanne, text="Hoi, ik ben Sanne. Hoe gaat het met Bram?")
    await svc.handle(_say("het gaat niet zo goed"))  # to the worker, not to Rasa
    sent_to_rasa = len(fake.requests)
    (copy,) = await svc.handle(_say("/mijngegevens"))
    body = copy.document.content.decode()
    assert "Sanne de Vries (POH-Jeugd): Hoi, ik ben Sanne" in body and "Jij: het gaat niet zo goed" in body
    assert "(POH-Jeugd): Sanne de Vries" not in body  # the name once, not twice
    assert "Wanneer een medewerker zelf met je chatte" in body
    (ask,) = await svc.handle(_say("/vergeet"))
    assert [b.payload for b in ask.buttons] == ["/vergeet_bevestigd", "/vergeet_niet"]
    # The press is the answer to the erasure question, not a message for the worker.
    (done,) = await svc.handle(_press("/vergeet_bevestigd"))
    assert "alles is gewist" in done.text
    assert len(fake.requests) == sent_to_rasa
    with store.session() as s:
        for model in (Conversation, Message, Takeover, ChatOutbox):
            assert s.execute(select(func.count()).select_from(model)).scalar_one() == 0, model
        (row,) = list_events(s, action="erase")
    assert row.conversation_reference == reference
