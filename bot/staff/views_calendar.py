"""A worker's week (availability blocks and appointments) and the weekly-hours editor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from starlette.responses import Response

from bot.i18n import AMSTERDAM
from bot.staff import bookings
from bot.staff.audit import record
from bot.staff.web import Ctx, NotFound
from bot.store.models import Practice, WeeklyHours, Worker, practice_workers

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def visible_workers(ctx: Ctx) -> list[Worker]:
    """Workers at the user's own practices (the user's own worker record first)."""
    rows = ctx.db.execute(
        select(Worker).join(practice_workers).where(practice_workers.c.practice_id.in_(ctx.practice_ids))
        .order_by(Worker.name)
    ).scalars().unique().all()
    rows = list(dict.fromkeys(rows))
    rows.sort(key=lambda w: (w.id != ctx.user.worker_id, w.name))
    return rows


def _chosen_worker(ctx: Ctx, raw: str | None) -> tuple[Worker | None, list[Worker]]:
    workers = visible_workers(ctx)
    if raw:
        wanted = [w for w in workers if str(w.id) == raw]
        if not wanted:
            raise NotFound
        return wanted[0], workers
    return (workers[0] if workers else None), workers


def week_start(raw: str | None, today: date | None = None) -> date:
    today = today or datetime.now(AMSTERDAM).date()
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


@dataclass
class DayColumn:
    day: date
    blocks: list
    appointments: list


def calendar(ctx: Ctx) -> Response:
    worker, workers = _chosen_worker(ctx, ctx.request.query_params.get("worker"))
    monday = week_start(ctx.request.query_params.get("week"))
    days = []
    if worker is not None:
        hours = [h for h in worker.weekly_hours if h.practice_id in ctx.practice_ids]
        start = datetime.combine(monday, time(0), AMSTERDAM)
        appointments = bookings.appointments_for_worker(ctx.db, worker_id=worker.id, start=start,
                                                        end=start + timedelta(days=7),
                                                        practice_ids=ctx.practice_ids)
        for offset in range(7):
            day = monday + timedelta(days=offset)
            days.append(DayColumn(
                day=day,
                blocks=sorted((h for h in hours if h.weekday == offset), key=lambda h: h.start_time),
                appointments=[a for a in appointments if a.local_start.date() == day],
            ))
    return ctx.render("calendar.html", worker=worker, workers=workers, days=days, monday=monday,
                      prev_week=monday - timedelta(days=7), next_week=monday + timedelta(days=7),
                      booking_available=bookings.available())


def availability(ctx: Ctx) -> Response:
    worker, workers = _chosen_worker(ctx, ctx.request.query_params.get("worker") or ctx.form.get("worker"))
    if worker is None:
        return ctx.render("availability.html", worker=None, workers=workers, hours=[], practices=[],
                          error="", exceptions=None)
    error = ""
    if ctx.request.method == "POST":
        error = _change_hours(ctx, worker)
        if not error:
            return ctx.redirect(f"/beschikbaarheid?worker={worker.id}")
    hours = sorted((h for h in worker.weekly_hours if h.practice_id in ctx.practice_ids),
                   key=lambda h: (h.weekday, h.start_time))
    practices = [p for p in worker.practices if p.id in ctx.practice_ids]
    return ctx.render("availability.html", worker=worker, workers=workers, hours=hours,
                      practices=practices, error=error,
                      exceptions=bookings.exceptions_for_worker(ctx.db, worker_id=worker.id))


def _change_hours(ctx: Ctx, worker: Worker) -> str:
    form = ctx.form
    if form.get("action") in ("add_exception", "delete_exception"):
        return _change_exceptions(ctx, worker)
    if form.get("action") == "delete":
        block = ctx.db.get(WeeklyHours, _int(form.get("id")))
        if block is None or block.worker_id != worker.id or block.practice_id not in ctx.practice_ids:
            raise NotFound
        record(ctx.db, actor=ctx.actor, action="change", object_type="weekly_hours", object_id=block.id,
               detail=f"verwijderd: worker {worker.id} dag {block.weekday} {block.start_time}-{block.end_time}")
        ctx.db.delete(block)
        return ""
    weekday, start, end = _int(form.get("weekday")), form.get("start", ""), form.get("end", "")
    practice = ctx.db.get(Practice, _int(form.get("practice")))
    if practice is None or practice.id not in ctx.practice_ids or practice not in worker.practices:
        return "Kies een praktijk."
    if weekday is None or not 0 <= weekday <= 6:
        return "Kies een dag."
    if not (_HHMM.match(start) and _HHMM.match(end)) or start >= end:
        return "Vul een begin- en eindtijd in (uu:mm), het begin voor het eind."
    for h in worker.weekly_hours:
        if h.weekday == weekday and h.start_time < end and start < h.end_time:
            return "Dit blok overlapt met een blok dat er al is."
    block = WeeklyHours(worker_id=worker.id, practice_id=practice.id, weekday=weekday,
                        start_time=start, end_time=end)
    ctx.db.add(block)
    ctx.db.flush()
    record(ctx.db, actor=ctx.actor, action="change", object_type="weekly_hours", object_id=block.id,
           practice_code=practice.code, detail=f"toegevoegd: worker {worker.id} dag {weekday} {start}-{end}")
    return ""


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


EXCEPTION_KINDS = {"holiday": "vakantie", "sick": "ziek", "other": "anders"}


def _change_exceptions(ctx: Ctx, worker: Worker) -> str:
    if not bookings.available():
        raise NotFound
    form = ctx.form
    if form.get("action") == "delete_exception":
        if not bookings.delete_exception(ctx.db, worker_id=worker.id, exception_id=_int(form.get("id"))):
            raise NotFound
        record(ctx.db, actor=ctx.actor, action="change", object_type="availability_exception",
               object_id=form.get("id"), detail=f"verwijderd: worker {worker.id}")
        return ""
    try:
        first = date.fromisoformat(form.get("from", ""))
        last = date.fromisoformat(form.get("to", "") or form.get("from", ""))
    except ValueError:
        return "Vul een begin- en einddatum in."
    kind = form.get("kind", "holiday")
    if last < first or kind not in EXCEPTION_KINDS:
        return "De einddatum ligt voor de begindatum."
    # Whole days in Amsterdam time, stored as UTC.
    start = datetime.combine(first, time(0), AMSTERDAM)
    end = datetime.combine(last + timedelta(days=1), time(0), AMSTERDAM)
    row = bookings.add_exception(ctx.db, worker_id=worker.id, start_utc=bookings._to_utc_naive(start),
                                 end_utc=bookings._to_utc_naive(end), kind=kind)
    record(ctx.db, actor=ctx.actor, action="change", object_type="availability_exception",
           object_id=row.id, detail=f"toegevoegd: worker {worker.id} {first}..{last} {kind}")
    return ""
