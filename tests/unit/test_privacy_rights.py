"""The person's rights: erasure (everything goes, the worker is told, the audit log keeps only
the fact) and a readable copy of everything stored."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.booking import service as B
from bot.intake.handover import submit_intake, upgrade_to_crisis
from bot.intake.record import IntakeRecord
from bot.privacy import erasure, export
from bot.privacy.trackers import EVENTS
from bot.staff.audit import Actor, list_events
from bot.staffchat import messages as M
from bot.staffchat import takeover as T
from bot.staffchat.identity import StaffIdentity
from bot.store import repo
from bot.store.models import Conversation, CrisisEvent, Message, StaffAlert, all_tables
from bot.store.models_booking import Appointment, ChatOutbox, UrgentRequest
from bot.store.models_handover import Handover
from bot.store.models_scale import DeferredTurn
from bot.store.models_staff import StaffNote
from bot.store.models_waiting import Checkin, SafetyPlan
from bot.store.seed import seed_demo

INTAKE = str(Path(sys.executable).parent / "intake")
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 9, 0)
MARKER = "vlinderstruikxq"
SANNE = StaffIdentity(1, "Sanne de Vries", "POH-Jeugd")


def _person(store, external_id: str = "tg-1") -> dict:
    """A person with everything a conversation can leave behind."""
    with store.session() as s:
        seed_demo(s)
        linde = repo.practice_by_code(s, code="LINDE")
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id=external_id)
        conv.practice_id = linde.id
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text=f"ik heet {MARKER}")
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="out", text="Dank je. Hoe oud ben je?")
        record = IntakeRecord(role="jongere", age=15, themes=["angst"], impact_text=f"ik slaap slecht door {MARKER}",
                              name="Noor", contact_method="phone", phone="+31612345678", consent_parents="nee")
        h = submit_intake(s, conversation_id=conv.id, record=record, cipher=store.cipher)
        upgrade_to_crisis(s, conv.id, "suicide", cipher=store.cipher)
        repo.record_crisis(s, conversation=conv, category="suicide", source="screen")
        repo.queue_staff_alert(s, conversation=conv, kind="crisis", text="Crisis-signaal")
        s.add(StaffNote(handover_id=h.id, user_email="w@x.nl", body=store.cipher.encrypt(f"notitie {MARKER}")))
        s.add(UrgentRequest(practice_id=linde.id, conversation_id=conv.id, handover_id=h.id))
        # A call-back request with the phone number the person typed for it.
        s.add(UrgentRequest(practice_id=linde.id, conversation_id=conv.id, reason="asked", urgency="regular",
                            phone_enc=store.cipher.encrypt("+31687654321"), created_at=NOW - timedelta(days=1)))
        # A support worker took the conversation over and wrote to the person (delivered into the
        # transcript with the author, as bot.outbox does; one more still on its way).
        T.take_over(s, conversation=conv, who=SANNE, pull=False, now=NOW - timedelta(hours=2))
        line = repo.add_message(s, conversation=conv, cipher=store.cipher, direction="out",
                                text=f"{SANNE.label}:\nHoi, ik lees over {MARKER}. Zullen we bellen?")
        line.author = SANNE.label
        M.send(s, conversation=conv, who=SANNE, text=f"Nog een vraag over {MARKER}", now=NOW - timedelta(hours=1))
        # A message that waits for Rasa to come back.
        s.add(DeferredTurn(conversation_id=conv.id, sender_id=conv.sender_id,
                           message=store.cipher.encrypt(f"nog voor Rasa: {MARKER}")))
        # A waiting-time check-in answered "worse" in their own words, and their safety plan.
        s.add(Checkin(conversation_id=conv.id, handover_id=h.id, sender_id=conv.sender_id, answer="worse",
                      change=store.cipher.encrypt(f"slechter door {MARKER}")))
        s.add(SafetyPlan(conversation_id=conv.id, content=store.cipher.encrypt(json.dumps({"warning_signs": MARKER}))))
        past = B.book(s, practice_id=linde.id, slot_id=B.find_slots(s, practice_id=linde.id, now=NOW - timedelta(weeks=3),
                                                                     limit=1)[0].slot_id,
                      type_code="praktijk", conversation_id=conv.id, handover_id=h.id, now=NOW - timedelta(weeks=3))
        first = B.book(s, practice_id=linde.id, slot_id=B.find_slots(s, practice_id=linde.id, now=NOW, limit=1)[0].slot_id,
                       type_code="video", conversation_id=conv.id, handover_id=h.id, now=NOW)
        moved = B.reschedule(s, appointment_id=first.id, now=NOW,
                             slot_id=B.find_slots(s, practice_id=linde.id, now=NOW, limit=2)[1].slot_id)
        EVENTS.create(s.connection(), checkfirst=True)
        s.execute(EVENTS.insert().values(sender_id=conv.sender_id, type_name="user",
                                         data=store.cipher.encrypt_text(json.dumps({"text": MARKER}))))
        from bot.staff.audit import record

        record(s, actor=Actor(7, "w@x.nl"), action="view", object_type="handover", object_id=h.id,
               reference=conv.reference, practice_code="LINDE")
        return {"reference": conv.reference, "conversation": conv.id, "handover": h.id, "past": past.id,
                "moved_from": first.id, "upcoming": moved.id, "sender": conv.sender_id}


def _count(s, model, **where) -> int:
    q = select(func.count()).select_from(model)
    for k, v in where.items():
        q = q.where(getattr(model, k) == v)
    return s.execute(q).scalar_one()


def _rows_per_table(s, conversation_id: int) -> dict[str, int]:
    """Rows of this conversation in every table with a conversation_id (a feature's new one too)."""
    return {t.name: s.execute(select(func.count()).select_from(t).where(t.c.conversation_id == conversation_id))
            .scalar_one() for t in all_tables() if "conversation_id" in t.c}


def test_erasure_removes_everything_cancels_the_upcoming_appointment_and_tells_the_worker(store):
    p = _person(store)
    other = _person(store, external_id="tg-2")  # someone else: untouched
    with store.session() as s:
        before = _rows_per_table(s, p["conversation"])
    # The person left something in every such table, so the check below can fail.
    assert [name for name, n in before.items() if n == 0] == [], before
    with store.session() as s:
        report = erasure.erase(s, reference=p["reference"].lower(), actor=Actor(None, "cli:anne", "balie"),
                               via="staff", now=NOW)
    assert report.cancelled_appointments == [p["upcoming"]]
    assert report.deleted["messages"] == 3 and report.deleted["trackers"] == 1 and report.deleted["staff_notes"] == 1
    assert report.deleted["takeovers"] == 1 and report.deleted["deferred_turns"] == 1
    assert report.deleted["consent_records"] == 1 and report.deleted["urgent_requests"] == 2  # consent: the intake's
    with store.session() as s:
        assert s.get(Conversation, p["conversation"]) is None
        assert {name: n for name, n in _rows_per_table(s, p["conversation"]).items() if n} == {}
        for model in (Message, CrisisEvent, ChatOutbox, UrgentRequest, Handover):
            assert _count(s, model, conversation_id=p["conversation"]) == 0, model
        assert _count(s, StaffNote, handover_id=p["handover"]) == 0
        assert s.execute(select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == p["sender"])).scalar_one() == 0
        assert s.get(Appointment, p["past"]) is None and s.get(Appointment, p["moved_from"]) is None
        kept = s.get(Appointment, p["upcoming"])  # stays in the worker's calendar, cancelled and unlinked
        assert kept.status == "cancelled" and kept.conversation_id is None and kept.handover_id is None
        assert kept.changed_by == "erasure"
        (told,) = s.execute(select(StaffAlert).where(StaffAlert.kind == "erasure_cancelled")).scalars()
        assert p["reference"] in told.text and "wissen" in told.text and "Noor" not in told.text
        assert MARKER not in told.text
        (row,) = list_events(s, action="erase")
        assert (row.conversation_reference, row.user_email, row.on_behalf_of, row.practice_code) == (
            p["reference"], "cli:anne", "balie", "LINDE")
        assert "Noor" not in row.detail and MARKER not in row.detail
        assert len(list_events(s, reference=p["reference"])) == 2  # the earlier view stays (NEN 7513)
        assert s.get(Conversation, other["conversation"]) is not None
        assert _count(s, Message, conversation_id=other["conversation"]) == 3
    assert MARKER.encode() not in Path(store.settings.database_url.split(":///")[1]).read_bytes()
    with store.session() as s:
        assert erasure.erase(s, reference=p["reference"], actor=Actor(None, "cli"), via="staff") is None


