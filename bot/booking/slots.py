"""Pure slot search. Input: weekly hours in Europe/Amsterdam wall-clock time, busy intervals
and exceptions in naive UTC; output: free slots in naive UTC, earliest first.

Slots are laid on a grid from the start of each block of weekly hours (every
``slot_minutes``); an appointment takes one grid slot. Wall-clock arithmetic happens in
Europe/Amsterdam, so a 09:00 slot stays 09:00 across the daylight-saving changes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Block:
    """A recurring block of availability (WeeklyHours), wall-clock time."""

    worker_id: int
    practice_id: int
    weekday: int  # 0 = Monday
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class Slot:
    worker_id: int
    practice_id: int
    start_utc: datetime  # naive UTC
    end_utc: datetime
    held: bool = False

    @property
    def slot_id(self) -> str:
        return format_slot_id(self.worker_id, self.start_utc)

    @property
    def start_local(self) -> datetime:
        return to_local(self.start_utc)


@dataclass(frozen=True)
class Rules:
    lead_time: timedelta = timedelta(hours=24)
    horizon: timedelta = timedelta(weeks=8)
    slot_minutes: int = 45
    duration_minutes: int = 45
    observe_public_holidays: bool = True


@dataclass
class Calendar:
    """Everything that makes a worker busy, per worker id, in naive UTC."""

    busy: dict[int, list[tuple[datetime, datetime]]] = field(default_factory=dict)
    exceptions: dict[int, list[tuple[datetime, datetime]]] = field(default_factory=dict)
    # (worker_id, practice_id, weekday, "HH:MM") kept free for urgent intakes
    held: frozenset[tuple[int, int, int, str]] = frozenset()

    def __post_init__(self) -> None:
        self._busy_sorted = {w: sorted(v) for w, v in self.busy.items()}
        self._busy_starts = {w: [s for s, _ in v] for w, v in self._busy_sorted.items()}

    def is_busy(self, worker_id: int, start: datetime, end: datetime) -> bool:
        for ex_start, ex_end in self.exceptions.get(worker_id, ()):
            if ex_start < end and start < ex_end:
                return True
        starts = self._busy_starts.get(worker_id)
        if not starts:
            return False
        # Appointments of one worker do not overlap, so sorted by start is sorted by end:
        # only the last one starting before our end can overlap us.
        i = bisect_left(starts, end)
        return i > 0 and self._busy_sorted[worker_id][i - 1][1] > start


def format_slot_id(worker_id: int, start_utc: datetime) -> str:
    return f"{worker_id}-{start_utc:%Y%m%dT%H%M}Z"


def parse_slot_id(slot_id: str) -> tuple[int, datetime]:
    """``"3-20261124T1300Z"`` -> (3, datetime(2026, 11, 24, 13, 0)); ValueError if malformed."""
    worker, _, stamp = (slot_id or "").strip().partition("-")
    if not worker.isdigit() or not stamp.endswith("Z"):
        raise ValueError("malformed slot id")
    return int(worker), datetime.strptime(stamp[:-1], "%Y%m%dT%H%M")


def to_local(moment_utc: datetime) -> datetime:
    if moment_utc.tzinfo is None:
        moment_utc = moment_utc.replace(tzinfo=timezone.utc)
    return moment_utc.astimezone(AMSTERDAM)


def local_to_utc(day: date, clock: time) -> datetime:
    """Wall-clock time in Amsterdam on ``day`` -> naive UTC (gap times move forward)."""
    local = datetime.combine(day, clock, tzinfo=AMSTERDAM)
    utc = local.astimezone(timezone.utc)
    # A time in the spring-forward gap does not exist; normalising it moves it an hour on.
    return utc.replace(tzinfo=None)


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@lru_cache(maxsize=32)
def public_holidays(first_year: int, last_year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("NL", years=range(first_year, last_year + 1)).keys())


def search(
    blocks: Iterable[Block],
    calendar: Calendar,
    rules: Rules,
    *,
    now_utc: datetime,
    earliest_utc: datetime | None = None,
    latest_utc: datetime | None = None,
    held: str = "exclude",  # exclude | only | include
    limit: int | None = None,
) -> list[Slot]:
    """Free slots between now + lead time and now + horizon, earliest first."""
    earliest = max(now_utc + rules.lead_time, earliest_utc or now_utc)
    latest = now_utc + rules.horizon
    if latest_utc is not None:
        latest = min(latest, latest_utc)
    if earliest > latest:
        return []
    by_weekday: dict[int, list[Block]] = {}
    for b in blocks:
        by_weekday.setdefault(b.weekday, []).append(b)
    first_day = to_local(earliest).date()
    last_day = to_local(latest).date()
    closed = public_holidays(first_day.year, last_day.year) if rules.observe_public_holidays else frozenset()
    step_minutes, duration_minutes = rules.slot_minutes, rules.duration_minutes
    duration = timedelta(minutes=duration_minutes)
    found: list[Slot] = []
    held_clocks: dict[tuple[int, int, int], set[str]] = {}
    for worker_id, practice_id, weekday, clock in calendar.held:
        held_clocks.setdefault((worker_id, practice_id, weekday), set()).add(clock)
    day = first_day
    while day <= last_day:
        todays = by_weekday.get(day.weekday())
        if todays and day not in closed:
            day_slots: list[Slot] = []
            for b in todays:
                held_here = held_clocks.get((b.worker_id, b.practice_id, b.weekday), ())
                busy = calendar.is_busy
                for minute, start in _grid(day, b, step_minutes, duration_minutes):
                    if start < earliest or start > latest:
                        continue
                    is_held = bool(held_here) and f"{minute // 60:02d}:{minute % 60:02d}" in held_here
                    if (held == "exclude" and is_held) or (held == "only" and not is_held):
                        continue
                    end = start + duration
                    if busy(b.worker_id, start, end):
                        continue
                    day_slots.append(Slot(b.worker_id, b.practice_id, start, end, is_held))
            day_slots.sort(key=lambda s: (s.start_utc, s.worker_id))
            found.extend(day_slots)
            if limit is not None and len(found) >= limit:
                return found[:limit]
        day += timedelta(days=1)
    return found


def _grid(day: date, block: Block, step_min: int, duration_min: int):
    """(wall-clock minutes since midnight, naive UTC start) for each grid slot of a block."""
    begin = block.start.hour * 60 + block.start.minute
    stop = block.end.hour * 60 + block.end.minute
    first = local_to_utc(day, block.start)
    if local_to_utc(day, block.end) - first == timedelta(minutes=stop - begin):
        # One UTC offset for the whole block (every day but the two change nights).
        for minute in range(begin, stop - duration_min + 1, step_min):
            yield minute, first + timedelta(minutes=minute - begin)
        return
    seen = set()
    for minute in range(begin, stop - duration_min + 1, step_min):
        start = local_to_utc(day, time(minute // 60, minute % 60))
        if start not in seen:  # 02:00 on the spring-forward Sunday is 03:00
            seen.add(start)
            yield minute, start


def start_clock(start_utc: datetime) -> str:
    return to_local(start_utc).strftime("%H:%M")
