"""When someone at the practice can answer: opening hours and the next moment of contact.

A practice's opening hours (``practice_opening_hours``, Europe/Amsterdam wall clock) say when
the phone is answered; public holidays are closed. A practice without opening hours falls back
to its workers' weekly hours (the availability the booking uses). :func:`next_contact` is pure,
so "not 'soon' at 23:00" is a unit test, daylight-saving weeks included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import AMSTERDAM

# Open, but closing this soon: the practice will not manage today; say the next opening.
MIN_LEFT = timedelta(minutes=30)
LOOK_AHEAD_DAYS = 21

Hours = tuple[int, str, str]  # (weekday 0 = Monday, "08:00", "17:00")


@dataclass(frozen=True)
class Contact:
    """``open_now``: expect contact today before ``until``; else from ``next_open`` (UTC, naive).
    Both None: the practice has no hours on record (say so, give its phone number)."""

    open_now: bool
    until: datetime | None = None
    next_open: datetime | None = None

    @property
    def expected(self) -> datetime | None:
        return self.until if self.open_now else self.next_open


def _utc(local: datetime) -> datetime:
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _clock(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def next_contact(hours: list[Hours], now: datetime, closed: frozenset[date] = frozenset()) -> Contact:
    """``now`` is naive UTC. Blocks on one day may touch or overlap; they are merged."""
    if not hours:
        return Contact(open_now=False)
    local_now = now.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)
    for offset in range(LOOK_AHEAD_DAYS):
        day = local_now.date() + timedelta(days=offset)
        if day in closed:
            continue
        blocks = sorted((_clock(s), _clock(e)) for w, s, e in hours if w == day.weekday() and s < e)
        merged: list[list[time]] = []
        for start, end in blocks:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            opens = datetime.combine(day, start, tzinfo=AMSTERDAM)
            closes = datetime.combine(day, end, tzinfo=AMSTERDAM)
            if offset == 0 and opens <= local_now < closes:
                if closes - local_now >= MIN_LEFT:
                    return Contact(open_now=True, until=_utc(closes))
                continue
            if opens > local_now:
                return Contact(open_now=False, next_open=_utc(opens))
    return Contact(open_now=False)


def opening_hours(session: Session, *, practice_id: int) -> list[Hours]:
    """The practice's opening hours, or failing those its workers' weekly hours."""
    from bot.store.models import WeeklyHours
    from bot.store.models_staffchat import PracticeOpeningHours

    rows = session.execute(select(PracticeOpeningHours).where(PracticeOpeningHours.practice_id == practice_id)
                           .order_by(PracticeOpeningHours.weekday, PracticeOpeningHours.start_time)).scalars()
    hours = [(r.weekday, r.start_time, r.end_time) for r in rows]
    if hours:
        return hours
    rows = session.execute(select(WeeklyHours).where(WeeklyHours.practice_id == practice_id)).scalars()
    return sorted({(r.weekday, r.start_time, r.end_time) for r in rows})


def closed_days(now: datetime) -> frozenset[date]:
    from bot.booking.slots import public_holidays

    return public_holidays(now.year, now.year + 1)


def contact_for(session: Session, *, practice_id: int, now: datetime) -> Contact:
    return next_contact(opening_hours(session, practice_id=practice_id), now, closed_days(now))


def set_opening_hours(session: Session, *, practice_id: int, hours: list[Hours]) -> None:
    from bot.store.models_staffchat import PracticeOpeningHours

    for row in session.execute(select(PracticeOpeningHours)
                               .where(PracticeOpeningHours.practice_id == practice_id)).scalars():
        session.delete(row)
    session.flush()
    for weekday, start, end in hours:
        session.add(PracticeOpeningHours(practice_id=practice_id, weekday=weekday, start_time=start, end_time=end))


def parse_hours(text: str) -> list[Hours]:
    """'ma-vr 08:00-17:00' style lines for the settings form; raises ValueError with a Dutch message."""
    days = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}
    out: list[Hours] = []
    for raw in text.splitlines():
        line = raw.strip().lower()
        if not line:
            continue
        try:
            day_part, time_part = line.split()
            first, _, last = day_part.partition("-")
            start, end = time_part.split("-")
            _clock(start), _clock(end)
            d0, d1 = days[first], days[last or first]
        except (ValueError, KeyError):
            raise ValueError(f"Regel niet begrepen: '{raw.strip()}'. Schrijf bijvoorbeeld: ma-vr 08:00-17:00") from None
        if not start < end or len(start) != 5 or len(end) != 5:
            raise ValueError(f"Begintijd moet voor eindtijd liggen (hh:mm): '{raw.strip()}'")
        for weekday in range(d0, d1 + 1):
            out.append((weekday, start, end))
    return out


def format_hours(hours: list[Hours]) -> str:
    names = ["ma", "di", "wo", "do", "vr", "za", "zo"]
    return "\n".join(f"{names[w]} {s}-{e}" for w, s, e in sorted(hours))


def has_own_hours(session: Session, *, practice_id: int) -> bool:
    from bot.store.models_staffchat import PracticeOpeningHours

    return session.execute(select(PracticeOpeningHours.id).where(PracticeOpeningHours.practice_id == practice_id)
                           .limit(1)).first() is not None
