"""Gettext catalogs (Dutch source, English first translation) and Babel formatting.

Texts composed in Python are marked with ``_()`` imported from here and translated at render
time with :func:`translator`; Rasa responses are translated by the NLG endpoint
(:mod:`bot.nlg`). Both read ``locales/<lang>/LC_MESSAGES/messages.mo``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import dates
from babel.support import NullTranslations, Translations

from bot.config import CARD_ONLY_LANGUAGES, PROJECT_ROOT, SUPPORTED_LANGUAGES

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOCALES_DIR = PROJECT_ROOT / "locales"


def _(message: str) -> str:
    """Mark a Dutch source text for extraction; translate it later with :func:`translator`."""
    return message


def normalise_language(code: str | None, default: str = "nl") -> str:
    if not code:
        return default
    code = code.lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGUAGES else default


@cache
def translator(language: str, locales_dir: Path = LOCALES_DIR) -> NullTranslations:
    code = (language or "").lower().replace("_", "-").split("-")[0]
    language = code if code in CARD_ONLY_LANGUAGES else normalise_language(language)
    if language == "nl":
        return NullTranslations()
    return Translations.load(str(locales_dir), [language], "messages")


def gettext(language: str, message: str) -> str:
    return translator(language).gettext(message)


def format_slot_time(moment: datetime, language: str = "nl") -> str:
    """Short date for a button, e.g. 'di 24 nov 14:00' (Europe/Amsterdam)."""
    local = _to_local(moment)
    locale = normalise_language(language)
    return dates.format_datetime(local, "EEE d MMM HH:mm", locale=locale).replace(".", "")


def format_long_time(moment: datetime, language: str = "nl") -> str:
    """Full date for a confirmation, e.g. 'dinsdag 24 november om 14:00'."""
    local = _to_local(moment)
    locale = normalise_language(language)
    day = dates.format_date(local, "EEEE d MMMM", locale=locale)
    clock = dates.format_time(local, "HH:mm", locale=locale)
    return gettext(locale, _("{day} om {time}")).format(day=day, time=clock)


def _to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(AMSTERDAM)
