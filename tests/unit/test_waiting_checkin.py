"""The waiting-time check-in: planned at booking, sent once at a decent hour, and its answers
through the conversation service (every feature registered, Rasa faked)."""

import json
import threading
from collections import Counter
from datetime import timedelta

import httpx
from sqlalchemy import select

from bot import outbox
from bot.booking import service as B
from bot.conversation import Inbound, RasaClient
from bot.features import build_service
from bot.intake.handover import submit_intake
from bot.intake.record import IntakeRecord
from bot.store import repo
from bot.store.db import Store
from bot.store.models import Conversation, StaffAlert, utcnow
from bot.store.models_booking import Appointment, ChatOutbox
from bot.store.models_handover import Handover
from bot.store.models_waiting import Checkin
from bot.store.seed import seed_demo
from bot.waiting import timing


def fake_rasa(answer=None):
    sent = []

    def handler(request):
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=answer if answer is not None else [{"text": "(rasa)"}])

    return RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler))), sent


def waiting_family(store, *, user="fam-1", role="ouder", age=9, themes=("angst",), heaviness=5, days_ahead=12,
                   channel="terminal", urgent=False, **record):
    """A conversation with a handover and an appointment ``days_ahead`` days from now."""
    now = utcnow()
    with store.session() as s:
        seed_demo(s)
        linde = repo.practice_by_code(s, code="LINDE")
        conv = repo.get_or_create_conversation(s, channel=channel, external_id=user, cipher=store.cipher)
        conv.practice_id = linde.id
        h = submit_intake(s, conversation_id=conv.id, cipher=store.cipher, record=IntakeRecord(
            role=role, age=age, themes=list(themes), heaviness=heaviness, duration_days=30, **record))
        slot = B.find_slots(s, practice_id=linde.id, now=now, after_utc=now + timedelta(days=days_ahead), limit=1)[0]
        appt = B.book(s, practice_id=linde.id, slot_id=slot.slot_id, type_code="video", conversation_id=conv.id,
                      handover_id=h.id, now=now, urgent=urgent)
        return {"conversation": conv.id, "handover": h.id, "appointment": appt.id, "start": appt.start_utc,
                "booked": now}


def checkin_row(store, conversation_id):
    with store.session() as s:
        return s.execute(select(ChatOutbox).where(ChatOutbox.conversation_id == conversation_id,
                                                  ChatOutbox.kind == "checkin")).scalar_one_or_none()


def test_a_booking_far_enough_ahead_plans_one_checkin_halfway_at_a_decent_hour(store):
    fam = waiting_family(store)
    row = checkin_row(store, fam["conversation"])
    assert row is not None and timing.is_decent(row.due_utc)
    halfway = (fam["booked"] + (fam["start"] - fam["booked"]) / 2).replace(microsecond=0)
    assert halfway <= row.due_utc < halfway + timedelta(days=1)
    near = waiting_family(store, user="fam-near", days_ahead=2)
    assert checkin_row(store, near["conversation"]) is None  # not more than 7 days away


def test_the_practice_sets_the_days_and_zero_switches_it_off(store):
    with store.session() as s:
        seed_demo(s)
        linde = repo.practice_by_code(s, code="LINDE")
        cfg = B.booking_settings(s, practice_id=linde.id)
        cfg.checkin_days = 0
        s.add(cfg)
    fam = waiting_family(store)
    assert checkin_row(store, fam["conversation"]) is None


