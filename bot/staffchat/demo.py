"""Demo opening hours: the demo practices answer the phone on weekdays."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.staffchat.hours import has_own_hours, set_opening_hours
from bot.store.repo import practice_by_code

DEMO_HOURS = {
    "LINDE": [(d, "08:00", "17:00") for d in range(5)],
    "ANKER": [(d, "08:00", "12:30") for d in range(5)] + [(d, "13:30", "17:00") for d in range(5)],
}


def seed_chat_demo(session: Session) -> None:
    for code, hours in DEMO_HOURS.items():
        practice = practice_by_code(session, code=code)
        if practice is not None and not has_own_hours(session, practice_id=practice.id):
            set_opening_hours(session, practice_id=practice.id, hours=hours)
    session.flush()