def test_the_copy_holds_everything_stored_in_the_persons_language(store):
    p = _person(store)
    with store.session() as s:
        conv = erasure.find_by_reference(s, p["reference"])
        data = export.collect(s, conv, cipher=store.cipher)
        doc = export.document(s, conv, cipher=store.cipher)
        conv.language = "en"
        english = export.render_text(export.collect(s, conv, cipher=store.cipher), "en")
    assert data["intakes"][0]["answers"]["name"] == "Noor"
    assert [x["text"] for x in data["transcript"]] == [f"ik heet {MARKER}", "Dank je. Hoe oud ben je?",
                                                      f"{SANNE.label}:\nHoi, ik lees over {MARKER}. Zullen we bellen?"]
    assert [x["author"] for x in data["transcript"]] == [None, None, "Sanne de Vries (POH-Jeugd)"]
    assert [(r["reason"], r["phone"]) for r in data["contact_requests"]] == [("no_urgent_slot", None),
                                                                              ("asked", "06 87654321")]
    assert [c["worker"] for c in data["staff_in_chat"]] == ["Sanne de Vries (POH-Jeugd)"]
    assert len(data["appointments"]) == 3 and data["crisis_signals"][0]["category"] == "suicide"
    assert data["access_log"] == [{"at": data["access_log"][0]["at"], "action": "view", "practice": "LINDE"}]
    body = doc.content.decode()
    assert doc.filename == f"mijngegevens-{p['reference']}.txt"
    for expected in ("Jouw gegevens bij Jeugdintake", p["reference"], "Noor", "+31612345678", f"Jij: ik heet {MARKER}",
                     "Assistent: Dank je", "bekeken (LINDE)", "Telegram bewaart het gesprek zelf ook", "/vergeet",
                     f"Sanne de Vries (POH-Jeugd): Hoi, ik lees over {MARKER}",
                     "Verzoeken aan de praktijk om contact met je op te nemen", "op telefoonnummer 06 87654321",
                     "zonder telefoonnummer", "Wanneer een medewerker zelf met je chatte"):
        assert expected in body, expected
    assert "Assistent: Hoi, ik lees over" not in body  # a worker's line is never the assistant's
    assert "notitie" not in body and "w@x.nl" not in body  # work notes and staff addresses are not in it
    assert "Your data at Jeugdintake" in english and "You: ik heet" in english


