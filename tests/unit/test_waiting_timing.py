"""When the waiting-time check-in may go out: decent hours in Amsterdam, also in DST weeks."""

from datetime import datetime, timedelta

import pytest

from bot.booking.slots import to_local
from bot.waiting import timing


def utc(*args) -> datetime:
    return datetime(*args)


@pytest.mark.parametrize("moment, decent", [
    (utc(2026, 11, 24, 8, 0), True),     # Tuesday 09:00 CET
    (utc(2026, 11, 24, 7, 59), False),   # Tuesday 08:59 CET
    (utc(2026, 11, 24, 18, 59), True),   # Tuesday 19:59 CET
    (utc(2026, 11, 24, 19, 0), False),   # Tuesday 20:00 CET: evening, not any more
    (utc(2026, 11, 24, 2, 0), False),    # the night
    (utc(2026, 11, 28, 8, 30), False),   # Saturday 09:30 CET: a little later on Saturdays
    (utc(2026, 11, 28, 9, 0), True),     # Saturday 10:00 CET
    (utc(2026, 11, 29, 10, 0), False),   # Sunday 11:00 CET: not on Sunday morning
    (utc(2026, 11, 29, 12, 0), True),    # Sunday 13:00 CET
    (utc(2026, 12, 25, 10, 0), False),   # Christmas Day 11:00: a holiday is a Sunday
    (utc(2026, 12, 25, 12, 0), True),
])
def test_decent_hours_in_amsterdam(moment, decent):
    assert timing.is_decent(moment) is decent


def test_the_night_moves_to_the_next_morning():
    # Tuesday 23:30 CET -> Wednesday 09:00 CET
    assert timing.next_decent(utc(2026, 11, 24, 22, 30)) == utc(2026, 11, 25, 8, 0)
    # Tuesday 06:00 CET -> the same day 09:00
    assert timing.next_decent(utc(2026, 11, 24, 5, 0)) == utc(2026, 11, 24, 8, 0)


def test_saturday_night_moves_to_sunday_afternoon_not_sunday_morning():
    # Saturday 22:00 CET -> Sunday 13:00 CET
    assert timing.next_decent(utc(2026, 11, 28, 21, 0)) == utc(2026, 11, 29, 12, 0)
    assert timing.next_decent(utc(2026, 11, 29, 8, 0)) == utc(2026, 11, 29, 12, 0)


def test_spring_forward_weekend_keeps_the_local_windows():
    # Sunday 29 March 2026 the clocks go from 02:00 to 03:00 (CET -> CEST, UTC+2).
    assert timing.next_decent(utc(2026, 3, 28, 22, 0)) == utc(2026, 3, 29, 11, 0)  # 13:00 CEST
    assert to_local(utc(2026, 3, 29, 11, 0)).hour == 13
    assert not timing.is_decent(utc(2026, 3, 29, 10, 30))  # 12:30 CEST
    assert timing.is_decent(utc(2026, 3, 29, 11, 0))
    # Monday after the change: 09:00 CEST is 07:00 UTC
    assert timing.next_decent(utc(2026, 3, 30, 3, 0)) == utc(2026, 3, 30, 7, 0)


def test_fall_back_weekend_keeps_the_local_windows():
    # Sunday 25 October 2026 the clocks go from 03:00 back to 02:00 (CEST -> CET, UTC+1).
    assert timing.next_decent(utc(2026, 10, 24, 23, 30)) == utc(2026, 10, 25, 12, 0)  # 13:00 CET
    assert timing.is_decent(utc(2026, 10, 24, 17, 59))  # Saturday 19:59 CEST
    assert not timing.is_decent(utc(2026, 10, 24, 18, 0))  # Saturday 20:00 CEST
    # Monday 26 October: 09:00 CET is 08:00 UTC (it was 07:00 UTC the Monday before)
    assert timing.next_decent(utc(2026, 10, 26, 2, 0)) == utc(2026, 10, 26, 8, 0)
    assert timing.next_decent(utc(2026, 10, 19, 2, 0)) == utc(2026, 10, 19, 7, 0)


def test_due_halfway_and_only_when_the_appointment_is_far_enough_away():
    booked = utc(2026, 11, 23, 9, 0)  # Monday 10:00 CET
    start = utc(2026, 12, 3, 9, 0)  # Thursday ten days later
    due = timing.checkin_due(booked_utc=booked, start_utc=start, checkin_days=7)
    assert due == utc(2026, 11, 28, 9, 0)  # halfway, Saturday 10:00 CET
    assert timing.checkin_due(booked_utc=booked, start_utc=booked + timedelta(days=7), checkin_days=7) is None
    assert timing.checkin_due(booked_utc=booked, start_utc=booked + timedelta(days=7, hours=1),
                              checkin_days=7) is not None
    assert timing.checkin_due(booked_utc=booked, start_utc=start, checkin_days=0) is None  # switched off


def test_halfway_at_night_moves_to_a_decent_hour():
    booked = utc(2026, 11, 23, 21, 0)  # Monday 22:00 CET
    start = utc(2026, 12, 1, 21, 0)
    due = timing.checkin_due(booked_utc=booked, start_utc=start, checkin_days=3)
    assert due == utc(2026, 11, 28, 9, 0)  # Friday 22:00 is late: Saturday 10:00 CET
    assert timing.is_decent(due)


def test_no_checkin_when_the_decent_moment_is_the_day_before_the_appointment():
    booked = utc(2026, 11, 27, 20, 0)  # Friday 21:00 CET
    start = utc(2026, 11, 29, 22, 0)   # two days later, Sunday 23:00 (fictional late slot)
    # halfway is Saturday 21:00 -> Sunday 13:00, within 24 h of the appointment: dropped
    assert timing.checkin_due(booked_utc=booked, start_utc=start, checkin_days=1) is None


def test_a_late_checkin_is_dropped_close_to_the_appointment():
    start = utc(2026, 12, 3, 9, 0)
    assert timing.still_worth_sending(now_utc=start - timedelta(hours=25), start_utc=start)
    assert not timing.still_worth_sending(now_utc=start - timedelta(hours=23), start_utc=start)
