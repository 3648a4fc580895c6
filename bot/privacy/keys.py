"""Keys: prove at start-up that the configured key reads the data, and rotate to a new key.

- :func:`verify` decrypts one known value (the ``key_check`` row) and stops start-up with a
  clear message when no configured key reads it. The first start writes that row.
- :func:`rotate` re-encrypts every encrypted value with the first key of INTAKE_SECRET_KEY:
  every column marked ``info=ENCRYPTED`` in the models, Rasa's tracker events, and every keyed
  hash that can be computed again (:data:`KEYED_HASHES`: the channel ids' and the chat keys of
  stored Telegram updates). Rows are done in batches of their own transactions, so a
  rotation can be stopped and run again; it only touches values not yet under the new key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Column, LargeBinary, inspect, select, update
from sqlalchemy.engine import Engine

from bot.privacy.trackers import EVENTS
from bot.store.crypto import Cipher, KeyMismatchError, UnreadableError
from bot.store.models import Conversation, KeyCheck, utcnow

log = logging.getLogger("bot.privacy.keys")

CHECK_TEXT = "jeugdintake key check"
BATCH = 500


def _mismatch(where: str) -> KeyMismatchError:
    return KeyMismatchError(
        f"INTAKE_SECRET_KEY does not decrypt the data in {where}: it is not the key (or one of the keys) "
        "the data was encrypted with. Start with the right key. To change keys, put the new key first "
        "and keep the old one after it (INTAKE_SECRET_KEY=new,old), run `intake keys rotate`, then "
        "remove the old key."
    )


def verify_engine(engine: Engine, cipher: Cipher) -> None:
    """Check the key against the database's key_check row; write the row when there is none.

    A database without the table (not migrated yet) is left alone: the migration checks it.
    """
    table = KeyCheck.__table__
    with engine.begin() as conn:
        if not inspect(conn).has_table(table.name):
            return
        token = conn.execute(select(table.c.token).order_by(table.c.id).limit(1)).scalar()
        if token is None:
            conn.execute(table.insert().values(token=cipher.encrypt(CHECK_TEXT), created_at=utcnow()))
            return
    try:
        ok = cipher.decrypt(token) == CHECK_TEXT
    except UnreadableError:
        ok = False
    if not ok:
        raise _mismatch(engine.url.render_as_string(hide_password=True))


def verify(store) -> None:
    verify_engine(store.engine, store.cipher)


# -- rotation ----------------------------------------------------------------------------------


def encrypted_columns() -> list[Column]:
    """Every column of the app's models that holds Fernet tokens."""
    from bot.store.models import all_tables

    return [c for t in all_tables() for c in t.columns if c.info.get("encrypted")]


def keyed_hash_columns() -> list[str]:
    """Every column of the app's models that holds keyed hashes (``info={"keyed_hash": …}``)."""
    from bot.store.models import all_tables

    return sorted(f"{t.name}.{c.name}" for t in all_tables() for c in t.columns if c.info.get("keyed_hash"))


def binary_columns_without_decision() -> list[str]:
    """Binary columns that do not say whether they are encrypted (a test keeps this empty)."""
    from bot.store.models import all_tables

    return [f"{t.name}.{c.name}" for t in all_tables() for c in t.columns
            if isinstance(c.type, LargeBinary) and "encrypted" not in c.info]


@dataclass
class RotationReport:
    key: str
    counts: dict[str, int] = field(default_factory=dict)  # "table.column" -> values re-encrypted
    unreadable: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, done: int, bad: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + done
        if bad:
            self.unreadable[name] = self.unreadable.get(name, 0) + bad


