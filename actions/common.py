"""Shared, lazily built resources for the action server process."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def settings():
    from bot.config import load_settings

    return load_settings()


@lru_cache(maxsize=1)
def store():
    from bot.store.db import Store

    return Store(settings())
