"""Retention with a frozen clock: each kind of data goes on the day its period ends, not before;
what is still needed (open handovers, upcoming appointments) stays."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.booking import service as B
from bot.intake.handover import submit_intake
from bot.intake.record import IntakeRecord
from bot.privacy import retention
from bot.privacy.trackers import EVENTS
from bot.staff.audit import list_events
from bot.store import repo
from bot.store.models import Conversation, StaffAlert
from bot.store.models_booking import Appointment, ChatOutbox
from bot.store.models_handover import Handover
from bot.store.models_privacy import ScheduledJob
from bot.store.models_staff import LoginAttempt
from bot.store.seed import seed_demo

T0 = datetime(2026, 3, 2, 9, 0)
DAY = timedelta(days=1)
INTAKE = str(Path(sys.executable).parent / "intake")
ROOT = Path(__file__).resolve().parents[2]


def _conversation(s, store, name: str, practice: str | None, *, at: datetime, handover: str | None = None,
                  closed_at: datetime | None = None) -> int:
    conv = repo.get_or_create_conversation(s, channel="terminal", external_id=name)
    if practice:
        conv.practice_id = repo.practice_by_code(s, code=practice).id
    repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text=f"bericht van {name}")
    if handover:
        h = submit_intake(s, conversation_id=conv.id, record=IntakeRecord(role="ouder", age=8, themes=["angst"]),
                          cipher=store.cipher)
        h.status = handover
        s.flush()
        s.execute(update(Handover).where(Handover.id == h.id).values(created_at=at, closed_at=closed_at))
    s.execute(update(Conversation).where(Conversation.id == conv.id).values(updated_at=at, created_at=at))
    return conv.id


@pytest.fixture
def world(store):
    with store.session() as s:
        seed_demo(s)
        retention.set_periods(s, practice_id=repo.practice_by_code(s, code="LINDE").id, unfinished_days=10)
        ids = {
            "linde_unfinished": _conversation(s, store, "a", "LINDE", at=T0),
            "anker_unfinished": _conversation(s, store, "b", "ANKER", at=T0),
            "no_practice": _conversation(s, store, "c", None, at=T0),
            "closed": _conversation(s, store, "d", "LINDE", at=T0, handover="closed", closed_at=T0 + 2 * DAY),
            "open": _conversation(s, store, "e", "LINDE", at=T0, handover="accepted"),
            "booked": _conversation(s, store, "f", "LINDE", at=T0),
        }
        linde = repo.practice_by_code(s, code="LINDE")
        # An appointment about six weeks after the last message (booked then).
        slot = B.find_slots(s, practice_id=linde.id, now=T0 + 40 * DAY, limit=1)[0]
        ids["appointment"] = B.book(s, practice_id=linde.id, slot_id=slot.slot_id, type_code="praktijk",
                                    conversation_id=ids["booked"], now=T0 + 40 * DAY).id
        s.add(LoginAttempt(email="x@y.nl", client="1.2.3.4", ok=False, created_at=T0))
        s.add(LoginAttempt(email="x@y.nl", client="1.2.3.4", ok=False, created_at=T0 + 20 * DAY))
        s.add(StaffAlert(kind="crisis", text="-", created_at=T0, sent_at=T0))
        EVENTS.create(s.connection(), checkfirst=True)
        s.execute(EVENTS.insert().values(sender_id="left-behind", type_name="user", data="x",
                                         timestamp=T0.timestamp()))
    return ids


def _alive(store) -> set[int]:
    with store.session() as s:
        return set(s.execute(select(Conversation.id)).scalars())


def test_each_conversation_goes_when_its_practices_period_ends(store, world):
    w = world
    everyone = {w[k] for k in ("linde_unfinished", "anker_unfinished", "no_practice", "closed", "open", "booked")}
    first = retention.run(store, now=T0 + 9 * DAY)
    assert _alive(store) == everyone
    assert first.deleted["orphan_trackers"] == 1  # a tracker of no conversation, older than a day
    report = retention.run(store, now=T0 + 11 * DAY)  # LINDE keeps unfinished conversations 10 days
    assert _alive(store) == everyone - {w["linde_unfinished"]}
    assert report.deleted["conversations_unfinished"] == 1 and report.deleted["messages"] == 1
    retention.run(store, now=T0 + 31 * DAY)  # the default: 30 days
    assert _alive(store) == {w["closed"], w["open"], w["booked"]}
    retention.run(store, now=T0 + 32 * DAY - timedelta(minutes=1))  # closed on day 2, kept 30 days after
    assert w["closed"] in _alive(store)
    retention.run(store, now=T0 + 32 * DAY + timedelta(minutes=1))
    assert _alive(store) == {w["open"], w["booked"]}
    with store.session() as s:
        erased = list_events(s, action="erase")
        assert len(erased) == 4 and {e.user_email for e in erased} == {retention.ACTOR.email}
        assert all(e.detail.startswith("bewaartermijn verstreken") for e in erased)


def test_open_handovers_and_upcoming_appointments_are_kept_and_old_open_ones_reported(store, world):
    report = retention.run(store, now=T0 + 40 * DAY)
    assert {world["open"], world["booked"]} <= _alive(store)
    assert report.open_handovers_to_close == 0
    report = retention.run(store, now=T0 + 91 * DAY)
    assert world["open"] in _alive(store) and report.open_handovers_to_close == 1


def test_past_appointments_staff_traces_and_outbox_rows_go_after_their_periods(store, world):
    with store.session() as s:  # an appointment of a conversation that stays (its handover is open)
        linde = repo.practice_by_code(s, code="LINDE")
        slot = B.find_slots(s, practice_id=linde.id, now=T0 + 20 * DAY, limit=1)[0]
        appt_id = B.book(s, practice_id=linde.id, slot_id=slot.slot_id, type_code="video",
                         conversation_id=world["open"], now=T0 + 20 * DAY).id
    retention.run(store, now=T0 + 40 * DAY)
    with store.session() as s:
        assert [a.created_at for a in s.execute(select(LoginAttempt)).scalars()] == [T0 + 20 * DAY]
        assert s.execute(select(StaffAlert).where(StaffAlert.sent_at == T0)).first() is None
        appt = s.get(Appointment, appt_id)
        assert appt is not None
        assert s.execute(select(ChatOutbox).where(ChatOutbox.appointment_id == appt_id)).first() is not None
        end = appt.end_utc
    retention.run(store, now=end + 89 * DAY)
    with store.session() as s:
        assert s.get(Appointment, appt_id) is not None
    retention.run(store, now=end + 91 * DAY)
    with store.session() as s:
        assert s.get(Appointment, appt_id) is None
        assert s.execute(select(ChatOutbox).where(ChatOutbox.appointment_id == appt_id)).first() is None
        assert s.get(Conversation, world["open"]) is not None


def test_a_dry_run_counts_the_same_and_deletes_nothing(store, world):
    dry = retention.run(store, now=T0 + 40 * DAY, dry_run=True)
    assert len(_alive(store)) == 6
    real = retention.run(store, now=T0 + 40 * DAY)
    for key in ("conversations_unfinished", "conversations_closed_handover", "login_attempts", "staff_alerts",
                "orphan_trackers"):
        assert dry.deleted[key] == real.deleted[key], key
    assert sorted(dry.references) == sorted(real.references) and len(real.references) == 4


def test_periods_shorter_than_a_day_are_refused(store, world):
    with pytest.raises(ValueError), store.session() as s:
        retention.set_periods(s, practice_id=1, closed_handover_days=0)


def test_one_instance_claims_the_daily_run(store):
    assert retention.claim(store, owner="a", now=T0) is True
    assert retention.claim(store, owner="b", now=T0) is False
    retention.finish(store, now=T0)
    assert retention.claim(store, owner="b", now=T0 + timedelta(hours=22)) is False
    assert retention.claim(store, owner="b", now=T0 + DAY) is True


async def _until(condition, seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the job did not run"
        await asyncio.sleep(0.05)


def _last_run(store):
    with store.session() as s:
        job = s.get(ScheduledJob, "retention")
        return job.last_run_at if job else None


async def test_the_bot_app_loop_runs_the_job_once_per_day(store, world):
    clock = [T0 + 11 * DAY]
    task = asyncio.create_task(retention.retention_loop(store, every=0.05, clock=lambda: clock[0]))
    try:
        await _until(lambda: _last_run(store) == clock[0])
        assert world["linde_unfinished"] not in _alive(store)
        assert world["anker_unfinished"] in _alive(store)
        clock[0] = T0 + 11 * DAY + timedelta(hours=12)  # the same day: no second run
        await asyncio.sleep(0.3)
        assert _last_run(store) == T0 + 11 * DAY
        clock[0] = T0 + 31 * DAY
        await _until(lambda: _last_run(store) == clock[0])
        assert world["anker_unfinished"] not in _alive(store)
    finally:
        task.cancel()


def test_intake_retention_commands(store, world):
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(store.settings.data_dir), "INTAKE_ENV": "test",
           "INTAKE_DATABASE_URL": store.settings.database_url, "INTAKE_SECRET_KEY": store.settings.secret_key}

    def intake(*args):
        return subprocess.run([INTAKE, "retention", *args], env=env, capture_output=True, text=True, cwd=ROOT)

    out = intake("set", "--practice", "ANKER", "--closed-handover-days", "14")
    assert out.returncode == 0, out.stderr
    rows = {r["practice"]: r for r in json.loads(intake("show", "--json").stdout)}
    assert rows["ANKER"]["closed_handover_days"] == 14 and rows["LINDE"]["unfinished_days"] == 10
    assert intake("set", "--practice", "ANKER", "--unfinished-days", "0").returncode == 2
    dry = json.loads(intake("run", "--dry-run", "--json").stdout)
    assert dry["dry_run"] is True and len(_alive(store)) == 6
    # Real time, long after T0 and the appointment: only the open handover's conversation stays.
    assert (dry["deleted"]["conversations_unfinished"], dry["deleted"]["conversations_closed_handover"]) == (4, 1)
    real = json.loads(intake("run", "--json").stdout)
    assert real["conversations"] == dry["conversations"] and real["dry_run"] is False
    assert _alive(store) == {world["open"]}
