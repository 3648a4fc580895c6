"""``intake appointments`` and ``intake availability`` (registered through bot.cli).

    intake appointments [--json] [--practice CODE] [--all]
    intake availability show [--worker W] [--json]
    intake availability hours --worker W --practice CODE --weekday 1 --start 09:00 --end 12:30
    intake availability hours --worker W --practice CODE --weekday 1 --clear
    intake availability exception --worker W --from 2026-12-24 [--to 2026-12-26] [--kind holiday|sick|other]
    intake availability hold --worker W --practice CODE --weekday 1 --start 09:00 [--remove]
    intake availability settings --practice CODE [--lead-time-hours N] [--horizon-weeks N]
                                 [--reminder-hours N] [--slot-minutes N] [--checkin-days N]

    intake outbox list [--json]                 messages the bot will send on its own (reminders, check-ins)
    intake outbox run [--as-of 2026-12-07T10:00] [--json]   send what is due now (the bot app does this
                                                 every 30 s); --as-of: as if it were then (to try it out;
                                                 a terminal conversation gets it at its next turn)

W is a worker id or e-mail address. Dates and times are Europe/Amsterdam wall-clock time;
``--from``/``--to`` take a date (whole days, --to inclusive) or a date and time (2026-12-24T13:00).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timedelta

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def register(subparsers) -> dict:
    appts = subparsers.add_parser("appointments", help="list upcoming appointments")
    appts.add_argument("--json", action="store_true")
    appts.add_argument("--practice", help="only this practice code")
    appts.add_argument("--all", action="store_true", help="include cancelled and rescheduled ones")

    avail = subparsers.add_parser("availability", help="weekly hours, exceptions and booking settings")
    sub = avail.add_subparsers(dest="availability_command", required=True)
    show = sub.add_parser("show", help="weekly hours, held slots and exceptions")
    show.add_argument("--worker")
    show.add_argument("--json", action="store_true")
    hours = sub.add_parser("hours", help="add (or --clear) weekly hours")
    hours.add_argument("--worker", required=True)
    hours.add_argument("--practice", required=True)
    hours.add_argument("--weekday", type=int, required=True, choices=range(7), help="0 = Monday")
    hours.add_argument("--start")
    hours.add_argument("--end")
    hours.add_argument("--clear", action="store_true", help="remove this weekday's hours at this practice")
    exc = sub.add_parser("exception", help="the worker is away (holiday, sickness)")
    exc.add_argument("--worker", required=True)
    exc.add_argument("--from", dest="start", required=True)
    exc.add_argument("--to", dest="end")
    exc.add_argument("--kind", default="holiday", choices=("holiday", "sick", "other"))
    hold = sub.add_parser("hold", help="keep a weekly slot free for urgent intakes")
    hold.add_argument("--worker", required=True)
    hold.add_argument("--practice", required=True)
    hold.add_argument("--weekday", type=int, required=True, choices=range(7))
    hold.add_argument("--start", required=True)
    hold.add_argument("--remove", action="store_true")
    cfg = sub.add_parser("settings", help="lead time, horizon, reminder, slot length and the waiting-time check-in")
    cfg.add_argument("--practice", required=True)
    for flag in ("lead-time-hours", "horizon-weeks", "reminder-hours", "slot-minutes",
                 "urgent-lead-time-hours", "urgent-window-days"):
        cfg.add_argument(f"--{flag}", type=int)
    cfg.add_argument("--checkin-days", type=int,
                     help="send one check-in while a family waits more than N days for the appointment (0: off)")
    box = subparsers.add_parser("outbox", help="reminders and check-ins the bot sends on its own")
    box_sub = box.add_subparsers(dest="outbox_command", required=True)
    listing = box_sub.add_parser("list", help="what is waiting to be sent, and when")
    listing.add_argument("--json", action="store_true")
    run = box_sub.add_parser("run", help="send what is due (the bot app does this every 30 seconds)")
    run.add_argument("--as-of", dest="as_of", help="Europe/Amsterdam date-time: send what is due then")
    run.add_argument("--json", action="store_true")
    return {"appointments": cmd_appointments, "availability": cmd_availability, "outbox": cmd_outbox}


def cmd_outbox(args, settings) -> int:
    from sqlalchemy import select

    from bot import outbox
    from bot.booking.slots import to_local
    from bot.store.models import Conversation
    from bot.store.models_booking import ChatOutbox

    store = _store(settings)
    try:
        if args.outbox_command == "list":
            with store.session() as s:
                rows = [{"id": r.id, "kind": r.kind, "reference": ref, "due": to_local(r.due_utc).isoformat()}
                        for r, ref in s.execute(
                            select(ChatOutbox, Conversation.reference)
                            .join(Conversation, Conversation.id == ChatOutbox.conversation_id)
                            .where(ChatOutbox.sent_at.is_(None), ChatOutbox.cancelled_at.is_(None))
                            .order_by(ChatOutbox.due_utc, ChatOutbox.id))]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for r in rows:
                    print(f"{r['id']:>5} {r['due']} {r['kind']:<18} {r['reference']}")
            return 0
        now = None
        if args.as_of:
            try:
                now = _moment(args.as_of, end=False)
            except ValueError:
                print("intake outbox: --as-of must be a date-time like 2026-12-07T10:00", file=sys.stderr)
                return 2
        push = outbox.push_channels(settings)
        sent = outbox.run_once(store, outbox.ChannelDelivery(settings), now=now, channels=push)
        waiting = outbox.make_due(store, as_of=now, except_channels=push) if now is not None else 0
        print(json.dumps({"sent": sent, "waiting_for_next_turn": waiting}) if args.json
              else f"sent {sent}; {waiting} shown at the person's next turn")
        return 0
    finally:
        store.dispose()


def _store(settings):
    from bot.store.db import Store

    return Store(settings)


def appointment_json(session, appt) -> dict:
    from bot.booking.slots import to_local
    from bot.store.models import Practice, Worker

    practice = session.get(Practice, appt.practice_id)
    worker = session.get(Worker, appt.worker_id)
    return {
        "id": appt.id,
        "practice": practice.code if practice else None,
        "worker": worker.name if worker else None,
        "start": to_local(appt.start_utc).isoformat(),
        "end": to_local(appt.end_utc).isoformat(),
        "type": appt.type_code,
        "status": appt.status,
        "urgent": bool(appt.urgent),
        "handover_id": appt.handover_id,
    }


def cmd_appointments(args, settings) -> int:
    from bot.booking import service

    store = _store(settings)
    try:
        with store.session() as s:
            rows = [appointment_json(s, a) for a in service.upcoming(
                s, practice_code=args.practice, include_cancelled=args.all)]
            from bot.staff.audit import cli_actor, record

            record(s, actor=cli_actor(), action="view", object_type="appointment_list",
                   practice_code=(args.practice or "").upper(), detail=f"intake appointments (CLI): {len(rows)}")
    finally:
        store.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['id']:>5} {r['start']} {r['practice']:<8} {r['worker']} {r['type']} {r['status']}")
    return 0


def _fail(message: str) -> int:
    print(f"intake availability: {message}", file=sys.stderr)
    return 2


def _worker(session, ref: str):
    from sqlalchemy import select

    from bot.store.models import Worker

    if ref.isdigit():
        return session.get(Worker, int(ref))
    return session.execute(select(Worker).where(Worker.email == ref)).scalar_one_or_none()


def _moment(value: str, *, end: bool) -> datetime:
    """Local date or date-time -> naive UTC. A bare end date means the end of that day."""
    from bot.booking.slots import local_to_utc

    if "T" in value or " " in value:
        local = datetime.fromisoformat(value.replace(" ", "T"))
        return local_to_utc(local.date(), local.time())
    day = date.fromisoformat(value)
    if end:
        day += timedelta(days=1)
    return local_to_utc(day, datetime.min.time())


def cmd_availability(args, settings) -> int:
    store = _store(settings)
    try:
        with store.session() as s:
            return _availability(s, args)
    except ValueError as exc:
        return _fail(str(exc))
    finally:
        store.dispose()


def _availability(s, args) -> int:
    from sqlalchemy import delete, select

    from bot.booking.slots import to_local
    from bot.store.models import WeeklyHours, Worker
    from bot.store.models_booking import AvailabilityException, BookingSettings, HeldSlot
    from bot.store.repo import practice_by_code

    cmd = args.availability_command
    if cmd == "show":
        workers = [_worker(s, args.worker)] if args.worker else list(s.execute(select(Worker)).scalars())
        if None in workers:
            return _fail("unknown worker")
        out = []
        for w in workers:
            out.append({
                "worker_id": w.id, "worker": w.name,
                "hours": [{"practice_id": h.practice_id, "weekday": h.weekday, "start": h.start_time, "end": h.end_time}
                          for h in sorted(w.weekly_hours, key=lambda h: (h.weekday, h.start_time))],
                "held": [{"practice_id": h.practice_id, "weekday": h.weekday, "start": h.start_time}
                         for h in s.execute(select(HeldSlot).where(HeldSlot.worker_id == w.id)).scalars()],
                "exceptions": [{"id": e.id, "kind": e.kind, "start": to_local(e.start_utc).isoformat(),
                                "end": to_local(e.end_utc).isoformat()}
                               for e in s.execute(select(AvailabilityException).where(
                                   AvailabilityException.worker_id == w.id).order_by(AvailabilityException.start_utc)).scalars()],
            })
        print(json.dumps(out, ensure_ascii=False, indent=None if args.json else 2))
        return 0

    if cmd == "settings":
        practice = practice_by_code(s, code=args.practice)
        if practice is None:
            return _fail(f"unknown practice {args.practice}")
        row = s.get(BookingSettings, practice.id)
        if row is None:
            from bot.booking.service import booking_settings

            row = booking_settings(s, practice_id=practice.id)
            s.add(row)
        for attr in ("lead_time_hours", "horizon_weeks", "reminder_hours", "slot_minutes",
                     "urgent_lead_time_hours", "urgent_window_days", "checkin_days"):
            value = getattr(args, attr)
            if value is not None:
                if value < 0:
                    return _fail(f"--{attr.replace('_', '-')} must not be negative")
                setattr(row, attr, value)
        s.flush()
        print(json.dumps({"practice": practice.code, "lead_time_hours": row.lead_time_hours,
                          "horizon_weeks": row.horizon_weeks, "reminder_hours": row.reminder_hours,
                          "slot_minutes": row.slot_minutes, "urgent_lead_time_hours": row.urgent_lead_time_hours,
                          "urgent_window_days": row.urgent_window_days, "checkin_days": row.checkin_days}))
        return 0

    worker = _worker(s, args.worker)
    if worker is None:
        return _fail(f"unknown worker {args.worker}")

    if cmd == "exception":
        start = _moment(args.start, end=False)
        end = _moment(args.end or args.start, end=True) if (args.end or "T" not in args.start) else start + timedelta(hours=1)
        if end <= start:
            return _fail("--to must be after --from")
        row = AvailabilityException(worker_id=worker.id, start_utc=start, end_utc=end, kind=args.kind)
        s.add(row)
        s.flush()
        print(json.dumps({"id": row.id, "worker_id": worker.id, "kind": row.kind,
                          "start": to_local(start).isoformat(), "end": to_local(end).isoformat()}))
        return 0

    practice = practice_by_code(s, code=args.practice)
    if practice is None:
        return _fail(f"unknown practice {args.practice}")
    if practice not in worker.practices:
        worker.practices.append(practice)
    if cmd == "hours":
        if args.clear:
            s.execute(delete(WeeklyHours).where(WeeklyHours.worker_id == worker.id,
                                                WeeklyHours.practice_id == practice.id,
                                                WeeklyHours.weekday == args.weekday))
            print(json.dumps({"worker_id": worker.id, "practice": practice.code, "weekday": args.weekday, "cleared": True}))
            return 0
        if not (args.start and args.end and _HHMM.match(args.start) and _HHMM.match(args.end)):
            return _fail("--start and --end must be HH:MM")
        if args.end <= args.start:
            return _fail("--end must be after --start")
        s.add(WeeklyHours(worker_id=worker.id, practice_id=practice.id, weekday=args.weekday,
                          start_time=args.start, end_time=args.end))
        print(json.dumps({"worker_id": worker.id, "practice": practice.code, "weekday": args.weekday,
                          "start": args.start, "end": args.end}))
        return 0
    if cmd == "hold":
        if not _HHMM.match(args.start):
            return _fail("--start must be HH:MM")
        existing = s.execute(select(HeldSlot).where(
            HeldSlot.worker_id == worker.id, HeldSlot.practice_id == practice.id,
            HeldSlot.weekday == args.weekday, HeldSlot.start_time == args.start)).scalar_one_or_none()
        if args.remove:
            if existing is not None:
                s.delete(existing)
        elif existing is None:
            s.add(HeldSlot(worker_id=worker.id, practice_id=practice.id, weekday=args.weekday, start_time=args.start))
        print(json.dumps({"worker_id": worker.id, "practice": practice.code, "weekday": args.weekday,
                          "start": args.start, "held": not args.remove}))
        return 0
    return 2
