"""Telegram webhook updates, stored before they are answered and processed once, in order.

Synchronous database functions (the channel runs them in a thread), one short transaction
each. The caller holds the chat's turn (:mod:`bot.scale.shared`) while it claims and finishes a
chat's updates, so across instances one chat is worked on by one instance at a time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.models import utcnow
from bot.store.models_scale import TelegramUpdate

log = logging.getLogger("bot.scale.updates")

NO_CHAT = "-"
# Give up on an update that failed this often (it is logged, the rest of the chat goes on).
MAX_ATTEMPTS = 5
KEEP_DONE = timedelta(days=1)


@dataclass(frozen=True)
class StoredUpdate:
    id: int
    update_id: int
    data: dict
    attempts: int
    card_sent: bool = False  # the crisis card went out for it already, without the turn


def chat_of(data: dict) -> int | None:
    """The chat an update belongs to, read from the raw JSON (before python-telegram-bot)."""
    for key in ("message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member",
                "chat_member", "chat_join_request", "business_message", "edited_business_message"):
        part = data.get(key)
        if isinstance(part, dict) and isinstance(part.get("chat"), dict):
            return part["chat"].get("id")
    query = data.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return message["chat"].get("id")
        if isinstance(query.get("from"), dict):
            return query["from"].get("id")
    return None


def chat_key(cipher, chat_id: int | None) -> str:
    return NO_CHAT if chat_id is None else cipher.lookup_hash(f"telegram-chat:{chat_id}")


def store(st, *, update_id: int, key: str, data: dict) -> bool:
    """Store one update; False when it was stored before (Telegram delivered it again)."""
    try:
        with st.session() as s:
            s.add(TelegramUpdate(update_id=update_id, chat_key=key, received_at=utcnow(),
                                 payload=st.cipher.encrypt(json.dumps(data, ensure_ascii=False))))
    except IntegrityError:
        return False
    return True


def claim_next(st, *, key: str, owner: str, now: datetime | None = None,
               fence: timedelta | None = None) -> StoredUpdate | None:
    """The chat's oldest unfinished update, claimed for ``owner`` (the caller holds the turn).

    ``fence``: when another instance claimed that update less than this long ago, it is still
    working on it (the turns failed to keep the two apart): None, and nothing later is taken
    either, so the chat's order holds."""
    now = now or utcnow()
    with st.session() as s:
        row = s.execute(select(TelegramUpdate).where(TelegramUpdate.chat_key == key,
                                                     TelegramUpdate.done_at.is_(None))
                        .order_by(TelegramUpdate.update_id).limit(1).with_for_update()).scalars().first()
        if row is None:
            return None
        if (fence is not None and row.claimed_by not in (None, owner) and row.claimed_at is not None
                and row.claimed_at > now - fence):
            log.warning("webhook: update_id=%s was claimed by %s %.0f s ago; not claimed again", row.update_id,
                        row.claimed_by, (now - row.claimed_at).total_seconds())
            return None
        row.claimed_by, row.claimed_at, row.attempts = owner, now, (row.attempts or 0) + 1
        data = json.loads(st.cipher.decrypt(row.payload)) if row.payload is not None else {}
        return StoredUpdate(row.id, row.update_id, data, row.attempts, card_sent=row.card_sent_at is not None)


def untaken_of(st, *, key: str, skip: set[int] | frozenset[int] = frozenset()) -> list[StoredUpdate]:
    """A chat's updates that no turn has taken yet and that had no crisis card, oldest first, read
    without the chat's turn (to screen them while the turn cannot be had): nothing is claimed.
    ``skip``: row ids screened before (not decrypted again)."""
    with st.session() as s:
        rows = s.execute(select(TelegramUpdate).where(TelegramUpdate.chat_key == key, TelegramUpdate.done_at.is_(None),
                                                      TelegramUpdate.attempts == 0,
                                                      TelegramUpdate.card_sent_at.is_(None),
                                                      TelegramUpdate.payload.is_not(None))
                         .order_by(TelegramUpdate.update_id)).scalars().all()
        return [StoredUpdate(r.id, r.update_id, json.loads(st.cipher.decrypt(r.payload)), 0)
                for r in rows if r.id not in skip]


def claim_card(st, row_id: int, *, now: datetime | None = None) -> bool:
    """Claim the sending of an update's crisis card outside the chat's turn; True: this caller
    sends it. One conditional UPDATE, so of two instances (or one instance twice) only one wins.
    Only for an update no turn has taken yet: a turn sends the card first thing, so an update
    claimed before had its card then. The turn's claim (``claim_next``) counts the attempt and
    reads ``card_sent_at`` under the same row lock, so the card goes out from exactly one of the
    two."""
    with st.session() as s:
        result = s.execute(update(TelegramUpdate)
                           .where(TelegramUpdate.id == row_id, TelegramUpdate.card_sent_at.is_(None),
                                  TelegramUpdate.done_at.is_(None), TelegramUpdate.attempts == 0)
                           .values(card_sent_at=now or utcnow()).execution_options(synchronize_session=False))
        return result.rowcount == 1


def give_back_card(st, row_id: int) -> None:
    """The card's send failed: the next try (or the turn) sends it."""
    with st.session() as s:
        s.execute(update(TelegramUpdate).where(TelegramUpdate.id == row_id, TelegramUpdate.done_at.is_(None))
                  .values(card_sent_at=None).execution_options(synchronize_session=False))


def finish(st, row_id: int, *, now: datetime | None = None) -> None:
    """Processed (or given up on): the payload goes, the row stays to recognise a redelivery."""
    with st.session() as s:
        s.execute(update(TelegramUpdate).where(TelegramUpdate.id == row_id)
                  .values(done_at=now or utcnow(), payload=None).execution_options(synchronize_session=False))


def release(st, row_id: int) -> None:
    """Not processed after all (the instance is stopping): leave it for the next turn."""
    with st.session() as s:
        s.execute(update(TelegramUpdate).where(TelegramUpdate.id == row_id, TelegramUpdate.done_at.is_(None))
                  .values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False))


def waiting_chats(st, *, older_than: timedelta, now: datetime | None = None, limit: int = 500) -> list[str]:
    """Chats with updates that were stored a while ago and are not finished: an instance died
    after it answered Telegram, or stopped before it got to them."""
    now = now or utcnow()
    with st.session() as s:
        return list(s.execute(
            select(TelegramUpdate.chat_key).where(TelegramUpdate.done_at.is_(None),
                                                  TelegramUpdate.received_at < now - older_than)
            .group_by(TelegramUpdate.chat_key).order_by(func.min(TelegramUpdate.update_id)).limit(limit)
        ).scalars())


def unfinished(st) -> int:
    with st.session() as s:
        return s.execute(select(func.count()).select_from(TelegramUpdate)
                         .where(TelegramUpdate.done_at.is_(None))).scalar_one()


def purge(st, *, now: datetime | None = None) -> int:
    """Forget finished updates after a day (they hold no payload any more)."""
    now = now or utcnow()
    with st.session() as s:
        result = s.execute(delete(TelegramUpdate).where(TelegramUpdate.done_at < now - KEEP_DONE)
                           .execution_options(synchronize_session=False))
        return max(result.rowcount or 0, 0)
