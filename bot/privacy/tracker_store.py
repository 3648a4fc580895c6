"""Rasa's SQL tracker store, with every event encrypted at rest.

Rasa keeps each conversation as a list of events (what the person typed, the bot's replies,
every slot: name, phone number, free-text answers). The stock SQLTrackerStore writes them as
plain JSON. This subclass writes each event's JSON as a Fernet token made with the app's key
(INTAKE_SECRET_KEY, or the development key file) and decrypts it when Rasa reads the tracker.
The table, its other columns (sender id, event type, intent and action names, timestamp) and
everything else Rasa does stay as they are; custom actions get the decrypted tracker over
HTTP from Rasa, as before.

Rasa loads it from the generated endpoints.yml (``type: bot.privacy.tracker_store.
EncryptedSQLTrackerStore``, see bot.runtime). Rasa quietly falls back to an in-memory store
when a custom store raises ImportError or AttributeError while it is built, so every failure
here is turned into a RuntimeError that stops Rasa with a readable message instead.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

log = logging.getLogger("bot.privacy.tracker_store")


class TrackerStoreConfigError(RuntimeError):
    pass


class EncryptedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, event_broker=None, **kwargs: Any) -> None:
        try:
            from bot.config import load_settings
            from bot.store.crypto import cipher_for

            self._cipher = cipher_for(load_settings())
        except Exception as exc:  # noqa: BLE001 - see the module docstring
            raise TrackerStoreConfigError(f"encrypted tracker store: {type(exc).__name__}: {exc}") from None
        try:
            super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        except (ImportError, AttributeError) as exc:
            raise TrackerStoreConfigError(f"encrypted tracker store: {type(exc).__name__}: {exc}") from None
        from bot.privacy.keys import verify_engine
        from bot.store.crypto import KeyMismatchError

        try:
            verify_engine(self.engine, self._cipher)
        except KeyMismatchError as exc:
            raise TrackerStoreConfigError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - the database may come up later; Rasa retries it
            log.error("key check skipped: database unavailable (%s)", type(exc).__name__)
        log.info("encrypted tracker store ready (key %s)", self._cipher.fingerprint)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [json.loads(self._cipher.decrypt_text(row.data)) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """As SQLTrackerStore.save, with the event's JSON encrypted."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=self._cipher.encrypt_text(json.dumps(data)),
                    )
                )
            session.commit()
