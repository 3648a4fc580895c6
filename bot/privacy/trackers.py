"""Rasa's tracker events, seen from the app: Rasa's SQL tracker store keeps them in the table
``events`` of the app's own database (see :mod:`bot.privacy.tracker_store`, which encrypts
each event). The app deletes a person's trackers (``/stop``, erasure, retention) and
re-encrypts them (``intake keys rotate``) through this table.

Rasa creates the table when its server starts, so every function here copes with its absence.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# The columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6), for queries.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# Every Fernet token starts with these characters (version byte 0x80, base64).
FERNET_PREFIX = "gAAAAA"


def events_table_exists(connection: Connection) -> bool:
    return inspect(connection).has_table(EVENTS.name)


def delete_trackers(session: Session, sender_ids: Iterable[str]) -> int:
    """Delete every stored event of these Rasa senders; returns the number of rows."""
    ids = [s for s in sender_ids if s]
    if not ids or not events_table_exists(session.connection()):
        return 0
    result = session.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids)).execution_options(
        synchronize_session=False))
    return result.rowcount or 0
