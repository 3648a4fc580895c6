"""Jinja2 filters: times are stored as naive UTC and shown in Europe/Amsterdam, in Dutch."""

from __future__ import annotations

from datetime import datetime, timezone

from babel import dates

from bot.i18n import AMSTERDAM


def local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(AMSTERDAM)


def when(value: datetime | None) -> str:
    """'di 24 nov 14:00'"""
    if value is None:
        return ""
    return dates.format_datetime(local(value), "EEE d MMM HH:mm", locale="nl")


def when_long(value: datetime | None) -> str:
    """'dinsdag 24 november 2026 om 14:00'"""
    if value is None:
        return ""
    return dates.format_datetime(local(value), "EEEE d MMMM y 'om' HH:mm", locale="nl")


def age(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago, short: '5 min', '3 uur', '2 dagen'."""
    if value is None:
        return ""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    minutes = max(0, int((now - value).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} uur"
    return f"{minutes // (24 * 60)} dagen"


WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def weekday(value: int) -> str:
    return WEEKDAYS[value] if 0 <= value < 7 else str(value)


def install(env) -> None:
    env.filters.update(when=when, when_long=when_long, age=age, weekday=weekday, local=local)
