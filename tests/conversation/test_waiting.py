"""While a family waits, through the real stack and `intake chat --json`: the waiting-time
check-in at a frozen moment (`intake outbox run --as-of`), sent once, a "worse" that becomes
urgent and moves to a held-back slot; the safety plan made, shown, changed and shared, with the
safety screen on every answer.

The intake is answered generically (first sensible button, or a typed answer for open
questions), like tests/conversation/test_booking.py, so these tests follow the intake as it
evolves and check the waiting part exactly.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from tests.support.stack import INTAKE, ROOT
from tests.support.stack import LiveChat as Chat

pytestmark = pytest.mark.stack

SKIP_PAYLOADS = ("/go_back", "/stop", "/correct", "/request_human", "/more_slots")
TYPED = [("oud", "9"), ("merk je", "Ze slaapt slecht en zit veel op haar kamer."), ("hoop", "Tips voor thuis."),
         ("noemen", "Anna"), ("contact", "Via deze chat")]


def buttons(replies) -> list[dict]:
    return [b for r in replies for b in r["buttons"]]


def payloads(replies) -> list[str]:
    return [b["payload"] for b in buttons(replies)]


def text(replies) -> str:
    return "\n".join(r["text"] for r in replies)


def intake(args: list[str], stack) -> str:
    result = subprocess.run([INTAKE, *args], capture_output=True, text=True, env=stack.client_env(), cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def slot_start(payload: str) -> datetime:
    """'/choose_slot{"slot_id":"3-20261124T1300Z"}' -> 2026-11-24 13:00 UTC (naive)."""
    slot_id = json.loads(payload[len("/choose_slot"):])["slot_id"]
    return datetime.strptime(slot_id.split("-", 1)[1], "%Y%m%dT%H%MZ")


def answer_generically(chat: Chat, replies, *, role: str) -> list[dict]:
    for b in buttons(replies):
        if b["payload"].startswith("/inform_role"):
            return chat.press(next(x["payload"] for x in buttons(replies) if role in x["payload"]))
    choices = [b for b in buttons(replies) if not b["payload"].startswith(SKIP_PAYLOADS)]
    if choices:
        return chat.press(choices[0]["payload"])
    last = replies[-1]["text"] if replies else ""
    for key, typed in TYPED:
        if key in last:
            return chat.say(typed)
    return chat.press("/request_appointment")


def through_the_intake(chat: Chat, practice: str, *, role: str, until) -> list[dict]:
    chat.say(f"/start {practice}")
    replies = chat.say("hallo")
    for _ in range(40):
        if until(replies):
            return replies
        replies = answer_generically(chat, replies, role=role)
    raise AssertionError(f"the intake did not reach its end: {replies}")


def book_far_ahead(chat: Chat, replies, *, days: int) -> datetime:
    """Page with "Andere tijden" to a time more than ``days`` days ahead and book it."""
    horizon = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=days)
    for _ in range(12):
        slots = [p for p in payloads(replies) if p.startswith("/choose_slot")]
        far = [p for p in slots if slot_start(p) > horizon]
        if far:
            replies = chat.press(far[0])
            kind = next(p for p in payloads(replies) if p.startswith("/choose_appointment_type"))
            replies = chat.press(kind)
            assert "ics" in json.dumps(replies) or "afspraak" in text(replies).lower(), replies
            return slot_start(far[0])
        replies = chat.press("/more_slots")
    raise AssertionError("no time far enough ahead")


def store_of(stack):
    from bot.config import Settings
    from bot.store.db import Store

    return Store(Settings.from_env(stack.client_env()))


def conversation_id(store, user: str) -> int:
    from bot.store import repo

    with store.session() as s:
        return repo.find_conversation(s, channel="terminal", external_id=user, cipher=store.cipher).id


def checkin_row(store, conv_id: int):
    from sqlalchemy import select

    from bot.store.models_booking import ChatOutbox

    with store.session() as s:
        return s.execute(select(ChatOutbox).where(ChatOutbox.conversation_id == conv_id,
                                                  ChatOutbox.kind == "checkin")).scalar_one_or_none()


def local(moment_utc: datetime) -> str:
    """For --as-of: the first whole second at or after the moment, local time (a moment cut to
    the minute would be before it, and nothing would be due yet)."""
    from bot.booking.slots import to_local

    if moment_utc.microsecond:
        moment_utc = moment_utc.replace(microsecond=0) + timedelta(seconds=1)
    return to_local(moment_utc).strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture
def extra_held_slot(stack):
    """A held-back urgent slot of ANKER's worker that only this test's family will be offered."""
    workers = json.loads(intake(["availability", "show", "--json"], stack))
    worker = next(w for w in workers if w["worker"] == "Youssef El Amrani")  # the demo's ANKER worker
    args = ["availability", "hold", "--worker", str(worker["worker_id"]), "--practice", "ANKER", "--weekday", "4",
            "--start", "10:45"]
    intake(args, stack)
    yield
    intake(args + ["--remove"], stack)


def test_checkin_sent_once_at_its_moment_and_worse_becomes_urgent(stack, extra_held_slot):
    user = stack.new_user("wachten")
    chat = Chat(stack, user)
    store = store_of(stack)
    try:
        replies = through_the_intake(chat, "ANKER", role="ouder",
                                     until=lambda r: any(p.startswith("/choose_slot") for p in payloads(r)))
        start = book_far_ahead(chat, replies, days=8)
        conv = conversation_id(store, user)
        row = checkin_row(store, conv)
        assert row is not None, "a wait of more than 7 days plans one check-in"
        booked = datetime.now(timezone.utc).replace(tzinfo=None)
        assert booked < row.due_utc < start - timedelta(hours=24)

        # Just before its moment nothing is due; at its moment it waits for the person's next turn.
        # (Counts of `outbox run` cover the whole database, where earlier tests left rows too: this
        # test looks at its own conversation's row.)
        intake(["outbox", "run", "--json", "--as-of", local(row.due_utc - timedelta(minutes=5))], stack)
        still = checkin_row(store, conv)
        assert still.due_utc == row.due_utc and still.sent_at is None
        assert all("vergeleken met toen" not in r["text"] for r in chat.say("hoi"))
        due = json.loads(intake(["outbox", "run", "--json", "--as-of", local(row.due_utc)], stack))
        assert due["waiting_for_next_turn"] >= 1
        made_due = checkin_row(store, conv)
        assert made_due.due_utc < row.due_utc and made_due.sent_at is None
        replies = chat.say("hoi")
        checkin = next(r for r in replies if "vergeleken met toen" in r["text"])
        assert "Iets om intussen te proberen" in checkin["text"] and "113" in checkin["text"]
        assert [b["payload"] for b in checkin["buttons"]] == ["/checkin_better", "/checkin_same", "/checkin_worse"]
        # Sent once: later runs find nothing, and the next turn does not show it again.
        sent = checkin_row(store, conv)
        assert sent.sent_at is not None
        intake(["outbox", "run", "--json", "--as-of", local(row.due_utc + timedelta(days=1))], stack)
        assert checkin_row(store, conv).sent_at == sent.sent_at
        assert all("vergeleken met toen" not in r["text"] for r in chat.say("ok"))

        replies = chat.press("/checkin_worse")
        assert "Wat is er veranderd" in text(replies)
        replies = chat.say("Ze huilt veel en blijft de hele dag binnen")
        assert "Hoe zwaar is het nu" in text(replies)
        level = next(p for p in payloads(replies) if p.startswith("/checkin_level") and '"n":9' in p)
        replies = chat.press(level)
        handovers = {h["id"]: h for h in json.loads(intake(["handovers", "--json"], stack))}
        appointment = next(a for a in json.loads(intake(["appointments", "--json", "--practice", "ANKER"], stack))
                           if slot_start_of(a) == start)
        handover = handovers[appointment["handover_id"]]
        assert handover["urgency"] in ("urgent", "crisis") and "wachttijd_slechter" in handover["flags"]
        moves = [p for p in payloads(replies) if p.startswith("/checkin_move")]
        assert moves, replies  # the test's own held-back slot is free
        replies = chat.press(moves[0])
        assert "Je afspraak is verzet" in text(replies)
        mine = [a for a in json.loads(intake(["appointments", "--json", "--practice", "ANKER"], stack))
                if a["handover_id"] == handover["id"]]
        assert len(mine) == 1 and mine[0]["urgent"] and slot_start_of(mine[0]) < start
    finally:
        chat.close()
        store.dispose()


def slot_start_of(appointment: dict) -> datetime:
    return datetime.fromisoformat(appointment["start"]).astimezone(timezone.utc).replace(tzinfo=None)


def test_a_safety_plan_made_shown_changed_and_shared(stack):
    user = stack.new_user("plan")
    chat = Chat(stack, user)
    store = store_of(stack)
    try:
        chat.say("/start LINDE")
        replies = chat.say("/veiligheidsplan")
        assert payloads(replies) == ["/plan_start", "/plan_later", "/plan_parent"]  # nobody said who writes
        replies = chat.press("/plan_start")
        assert "Stap 1 van 6" in text(replies)
        replies = chat.say("Ik ga niet meer naar buiten en slaap heel slecht")
        assert "Stap 2 van 6" in text(replies)
        replies = chat.say("terug")  # typed, not pressed
        assert "Stap 1 van 6" in text(replies)
        chat.say("Ik ga niet meer naar buiten en slaap heel slecht")
        chat.say("Muziek luisteren en een rondje lopen met de hond")
        chat.press("/plan_skip")
        replies = chat.say("Mijn zus, 06-12345678")
        assert "Stap 5 van 6" in text(replies)
        chat.press("/plan_skip")
        replies = chat.say("Mijn hond en mijn zus")
        plan = text(replies)
        assert "Je veiligheidsplan is klaar" in plan and "Mijn zus, 06-12345678" in plan
        assert "0800-0113" in plan and "0800-0432" in plan
        assert payloads(replies) == ["/plan_share", "/plan_noshare"]
        replies = chat.press("/plan_noshare")
        assert "alleen voor jou" in text(replies)

        replies = chat.say("/veiligheidsplan")  # shown again
        assert "Muziek luisteren" in text(replies) and "/plan_edit" in payloads(replies)
        replies = chat.press("/plan_edit")
        replies = chat.press('/plan_edit{"step":"people_places"}')
        assert "Stap 3 van 6" in text(replies)
        replies = chat.say("Bij mijn oma in de tuin")
        assert "aangepast" in text(replies) and "Bij mijn oma in de tuin" in text(replies)
        replies = chat.press("/plan_share")
        assert "gedeeld" in text(replies)

        from bot.waiting import plan as P

        conv = conversation_id(store, user)
        with store.session() as s:
            state = P.state_of(P.row_of(s, conv), store.cipher)
        assert state.shared and state.content["people_places"] == "Bij mijn oma in de tuin"
        assert "self_help" in state.content and "safe_surroundings" not in state.content
    finally:
        chat.close()
        store.dispose()


def test_a_crisis_in_a_plan_answer_gets_the_help_lines_and_the_plan_waits(stack):
    user = stack.new_user("plancrisis")
    chat = Chat(stack, user)
    store = store_of(stack)
    try:
        chat.say("/start LINDE")
        chat.say("/veiligheidsplan")
        chat.press("/plan_start")
        replies = chat.say("Als ik denk: ik wil niet meer leven")
        assert "113" in replies[0]["text"] and "/affirm_safe" in payloads(replies)
        assert not any("Stap 2" in r["text"] for r in replies)
        replies = chat.press("/affirm_safe")
        assert "/plan_resume" in payloads(replies)
        replies = chat.press("/plan_resume")
        assert "Stap 2 van 6" in text(replies)
        from bot.waiting import plan as P

        with store.session() as s:
            state = P.state_of(P.row_of(s, conversation_id(store, user)), store.cipher)
        assert state.draft["warning_signs"] == "Als ik denk: ik wil niet meer leven"
    finally:
        chat.close()
        store.dispose()
