"""Demo booking data: held-back urgent slots for the demo practices (idempotent)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import WeeklyHours
from bot.store.models_booking import HeldSlot
from bot.store.repo import practice_by_code

# The first slot of one morning a week stays free for urgent intakes.
DEMO_HELD = {"LINDE": [(1, "09:00"), (3, "09:00")], "ANKER": [(2, "09:00")]}


def seed_booking_demo(session: Session) -> int:
    added = 0
    for code, held in DEMO_HELD.items():
        practice = practice_by_code(session, code=code)
        if practice is None:
            continue
        for weekday, start in held:
            hours = session.execute(select(WeeklyHours).where(
                WeeklyHours.practice_id == practice.id, WeeklyHours.weekday == weekday,
                WeeklyHours.start_time == start)).scalars().first()
            if hours is None:
                continue
            exists = session.execute(select(HeldSlot.id).where(
                HeldSlot.worker_id == hours.worker_id, HeldSlot.practice_id == practice.id,
                HeldSlot.weekday == weekday, HeldSlot.start_time == start)).first()
            if exists is None:
                session.add(HeldSlot(worker_id=hours.worker_id, practice_id=practice.id, weekday=weekday,
                                     start_time=start))
                added += 1
    return added
