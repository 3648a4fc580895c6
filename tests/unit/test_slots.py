"""Pure slot search: hours, grid, lead time, horizon, holidays, exceptions, held-back slots."""

from datetime import datetime, time, timedelta

import pytest

from bot.booking.slots import Block, Calendar, Rules, format_slot_id, parse_slot_id, search

# Monday 23 November 2026, 09:00 UTC (10:00 in Amsterdam).
NOW = datetime(2026, 11, 23, 9, 0)
TUESDAY = Block(1, 1, 1, time(9, 0), time(12, 30))  # 09:00-12:30 local
RULES = Rules(lead_time=timedelta(hours=24), horizon=timedelta(weeks=2), slot_minutes=45, duration_minutes=45)


def starts(slots):
    return [s.start_utc for s in slots]


def test_slots_lie_on_the_grid_inside_the_block_and_respect_the_lead_time():
    slots = search([TUESDAY], Calendar(), RULES, now_utc=NOW)
    # Tuesday 24 Nov: earliest is 10:00 local (lead time 24 h), so 10:30 and 11:15 (11:45+45 > 12:30? no: 11:15-12:00 fits, 12:00-12:45 does not).
    first_day = [s for s in slots if s.start_utc.date() == datetime(2026, 11, 24).date()]
    assert starts(first_day) == [datetime(2026, 11, 24, 9, 30), datetime(2026, 11, 24, 10, 15)]
    assert all(s.end_utc - s.start_utc == timedelta(minutes=45) for s in slots)


def test_horizon_limits_the_search():
    slots = search([TUESDAY], Calendar(), RULES, now_utc=NOW)
    assert max(starts(slots)) < NOW + timedelta(weeks=2)
    assert {s.start_utc.date().isoformat() for s in slots} == {"2026-11-24", "2026-12-01"}


def test_busy_appointment_and_exception_remove_slots():
    busy = Calendar(busy={1: [(datetime(2026, 12, 1, 8, 0), datetime(2026, 12, 1, 8, 45))]},
                    exceptions={1: [(datetime(2026, 12, 1, 10, 0), datetime(2026, 12, 1, 23, 0))]})
    slots = [s for s in search([TUESDAY], busy, RULES, now_utc=NOW) if s.start_utc.day == 1]
    assert starts(slots) == [datetime(2026, 12, 1, 8, 45)]  # 09:45 local; 09:00 booked, 10:30+ away


def test_dutch_public_holidays_are_closed_unless_switched_off():
    christmas_friday = Block(1, 1, 4, time(9, 0), time(12, 0))
    now = datetime(2026, 12, 20, 9, 0)
    slots = search([christmas_friday], Calendar(), RULES, now_utc=now)
    assert datetime(2026, 12, 25).date() not in {s.start_utc.date() for s in slots}  # Eerste Kerstdag
    assert datetime(2027, 1, 1).date() not in {s.start_utc.date() for s in slots}  # Nieuwjaarsdag
    open_anyway = Rules(**{**RULES.__dict__, "observe_public_holidays": False})
    assert datetime(2026, 12, 25).date() in {s.start_utc.date() for s in search([christmas_friday], Calendar(), open_anyway, now_utc=now)}


def test_held_back_slots_are_only_for_urgent_searches():
    held = Calendar(held=frozenset({(1, 1, 1, "09:00")}))
    normal = search([TUESDAY], held, RULES, now_utc=NOW)
    assert all(s.start_local.strftime("%H:%M") != "09:00" for s in normal)
    urgent = search([TUESDAY], held, RULES, now_utc=NOW, held="only")
    # 24 Nov 09:00 is inside the lead time; 1 Dec 09:00 is the held one.
    assert [s.start_local.strftime("%Y-%m-%d %H:%M") for s in urgent] == ["2026-12-01 09:00"]
    assert all(s.held for s in urgent)


def test_several_workers_are_merged_earliest_first_and_limit_stops_early():
    blocks = [TUESDAY, Block(2, 1, 1, time(8, 30), time(12, 0))]
    slots = search(blocks, Calendar(), RULES, now_utc=NOW, limit=3)
    assert len(slots) == 3
    assert starts(slots) == sorted(starts(slots))
    assert {s.worker_id for s in slots} == {1, 2}


def test_slot_id_round_trips_and_rejects_garbage():
    sid = format_slot_id(3, datetime(2026, 11, 24, 13, 0))
    assert sid == "3-20261124T1300Z"
    assert parse_slot_id(sid) == (3, datetime(2026, 11, 24, 13, 0))
    for bad in ("", "x-20261124T1300Z", "3-2026", "3-20261124T1300"):
        with pytest.raises(ValueError):
            parse_slot_id(bad)
