"""Logging setup: one line per event, to stderr. Never log message text, names or numbers."""

from __future__ import annotations

import logging
import os
import sys


def setup_logging(process: str, level: str | None = None) -> None:
    level = level or os.environ.get("INTAKE_LOG_LEVEL", "INFO")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"%(asctime)s {process} %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs full URLs at INFO; Telegram URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Alembic announces every plugin at INFO; one line per migration is enough.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
