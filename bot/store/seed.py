"""Demo data: two practices in different municipalities, each with a support worker."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from bot.store.models import Practice, WeeklyHours, Worker
from bot.store.repo import practice_by_code

DEMO_PRACTICES = [
    {
        "code": "LINDE",
        "name": "Huisartsenpraktijk De Linde",
        "address": "Lindelaan 12, 3521 AB Utrecht",
        "municipality": "Utrecht",
        "worker_title": "POH-Jeugd",
        "huisartsenpost_name": "Huisartsenpost Utrecht Stad",
        "huisartsenpost_phone": "088-1309670",
        "phone": "030-1234567",
        "worker": {"name": "Sanne de Vries", "email": "sanne.devries@delinde.example"},
        # Tuesday and Thursday all day, Wednesday morning (a typical 0.5 fte POH-Jeugd).
        "hours": [(1, "09:00", "12:30"), (1, "13:30", "17:00"), (2, "08:30", "12:30"),
                  (3, "09:00", "12:30"), (3, "13:30", "17:00")],
    },
    {
        "code": "ANKER",
        "name": "Gezondheidscentrum Het Anker",
        "address": "Havenstraat 3, 8011 XA Zwolle",
        "municipality": "Zwolle",
        "worker_title": "Specialist Ondersteuner Jeugd (SOJ)",
        "huisartsenpost_name": "Huisartsenpost Zwolle",
        "huisartsenpost_phone": "0900-3336333",
        "phone": "038-7654321",
        "worker": {"name": "Youssef El Amrani", "email": "y.elamrani@hetanker.example"},
        # Monday afternoon, Wednesday all day, Friday morning.
        "hours": [(0, "13:00", "17:00"), (2, "09:00", "12:00"), (2, "13:00", "17:00"),
                  (4, "08:30", "12:00")],
    },
]


def seed_demo(session: Session) -> list[str]:
    """Insert the demo practices that are missing; returns the codes that were added."""
    added = []
    for spec in DEMO_PRACTICES:
        if practice_by_code(session, code=spec["code"]) is not None:
            continue
        practice = Practice(**{k: v for k, v in spec.items() if k not in ("worker", "hours")})
        worker = Worker(calendar_token=secrets.token_urlsafe(24), **spec["worker"])
        practice.workers.append(worker)
        session.add(practice)
        session.flush()
        for weekday, start, end in spec["hours"]:
            session.add(WeeklyHours(worker_id=worker.id, practice_id=practice.id, weekday=weekday,
                                    start_time=start, end_time=end))
        added.append(spec["code"])
    session.flush()
    from bot.booking.demo import seed_booking_demo  # held-back urgent slots (issue 7)

    seed_booking_demo(session)
    from bot.staffchat.demo import seed_chat_demo  # opening hours for "when can I expect a call"

    seed_chat_demo(session)
    return added
