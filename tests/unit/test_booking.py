"""The booking service and dialogue on a real (SQLite) database."""

import base64
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.booking import dialogue
from bot.booking import service as B
from bot.store import repo
from bot.store.models import StaffAlert
from bot.store.models_booking import Appointment, ChatOutbox, UrgentRequest
from bot.store.seed import seed_demo

NOW = datetime(2026, 11, 23, 9, 0)  # Monday 10:00 in Amsterdam


@pytest.fixture
def demo(store):
    with store.session() as s:
        seed_demo(s)
        linde = repo.practice_by_code(s, code="LINDE")
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u1")
        conv.practice_id = linde.id
        ids = {"practice": linde.id, "worker": linde.workers[0].id, "conversation": conv.id, "sender": conv.sender_id}
    return ids


def test_first_slots_respect_lead_time_and_skip_the_held_back_slot(store, demo):
    with store.session() as s:
        slots = B.find_slots(s, practice_id=demo["practice"], now=NOW)
    assert len(slots) == 5
    assert slots[0].start_utc >= NOW + timedelta(hours=24)
    assert all(not s.held for s in slots)


def test_booking_twice_the_same_slot_gives_slot_taken(store, demo):
    with store.session() as s:
        slot = B.find_slots(s, practice_id=demo["practice"], now=NOW)[0]
        B.book(s, practice_id=demo["practice"], slot_id=slot.slot_id, type_code="praktijk", now=NOW)
    with pytest.raises(B.SlotTaken), store.session() as s:
        B.book(s, practice_id=demo["practice"], slot_id=slot.slot_id, type_code="video", now=NOW)
    with store.session() as s:
        assert B.find_slots(s, practice_id=demo["practice"], now=NOW)[0].start_utc > slot.start_utc


def test_a_slot_off_the_grid_or_held_back_cannot_be_booked_by_a_regular_intake(store, demo):
    with store.session() as s:
        held = B.find_slots(s, practice_id=demo["practice"], now=NOW, urgent=True)[0]
        assert held.held
        with pytest.raises(B.SlotUnavailable):
            B.book(s, practice_id=demo["practice"], slot_id=held.slot_id, type_code="praktijk", now=NOW)
        off_grid = f"{demo['worker']}-20261124T0910Z"
        with pytest.raises(B.SlotUnavailable):
            B.book(s, practice_id=demo["practice"], slot_id=off_grid, type_code="praktijk", now=NOW)
        appt = B.book(s, practice_id=demo["practice"], slot_id=held.slot_id, type_code="praktijk", urgent=True, now=NOW)
        assert appt.urgent and appt.start_utc == held.start_utc


def test_no_urgent_slot_records_the_request_and_alerts_staff_without_health_details(store, demo):
    with store.session() as s:
        for slot in B.find_slots(s, practice_id=demo["practice"], now=NOW, urgent=True):
            B.book(s, practice_id=demo["practice"], slot_id=slot.slot_id, type_code="telefoon", urgent=True, now=NOW)
    with store.session() as s:
        assert B.find_slots(s, practice_id=demo["practice"], now=NOW, urgent=True) == []
        result = B.record_no_urgent_slot(s, practice_id=demo["practice"], conversation_id=demo["conversation"])
    with store.session() as s:
        assert s.get(UrgentRequest, result.request_id).conversation_id == demo["conversation"]
        alert = s.get(StaffAlert, result.alert_id)
        assert alert.kind == "urgent_no_slot"
        assert alert.text.startswith("Urgente aanmelding JI-")
        assert "angst" not in alert.text and "school" not in alert.text


