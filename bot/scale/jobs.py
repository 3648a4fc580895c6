"""Scheduled jobs on one instance at a time: a PostgreSQL advisory lock per job.

Every bot app instance runs the same loops (the chat outbox and reminders, the retention job).
``exclusive(store, name, fn)`` runs ``fn`` only when this instance gets the job's session-level
advisory lock, which PostgreSQL releases by itself when the holder's connection ends (a crashed
instance never blocks a job). The rows the jobs work on are claimed in the database as well
(each reminder, each retention run), so the lock is about not doing the same pass twice at
once, and the claims are about each message going out once.

SQLite is one machine and one bot app: the function just runs.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text

log = logging.getLogger("bot.scale.jobs")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"intake-job:{name}".encode()).digest()[:8], "big", signed=True)


def exclusive(store, name: str, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` when no other instance runs job ``name``; None when one does."""
    engine = store.engine
    if engine.dialect.name != "postgresql":
        return fn(*args, **kwargs)
    key = lock_key(name)
    with engine.connect() as conn:
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        conn.commit()
        if not got:
            log.debug("job %s: another instance is running it", name)
            return None
        try:
            return fn(*args, **kwargs)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
