"""Hook for the Telegram front end inside the bot app.

``mount(settings, routes)`` returns a lifespan factory when a token is configured (adding the
webhook route when webhook mode is on), or None when Telegram is off.
"""

from __future__ import annotations

import logging

from bot.config import Settings

log = logging.getLogger("bot.telegram")


def mount(settings: Settings, routes: list, store=None):
    if not settings.telegram_token:
        log.info("telegram: off (INTAKE_TELEGRAM_TOKEN is not set)")
        return None
    from bot.channels.telegram import build_lifespan

    return build_lifespan(settings, routes, store=store)
