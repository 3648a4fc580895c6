"""Europe/Amsterdam across the daylight-saving changes (last Sundays of March and October):
stored in UTC, a 09:00 slot stays 09:00 on the wall clock."""

from datetime import datetime, time, timedelta

from bot.booking.slots import Block, Calendar, Rules, local_to_utc, search, to_local
from bot.i18n import format_slot_time

RULES = Rules(lead_time=timedelta(hours=0), horizon=timedelta(weeks=3), slot_minutes=45, duration_minutes=45)
TUESDAY_0900 = Block(1, 1, 1, time(9, 0), time(9, 45))  # exactly one slot: 09:00


def _tuesday_slots(now):
    return {s.start_utc.date().isoformat(): s for s in search([TUESDAY_0900], Calendar(), RULES, now_utc=now)}


def test_spring_forward_2026_03_29_keeps_nine_oclock():
    slots = _tuesday_slots(datetime(2026, 3, 20, 12, 0))
    before, after = slots["2026-03-24"], slots["2026-03-31"]
    assert before.start_utc == datetime(2026, 3, 24, 8, 0)  # CET, UTC+1
    assert after.start_utc == datetime(2026, 3, 31, 7, 0)  # CEST, UTC+2
    for slot in (before, after):
        assert slot.start_local.strftime("%H:%M") == "09:00"
        assert format_slot_time(slot.start_utc).endswith("09:00")
    assert to_local(after.start_utc).utcoffset() == timedelta(hours=2)


def test_fall_back_2026_10_25_keeps_nine_oclock():
    slots = _tuesday_slots(datetime(2026, 10, 16, 12, 0))
    before, after = slots["2026-10-20"], slots["2026-10-27"]
    assert before.start_utc == datetime(2026, 10, 20, 7, 0)
    assert after.start_utc == datetime(2026, 10, 27, 8, 0)
    assert {before.start_local.strftime("%H:%M"), after.start_local.strftime("%H:%M")} == {"09:00"}


def test_hours_on_the_change_sundays_themselves():
    sunday = Block(1, 1, 6, time(1, 0), time(4, 0))
    rules = Rules(lead_time=timedelta(0), horizon=timedelta(days=3), slot_minutes=60, duration_minutes=60,
                  observe_public_holidays=False)
    spring = search([sunday], Calendar(), rules, now_utc=datetime(2026, 3, 28, 0, 0))
    # 01:00 CET; 02:00 does not exist and lands on 03:00 CEST, which is offered once.
    assert [s.start_utc for s in spring] == [datetime(2026, 3, 29, 0, 0), datetime(2026, 3, 29, 1, 0)]
    assert [s.start_local.strftime("%H:%M") for s in spring] == ["01:00", "03:00"]
    autumn = search([sunday], Calendar(), rules, now_utc=datetime(2026, 10, 24, 0, 0))
    assert [s.start_local.strftime("%H:%M") for s in autumn] == ["01:00", "02:00", "03:00"]


def test_local_to_utc_round_trip_around_both_changes():
    for day in ("2026-03-28", "2026-03-30", "2026-10-24", "2026-10-26"):
        d = datetime.fromisoformat(day).date()
        assert to_local(local_to_utc(d, time(9, 0))).strftime("%Y-%m-%d %H:%M") == f"{day} 09:00"