def _run(env, *args):
    return subprocess.run([INTAKE, *args], env=env, capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL)


def test_intake_export_and_erase_from_the_command_line(store, tmp_path):
    p = _person(store)
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(store.settings.data_dir), "INTAKE_ENV": "test",
           "INTAKE_DATABASE_URL": store.settings.database_url, "INTAKE_SECRET_KEY": store.settings.secret_key}
    out = _run(env, "export", "--reference", p["reference"], "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["intakes"][0]["answers"]["phone"] == "+31612345678"
    target = tmp_path / "kopie.txt"
    out = _run(env, "export", "--reference", p["reference"], "--out", str(target), "--by", "telefoon: Anne")
    assert out.returncode == 0 and "Noor" in target.read_text() and target.stat().st_mode & 0o777 == 0o600

    refused = _run(env, "erase", "--reference", p["reference"])
    assert refused.returncode == 2 and "--yes" in refused.stderr
    out = _run(env, "erase", "--reference", p["reference"], "--yes", "--by", "balie: Anne", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["deleted"]["messages"] == 3
    again = _run(env, "erase", "--reference", p["reference"], "--yes")
    assert again.returncode == 1 and "already erased" in again.stderr
    with store.session() as s:
        actions = [(e.action, e.on_behalf_of) for e in list_events(s, reference=p["reference"])]
    assert ("erase", "balie: Anne") in actions and ("export", "telefoon: Anne") in actions
    with store.engine.connect() as c:
        assert c.execute(text("select count(*) from conversations")).scalar_one() == 0


def test_an_unknown_via_is_refused(store):
    with pytest.raises(ValueError), store.session() as s:
        erasure.erase(s, reference="JI-XXXXXX", actor=Actor(None, "cli"), via="email")


async def test_the_worker_is_told_in_the_staff_chat_without_content(store, settings):
    from bot.alerts import TelegramAlertSink

    p = _person(store)
    with store.session() as s:
        s.execute(StaffAlert.__table__.update().values(sent_at=NOW))  # the crisis alert went out earlier
        erasure.erase(s, reference=p["reference"], actor=Actor(None, "cli"), via="staff", now=NOW)

    class Bot:
        sent: list[str] = []

        async def send_message(self, chat_id, text, **kwargs):
            self.sent.append(text)

    bot = Bot()
    await TelegramAlertSink(settings, store, bot, "-100").deliver_pending()
    (message,) = bot.sent
    assert p["reference"] in message and "vervalt" in message and "Noor" not in message and MARKER not in message