def test_sent_once_by_two_instances_and_never_before_it_is_due(store, settings):
    fam = waiting_family(store)
    due = checkin_row(store, fam["conversation"]).due_utc
    sent = Counter()
    lock = threading.Lock()

    def deliver(info, text):
        assert [b.payload for b in info["buttons"]] == ["/checkin_better", "/checkin_same", "/checkin_worse"]
        with lock:
            sent[(info["id"], info["kind"])] += 1

    assert outbox.run_once(store, deliver, now=due - timedelta(minutes=1)) == 0
    barrier = threading.Barrier(2)

    def instance(name):
        own = Store(settings)
        try:
            barrier.wait()
            for _ in range(3):
                outbox.run_once(own, deliver, owner=name, now=due)
        finally:
            own.dispose()

    threads = [threading.Thread(target=instance, args=(n,)) for n in ("bot-a", "bot-b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sent == Counter({(fam["conversation"], "checkin"): 1})
    # a restart: a new instance finds nothing left to send
    assert outbox.run_once(store, deliver, owner="bot-c", now=due + timedelta(hours=1)) == 0
    with store.session() as s:
        c = s.execute(select(Checkin)).scalar_one()
        assert c.sent_at is not None and c.step == "answer"


def test_a_checkin_due_while_the_bot_was_down_waits_for_the_morning(store):
    fam = waiting_family(store)
    due = checkin_row(store, fam["conversation"]).due_utc
    local_night = due.replace(hour=22, minute=30)  # 23:30 or 00:30 in Amsterdam: the night
    assert not timing.is_decent(local_night)
    assert outbox.run_once(store, lambda i, r: None, now=local_night) == 0
    later = checkin_row(store, fam["conversation"])
    assert later.sent_at is None and later.cancelled_at is None and later.claimed_by is None
    assert later.due_utc == timing.next_decent(local_night) and timing.is_decent(later.due_utc)


def test_nothing_after_stop_or_after_the_appointment_is_cancelled(store):
    stopped = waiting_family(store, user="fam-stop")
    with store.session() as s:
        repo.reset_conversation(s, s.get(Conversation, stopped["conversation"]))
    cancelled = waiting_family(store, user="fam-cancel")
    with store.session() as s:
        B.cancel(s, appointment_id=cancelled["appointment"])
    moment = max(checkin_row(store, stopped["conversation"]).due_utc, checkin_row(store, cancelled["conversation"]).due_utc)
    assert outbox.run_once(store, lambda i, r: (_ for _ in ()).throw(AssertionError("sent")), now=moment) == 0
    assert checkin_row(store, stopped["conversation"]).cancelled_at is not None


def test_nothing_for_an_erased_conversation(store):
    from bot.privacy.erasure import delete_conversation

    fam = waiting_family(store)
    due = checkin_row(store, fam["conversation"]).due_utc
    with store.session() as s:
        delete_conversation(s, s.get(Conversation, fam["conversation"]))
    assert outbox.run_once(store, lambda i, r: (_ for _ in ()).throw(AssertionError("sent")), now=due) == 0
    with store.session() as s:
        assert s.execute(select(Checkin)).first() is None


def test_a_rescheduled_appointment_keeps_one_checkin_and_none_after_it_was_sent(store):
    fam = waiting_family(store)
    with store.session() as s:
        linde = repo.practice_by_code(s, code="LINDE")
        later = B.find_slots(s, practice_id=linde.id, after_utc=fam["start"] + timedelta(days=3), limit=1)[0]
        moved = B.reschedule(s, appointment_id=fam["appointment"], slot_id=later.slot_id)
        rows = s.execute(select(ChatOutbox).where(ChatOutbox.kind == "checkin")).scalars().all()
        assert len(rows) == 1 and rows[0].appointment_id == moved.id and rows[0].cancelled_at is None
        due = rows[0].due_utc
    assert outbox.run_once(store, lambda i, r: None, now=due) == 1
    with store.session() as s:
        linde = repo.practice_by_code(s, code="LINDE")
        again = B.find_slots(s, practice_id=linde.id, after_utc=fam["start"] + timedelta(days=6), limit=1)[0]
        B.reschedule(s, appointment_id=moved.id, slot_id=again.slot_id)
        pending = s.execute(select(ChatOutbox).where(ChatOutbox.kind == "checkin", ChatOutbox.sent_at.is_(None),
                                                     ChatOutbox.cancelled_at.is_(None))).scalars().all()
        assert pending == []


async def _deliver_checkin(store, settings, fam):
    """The moment comes: the terminal cannot be pushed to, so the person's next turn takes it."""
    due = checkin_row(store, fam["conversation"]).due_utc
    assert outbox.take_for_conversation(store, fam["conversation"], now=due - timedelta(minutes=1)) == []
    return outbox.take_for_conversation(store, fam["conversation"], now=due)


async def test_worse_with_a_heavier_score_becomes_urgent_and_moves_to_a_held_slot(store, settings):
    fam = waiting_family(store, themes=("angst",), heaviness=5)
    rasa, _sent = fake_rasa()
    service = build_service(settings, store, rasa)
    (message,) = await _deliver_checkin(store, settings, fam)
    assert "Hoe gaat het nu met je kind" in message.text and "113" in message.text
    assert "Iets om intussen te proberen" in message.text
    assert [b.payload for b in message.buttons] == ["/checkin_better", "/checkin_same", "/checkin_worse"]

    out = await service.handle(Inbound("terminal", "fam-1", button="/checkin_worse", kind="button"))
    assert "Wat is er veranderd" in out[0].text
    out = await service.handle(Inbound("terminal", "fam-1", text="Hij komt zijn kamer niet meer uit"))
    assert out[0].kind == "check_in" and len(out) == 1  # the screen asks its direct question first
    out = await service.handle(Inbound("terminal", "fam-1", text="nee"))
    # "no" carries on with what they wrote, as the answer to "what changed"
    assert "Hoe zwaar is het nu" in out[-1].text and "een 5" in out[-1].text
    assert [b.title for b in out[-1].buttons] == [str(n) for n in range(1, 11)]
    out = await service.handle(Inbound("terminal", "fam-1", button='/checkin_level{"n":9}', kind="button"))
    assert "Er is eerder plek" in out[0].text
    moves = [b for b in out[0].buttons if b.payload.startswith("/checkin_move")]
    assert moves, out
    with store.session() as s:
        h = s.get(Handover, fam["handover"])
        assert h.urgency == "urgent" and h.checkin_answer == "worse"
        assert {"heaviness_8_plus", "wachttijd_slechter"} <= set(json.loads(h.flags))
        alerts = [a.text for a in s.execute(select(StaffAlert).where(
            StaffAlert.conversation_id == fam["conversation"])).scalars()]
        assert any("het gaat slechter" in a for a in alerts) and any("verhoogd naar urgent" in a for a in alerts)
        assert all("kamer" not in a for a in alerts)  # no health details in staff notifications
        c = s.execute(select(Checkin)).scalar_one()
        assert store.cipher.decrypt(c.change) == "Hij komt zijn kamer niet meer uit"
        assert (c.heaviness_before, c.heaviness_after, c.urgency_before, c.urgency_after) == (5, 9, "regular", "urgent")

    out = await service.handle(Inbound("terminal", "fam-1", button=moves[0].payload, kind="button"))
    assert "Je afspraak is verzet" in out[0].text and out[0].document is not None
    with store.session() as s:
        booked = s.execute(select(Appointment).where(Appointment.conversation_id == fam["conversation"],
                                                     Appointment.status == "booked")).scalar_one()
        assert booked.urgent and booked.start_utc < fam["start"]
        assert s.get(Appointment, fam["appointment"]).status == "rescheduled"


async def test_worse_typed_with_what_changed_skips_that_question(store, settings):
    fam = waiting_family(store, themes=("school",), heaviness=4, school_attendance="soms")
    rasa, _ = fake_rasa([{"custom": {"checkin": "worse"}}])  # Rasa understood checkin_worse
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    out = await service.handle(Inbound("terminal", "fam-1", text="het is slechter, ze gaat helemaal niet meer"))
    assert "Hoe zwaar is het nu" in out[0].text
    out = await service.handle(Inbound("terminal", "fam-1", text="een 6"))
    assert "naar school" in out[0].text
    out = await service.handle(Inbound("terminal", "fam-1", text="nee"))
    with store.session() as s:
        c = s.execute(select(Checkin)).scalar_one()
        assert (c.heaviness_after, c.school_after) == (6, "geen")
        h = s.get(Handover, fam["handover"])
        # no school at all, and the worry is older than two weeks: the rule table says urgent
        assert h.urgency == "urgent" and "school_absent_over_2_weeks" in json.loads(h.flags)
    assert "Er is eerder plek" in out[0].text


async def test_a_button_s_title_typed_is_that_answer_without_rasa(store, settings):
    fam = waiting_family(store)
    rasa, sent = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    out = await service.handle(Inbound("terminal", "fam-1", text="Slechter, hij slaapt slecht en eet weinig"))
    assert "Hoe zwaar is het nu" in out[-1].text and sent == []  # what changed is said already
    with store.session() as s:
        c = s.execute(select(Checkin)).scalar_one()
        assert c.answer == "worse" and store.cipher.decrypt(c.change).startswith("Slechter, hij slaapt")

    other = waiting_family(store, user="fam-2")
    await _deliver_checkin(store, settings, other)
    out = await service.handle(Inbound("terminal", "fam-2", text="beter!"))
    assert [b.payload for b in out[0].buttons] == ["/checkin_keep", "/cancel_appointment"] and sent == []
    out = await service.handle(Inbound("terminal", "fam-2", text="beter gezegd: wanneer is de afspraak"))
    assert out[0].text == "(rasa)"  # not a title followed by their words: the dialogue's


async def test_worse_but_not_urgent_by_the_rules_is_passed_on_and_sorted_up(store, settings):
    fam = waiting_family(store, themes=("opvoeding",), heaviness=4)
    rasa, _ = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    await service.handle(Inbound("terminal", "fam-1", button="/checkin_worse", kind="button"))
    await service.handle(Inbound("terminal", "fam-1", button="/checkin_skip", kind="button"))
    out = await service.handle(Inbound("terminal", "fam-1", text="6"))
    assert "doorgegeven" in out[0].text and "113" in out[1].text
    with store.session() as s:
        h = s.get(Handover, fam["handover"])
        assert h.urgency == "regular" and "wachttijd_slechter" in json.loads(h.flags)
        assert s.execute(select(Checkin.change)).scalar_one() is None


async def test_better_offers_to_keep_or_cancel_and_same_keeps_it(store, settings):
    fam = waiting_family(store)
    rasa, sent = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    out = await service.handle(Inbound("terminal", "fam-1", button="/checkin_better", kind="button"))
    assert [b.payload for b in out[0].buttons] == ["/checkin_keep", "/cancel_appointment"]
    out = await service.handle(Inbound("terminal", "fam-1", button="/cancel_appointment", kind="button"))
    assert sent[-1]["message"] == "/cancel_appointment"  # the booking dialogue asks to confirm
    out = await service.handle(Inbound("terminal", "fam-1", button="/checkin_keep", kind="button"))
    assert "blijft staan" in out[0].text
    out = await service.handle(Inbound("terminal", "fam-1", button="/checkin_keep", kind="button"))
    assert out[0].kind == "notice"  # a second press of an old button
    with store.session() as s:
        assert s.get(Handover, fam["handover"]).checkin_answer == "better"


async def test_no_answer_is_fine_and_other_messages_go_to_rasa(store, settings):
    fam = waiting_family(store)
    rasa, sent = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    out = await service.handle(Inbound("terminal", "fam-1", text="Hoe laat is de praktijk open?"))
    assert out[0].text == "(rasa)" and sent[-1]["message"] == "Hoe laat is de praktijk open?"
    with store.session() as s:
        assert s.get(Handover, fam["handover"]).checkin_answer is None


async def test_unprompted_worse_while_waiting_counts_as_the_checkin(store, settings):
    fam = waiting_family(store)
    rasa, _ = fake_rasa([{"custom": {"checkin": "worse"}}])
    service = build_service(settings, store, rasa)
    await service.handle(Inbound("terminal", "fam-1", text="het gaat slechter"))
    row = checkin_row(store, fam["conversation"])
    assert row.cancelled_at is not None  # the planned one is not sent any more
    with store.session() as s:
        assert s.execute(select(Checkin.step)).scalars().all() == ["change"]


def test_a_practice_sets_the_checkin_days_with_the_cli(tmp_path):
    import subprocess

    from tests.support.stack import INTAKE, ROOT, base_env

    env = base_env(tmp_path)
    for args in (["db", "upgrade"], ["db", "seed", "--demo"]):
        assert subprocess.run([INTAKE, *args], env=env, cwd=ROOT, capture_output=True).returncode == 0
    run = subprocess.run([INTAKE, "availability", "settings", "--practice", "ANKER", "--checkin-days", "10"],
                         env=env, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["checkin_days"] == 10
    off = subprocess.run([INTAKE, "availability", "settings", "--practice", "ANKER", "--checkin-days", "-1"],
                         env=env, cwd=ROOT, capture_output=True, text=True)
    assert off.returncode == 2 and "must not be negative" in off.stderr


def test_a_person_who_writes_at_night_still_sees_the_due_checkin_on_the_terminal(store):
    fam = waiting_family(store)
    due = checkin_row(store, fam["conversation"]).due_utc
    night = (due + timedelta(days=1)).replace(hour=23, minute=0)
    assert not timing.is_decent(night)
    (shown,) = outbox.take_for_conversation(store, fam["conversation"], now=night)
    assert shown.kind == "checkin" and len(shown.buttons) == 3


async def test_an_urgent_family_that_chose_a_later_time_gets_the_checkin_and_worse_offers_an_earlier_slot(
        store, settings):
    # Offered urgent slots within days, the family chose a time 12 days ahead: it still waits.
    fam = waiting_family(store, heaviness=8, urgent=True)
    assert checkin_row(store, fam["conversation"]) is not None
    rasa, _ = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    await service.handle(Inbound("terminal", "fam-1", button="/checkin_worse", kind="button"))
    await service.handle(Inbound("terminal", "fam-1", button="/checkin_skip", kind="button"))
    out = await service.handle(Inbound("terminal", "fam-1", button='/checkin_level{"n":9}', kind="button"))
    assert "Er is eerder plek" in out[0].text and "zo vroeg mogelijk" not in out[0].text
    assert any(b.payload.startswith("/checkin_move") for b in out[0].buttons)


async def test_keep_typed_after_better_keeps_it_and_a_later_yes_is_not_taken_for_it(store, settings):
    fam = waiting_family(store)
    rasa, sent = fake_rasa()
    service = build_service(settings, store, rasa)
    await _deliver_checkin(store, settings, fam)
    await service.handle(Inbound("terminal", "fam-1", button="/checkin_better", kind="button"))
    out = await service.handle(Inbound("terminal", "fam-1", text="Hoe laat is de praktijk open?"))
    assert out[0].text == "(rasa)"
    await service.handle(Inbound("terminal", "fam-1", text="ja"))
    assert sent[-1]["message"] == "ja"  # a yes after something else answers the dialogue
    out = await service.handle(Inbound("terminal", "fam-1", text="Houden graag"))
    assert "blijft staan" in out[0].text
    other = waiting_family(store, user="fam-2")
    await _deliver_checkin(store, settings, other)
    await service.handle(Inbound("terminal", "fam-2", button="/checkin_better", kind="button"))
    out = await service.handle(Inbound("terminal", "fam-2", text="ja"))
    assert "blijft staan" in out[0].text  # right after the question, a yes keeps it