def test_reschedule_keeps_history_moves_the_reminder_and_cancel_stops_it(store, demo):
    with store.session() as s:
        first, second = B.find_slots(s, practice_id=demo["practice"], now=NOW, limit=2)
        appt = B.book(s, practice_id=demo["practice"], slot_id=first.slot_id, type_code="video",
                      conversation_id=demo["conversation"], handover_id=41, now=NOW)
        moved = B.reschedule(s, appointment_id=appt.id, slot_id=second.slot_id, now=NOW)
        assert moved.handover_id == 41 and moved.type_code == "video" and moved.rescheduled_from_id == appt.id
    with store.session() as s:
        assert s.get(Appointment, appt.id).status == "rescheduled"
        reminders = list(s.execute(select(ChatOutbox).where(ChatOutbox.kind == "reminder")).scalars())
        live = [r for r in reminders if r.cancelled_at is None]
        assert [r.appointment_id for r in live] == [moved.id]
        assert live[0].due_utc == moved.start_utc - timedelta(hours=24)
        # The old time is free again.
        assert first.start_utc in [x.start_utc for x in B.find_slots(s, practice_id=demo["practice"], now=NOW)]
        B.cancel(s, appointment_id=moved.id, now=NOW)
    with store.session() as s:
        assert all(r.cancelled_at is not None for r in s.execute(select(ChatOutbox)).scalars())
        with pytest.raises(B.NotFound):
            B.cancel(s, appointment_id=moved.id, now=NOW)


def test_staff_changes_queue_a_chat_message_for_the_person(store, demo):
    with store.session() as s:
        first, second = B.find_slots(s, practice_id=demo["practice"], now=NOW, limit=2)
        appt = B.book(s, practice_id=demo["practice"], slot_id=first.slot_id, type_code="praktijk",
                      conversation_id=demo["conversation"], now=NOW)
        moved = B.staff_reschedule(s, appointment_id=appt.id, slot_id=second.slot_id, now=NOW)
        B.staff_cancel(s, appointment_id=moved.id, now=NOW)
    with store.session() as s:
        rows = list(s.execute(select(ChatOutbox).where(ChatOutbox.kind != "reminder").order_by(ChatOutbox.id)).scalars())
        assert [r.kind for r in rows] == ["staff_rescheduled", "staff_cancelled"]
        assert "verzet naar" in rows[0].body and "afgezegd" in rows[1].body
        assert all(r.due_utc == NOW for r in rows)


def test_dialogue_offers_buttons_then_types_then_books_with_an_ics(store, demo):
    offer = dialogue.offer_slots(store, sender_id=demo["sender"], language="nl", now=NOW)
    buttons = offer.messages[-1]["buttons"]
    assert 4 <= len(buttons) <= 6 and buttons[-1] == {"title": "Andere tijden", "payload": "/more_slots"}
    assert buttons[0]["title"] == "di 24 nov 10:30"
    assert buttons[0]["payload"].startswith('/choose_slot{"slot_id":"')
    more = dialogue.offer_slots(store, sender_id=demo["sender"], language="nl", more=True,
                                after=offer.slots["slots_after"], now=NOW)
    assert more.messages[-1]["buttons"][0]["title"] > "" and more.messages[-1]["buttons"][0] not in buttons
    slot_id = json.loads(buttons[0]["payload"][len("/choose_slot"):])["slot_id"]
    ask = dialogue.choose_slot(store, sender_id=demo["sender"], language="nl", slot_id=slot_id, mode=None, now=NOW)
    assert [b["title"] for b in ask.messages[0]["buttons"]] == ["Op de praktijk", "Beeldbellen", "Telefonisch"]
    done = dialogue.book(store, sender_id=demo["sender"], language="nl", slot_id=slot_id, type_code="praktijk", now=NOW)
    text = done.messages[0]["text"]
    assert "Sanne de Vries" in text and "dinsdag 24 november om 10:30" in text and "Lindelaan 12" in text
    assert "/afspraak" in text  # how to move or cancel
    ics = done.messages[1]["json_message"]["ics"]
    assert base64.b64decode(ics["content_b64"]).startswith(b"BEGIN:VCALENDAR")
    again = dialogue.book(store, sender_id=demo["sender"], language="nl", slot_id=slot_id, type_code="video", now=NOW)
    assert again.messages[0]["text"].startswith("Die tijd is net door iemand anders gekozen")


