"""When the waiting-time check-in may go out: pure functions, Europe/Amsterdam wall clock.

A family hears from the bot once while they wait, at a decent hour: never at night, never on
a Sunday or public-holiday morning. The windows below are local (Amsterdam) time, so they
hold on both sides of a daylight-saving change; times are stored and compared as naive UTC.

When: halfway between the booking and the appointment, moved forward to the next decent
moment, and only when the appointment was more than ``checkin_days`` away when it was booked.
A moment that lands within a day of the appointment is dropped: the reminder comes then, and a
"how are things?" the evening before would only be noise.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.booking.slots import local_to_utc, public_holidays, to_local

# (first, last) moment of the day on which a check-in may be sent, local time.
WEEKDAY_WINDOW = (time(9, 0), time(20, 0))
SATURDAY_WINDOW = (time(10, 0), time(20, 0))
SUNDAY_WINDOW = (time(13, 0), time(20, 0))  # Sundays and public holidays: not in the morning

# Not later than this before the appointment (the reminder comes then).
LAST_BEFORE_APPOINTMENT = timedelta(hours=24)
# A check-in that could not go out (the bot was down) is dropped this close to the appointment.
TOO_CLOSE = timedelta(hours=24)


def window(day: date) -> tuple[time, time]:
    if day.weekday() == 6 or day in public_holidays(day.year, day.year):
        return SUNDAY_WINDOW
    if day.weekday() == 5:
        return SATURDAY_WINDOW
    return WEEKDAY_WINDOW


def is_decent(moment_utc: datetime) -> bool:
    local = to_local(moment_utc)
    first, last = window(local.date())
    return first <= local.time().replace(tzinfo=None) < last


def next_decent(moment_utc: datetime) -> datetime:
    """``moment_utc`` itself when it is a decent hour, else the start of the next window."""
    if is_decent(moment_utc):
        return moment_utc
    local = to_local(moment_utc)
    day = local.date()
    first, _last = window(day)
    if local.time().replace(tzinfo=None) >= first:
        day += timedelta(days=1)  # past today's window: tomorrow's
    return local_to_utc(day, window(day)[0])


def checkin_due(*, booked_utc: datetime, start_utc: datetime, checkin_days: int) -> datetime | None:
    """When to send the check-in for an appointment booked at ``booked_utc``; None: no check-in.

    ``checkin_days`` 0 turns the check-in off for the practice.
    """
    if checkin_days <= 0 or start_utc - booked_utc <= timedelta(days=checkin_days):
        return None
    due = next_decent(booked_utc + (start_utc - booked_utc) / 2)
    if due > start_utc - LAST_BEFORE_APPOINTMENT:
        return None
    return due.replace(microsecond=0)


def still_worth_sending(*, now_utc: datetime, start_utc: datetime) -> bool:
    """A late check-in (the bot was away when it was due) still makes sense."""
    return start_utc - now_utc >= TOO_CLOSE
