"""When the person can expect contact: from the practice's opening hours, never "soon" at night."""

from datetime import date, datetime

from bot.staffchat.hours import next_contact, parse_hours

WEEKDAYS = [(d, "08:00", "17:00") for d in range(5)]


def utc(*args):
    return datetime(*args)


def test_during_opening_hours_contact_is_today_before_closing():
    c = next_contact(WEEKDAYS, utc(2026, 11, 24, 9, 0))  # Tuesday 10:00 in Amsterdam
    assert c.open_now and c.until == utc(2026, 11, 24, 16, 0)


def test_at_night_contact_is_the_next_morning_not_soon():
    c = next_contact(WEEKDAYS, utc(2026, 11, 23, 22, 0))  # Monday 23:00
    assert not c.open_now and c.next_open == utc(2026, 11, 24, 7, 0)  # Tuesday 08:00


def test_just_before_closing_counts_as_closed():
    c = next_contact(WEEKDAYS, utc(2026, 11, 27, 15, 45))  # Friday 16:45: 15 minutes left
    assert not c.open_now and c.next_open == utc(2026, 11, 30, 7, 0)  # Monday 08:00


def test_public_holidays_are_closed():
    closed = frozenset({date(2026, 12, 25), date(2026, 12, 26)})
    c = next_contact(WEEKDAYS, utc(2026, 12, 24, 20, 0), closed)  # Thursday 21:00, Christmas next
    assert c.next_open == utc(2026, 12, 28, 7, 0)


def test_daylight_saving_weeks_keep_wall_clock_hours():
    # Sunday 29 March 2026 clocks go forward: Monday 08:00 is 06:00 UTC.
    assert next_contact(WEEKDAYS, utc(2026, 3, 28, 12, 0)).next_open == utc(2026, 3, 30, 6, 0)
    # Sunday 25 October 2026 clocks go back: Monday 08:00 is 07:00 UTC again.
    assert next_contact(WEEKDAYS, utc(2026, 10, 24, 12, 0)).next_open == utc(2026, 10, 26, 7, 0)


def test_split_days_and_a_lunch_break():
    hours = [(1, "13:30", "17:00"), (1, "08:00", "12:30")]
    c = next_contact(hours, utc(2026, 11, 24, 11, 45))  # Tuesday 12:45, at lunch
    assert not c.open_now and c.next_open == utc(2026, 11, 24, 12, 30)


def test_no_hours_on_record_promises_nothing():
    c = next_contact([], utc(2026, 11, 24, 9, 0))
    assert not c.open_now and c.expected is None


def test_the_settings_form_reads_day_ranges():
    assert parse_hours("ma-vr 08:00-17:00\nza 09:00-12:00") == WEEKDAYS + [(5, "09:00", "12:00")]
    for bad in ("maandag 8-17", "ma-vr 17:00-08:00", "ma 8:00-17:00"):
        try:
            parse_hours(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