def _batches(conn_factory, pk, col) -> Iterator[list[tuple]]:
    last = None
    while True:
        with conn_factory() as conn:
            q = select(pk, col).where(col.isnot(None)).order_by(pk).limit(BATCH)
            if last is not None:
                q = q.where(pk > last)
            rows = conn.execute(q).all()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def rotate(store, *, dry_run: bool = False) -> RotationReport:
    """Re-encrypt everything with the first configured key; returns counts per column.

    Values that no configured key reads are counted in ``unreadable`` and left untouched.
    """
    cipher: Cipher = store.cipher
    verify(store)
    report = RotationReport(key=cipher.fingerprint)
    engine: Engine = store.engine
    targets: list[tuple[str, object, object, object, bool]] = [
        (f"{c.table.name}.{c.name}", c.table, c.table.primary_key.columns.values()[0], c, False)
        for c in encrypted_columns()
    ]
    with engine.connect() as conn:
        if inspect(conn).has_table(EVENTS.name):
            targets.append(("events.data", EVENTS, EVENTS.c.id, EVENTS.c.data, True))
    for name, table, pk, col, text in targets:
        for rows in _batches(engine.connect, pk, col):
            changes, bad = [], 0
            for row_id, value in rows:
                token = value.encode("ascii") if text else bytes(value)
                if cipher.is_current(token):
                    continue
                try:
                    new = cipher.rotate(token)
                except UnreadableError:
                    bad += 1
                    continue
                changes.append((row_id, value, new.decode("ascii") if text else new))
            if changes and not dry_run:
                with engine.begin() as conn:
                    # Only where the value is still the one read: the app may run meanwhile, and
                    # a value it rewrote is under the new key already.
                    for row_id, old, new in changes:
                        conn.execute(update(table).where(pk == row_id, col == old).values({col.name: new}))
            report.add(name, len(changes), bad)
    for name, rehash in KEYED_HASHES.items():
        report.add(name, rehash(store, dry_run=dry_run), 0)
    if not dry_run:
        with engine.begin() as conn:
            conn.execute(update(KeyCheck.__table__).values(rotated_at=utcnow()))
    log.info("key rotation%s to key %s: %s", " (dry run)" if dry_run else "", cipher.fingerprint,
             ", ".join(f"{k}={v}" for k, v in report.counts.items()))
    return report


def _rehash(store, model, column: str, wanted_of, *, dry_run: bool) -> int:
    """Walk ``model``'s rows in batches and set ``column`` to ``wanted_of(row, cipher)`` (the keyed
    hash under the first key) where it differs; None skips a row that cannot be read. Returns how
    many rows differ (a dry run changes nothing)."""
    cipher: Cipher = store.cipher
    done = 0
    last = 0
    while True:
        with store.session() as s:
            rows = list(s.execute(select(model).where(model.id > last).order_by(model.id).limit(BATCH)).scalars())
            if not rows:
                return done
            last = rows[-1].id
            for row in rows:
                wanted = wanted_of(row, cipher)
                if wanted is not None and getattr(row, column) != wanted:
                    done += 1
                    if not dry_run:
                        setattr(row, column, wanted)
            if dry_run:
                s.rollback()


def _rehash_conversations(store, *, dry_run: bool) -> int:
    """Recompute the look-up hash of every channel id under the first key."""

    def wanted_of(conv, cipher):
        try:
            return cipher.lookup_hash(cipher.decrypt(conv.external_id_enc))
        except UnreadableError:
            return None

    return _rehash(store, Conversation, "external_hash", wanted_of, dry_run=dry_run)


def _rehash_telegram_updates(store, *, dry_run: bool) -> int:
    """The chat key of a stored Telegram update, under the first key: a chat's next update is
    looked up with the new key, and must find the older ones waiting (else the sweep answers them
    later, perhaps after the newer one). Unfinished updates get it from their stored payload; a
    finished one keeps no payload and needs no chat key any more (its row only recognises a
    redelivery by update id): it gets none."""
    from bot.scale.updates import NO_CHAT, chat_key, chat_of
    from bot.store.models_scale import TelegramUpdate

    def wanted_of(row, cipher):
        if row.payload is None:
            return NO_CHAT
        try:
            return chat_key(cipher, chat_of(json.loads(cipher.decrypt(row.payload))))
        except (UnreadableError, ValueError):
            return None

    return _rehash(store, TelegramUpdate, "chat_key", wanted_of, dry_run=dry_run)


# Keyed hashes a rotation computes again under the first key, "table.column" -> how. A test
# requires every column marked ``keyed_hash`` in the models to be here or in NOT_REHASHED.
KEYED_HASHES = {
    "conversations.external_hash": _rehash_conversations,
    "telegram_updates.chat_key": _rehash_telegram_updates,
}
# Keyed hashes of values that are not stored, so no rotation can compute them again; look-ups
# try every configured key (docs/privacy.md says what this means once the old key is removed).
NOT_REHASHED = {
    "conversations.offered": "the payloads of the buttons offered lately are not stored",
}