def test_dialogue_reschedule_and_cancel_need_an_appointment_and_confirmation(store, demo):
    none = dialogue.cancel(store, sender_id=demo["sender"], language="nl", confirm=None, now=NOW)
    assert none.messages[0]["buttons"][0]["payload"] == "/request_appointment"
    slot = dialogue.offer_slots(store, sender_id=demo["sender"], language="nl", now=NOW).messages[-1]["buttons"][0]
    slot_id = json.loads(slot["payload"][len("/choose_slot"):])["slot_id"]
    dialogue.book(store, sender_id=demo["sender"], language="nl", slot_id=slot_id, type_code="video", now=NOW)
    start = dialogue.start_reschedule(store, sender_id=demo["sender"], language="nl", now=NOW)
    assert start.slots["booking_mode"] == "reschedule"
    new_id = json.loads(start.messages[-1]["buttons"][1]["payload"][len("/choose_slot"):])["slot_id"]
    moved = dialogue.choose_slot(store, sender_id=demo["sender"], language="nl", slot_id=new_id, mode="reschedule", now=NOW)
    assert moved.messages[0]["text"].startswith("Je afspraak is verzet.")
    assert "ics" in moved.messages[1]["json_message"]
    ask = dialogue.cancel(store, sender_id=demo["sender"], language="nl", confirm=None, now=NOW)
    assert [b["payload"] for b in ask.messages[0]["buttons"]] == [
        '/cancel_appointment{"confirm":"ja"}', '/cancel_appointment{"confirm":"nee"}']
    done = dialogue.cancel(store, sender_id=demo["sender"], language="nl", confirm="ja", now=NOW)
    assert "is afgezegd" in done.messages[0]["text"]
    with store.session() as s:
        assert B.next_appointment(s, conversation_id=demo["conversation"], now=NOW) is None


def test_without_a_practice_the_dialogue_asks_which_one(store):
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="nopractice")
        sender = conv.sender_id
    turn = dialogue.offer_slots(store, sender_id=sender, language="nl", now=NOW)
    assert [b["payload"] for b in turn.messages[0]["buttons"]] == [
        '/choose_practice{"practice_code":"ANKER"}', '/choose_practice{"practice_code":"LINDE"}']
    chosen = dialogue.offer_slots(store, sender_id=sender, language="nl", practice_code="ANKER", now=NOW)
    assert chosen.messages[-1]["buttons"][-1]["payload"] == "/more_slots"


async def test_rasa_custom_ics_payload_becomes_a_document_on_the_reply_before_it():
    from bot.booking.conversation import attach_calendar_file
    from bot.conversation import rasa_to_replies

    content = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    items = rasa_to_replies([
        {"text": "Je afspraak staat!"},
        {"custom": {"ics": {"filename": "afspraak.ics", "content_b64": base64.b64encode(content).decode()}}},
    ])
    out = [items[0]]
    await attach_calendar_file(None, items[1], out)
    assert len(out) == 1 and out[0].text == "Je afspraak staat!"
    assert out[0].document.content == content and out[0].document.mime_type == "text/calendar"
    assert out[0].as_json()["document"] == {"filename": "afspraak.ics", "mime_type": "text/calendar",
                                            "content_b64": base64.b64encode(content).decode("ascii")}


def test_intake_appointments_json_lists_upcoming_with_offset(store, demo, settings, capsys):
    from bot.cli import main

    with store.session() as s:
        # Real time here: the command lists what is upcoming now.
        slot = B.find_slots(s, practice_id=demo["practice"])[0]
        appt = B.book(s, practice_id=demo["practice"], slot_id=slot.slot_id, type_code="telefoon", handover_id=7)
        appt_id = appt.id
    import os

    env = {"INTAKE_DATA_DIR": str(settings.data_dir), "INTAKE_DATABASE_URL": settings.database_url,
           "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": "unit-test-secret"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert main(["appointments", "--json"]) == 0
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"id": appt_id, "practice": "LINDE", "worker": "Sanne de Vries",
                     "start": rows[0]["start"], "end": rows[0]["end"], "type": "telefoon",
                     "status": "booked", "urgent": False, "handover_id": 7}]
    assert rows[0]["start"][-6:] in ("+01:00", "+02:00")
    assert datetime.fromisoformat(rows[0]["start"]).replace(tzinfo=None) == slot.start_local.replace(tzinfo=None)
