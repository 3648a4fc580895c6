"""The chat outbox: reminders and changes made by staff, sent to the person exactly once.

Every bot instance runs :func:`run_once` in a loop (see :func:`reminder_loop`; the bot app
starts it in its lifespan). A row is *claimed* with one conditional UPDATE
(``... WHERE id = :id AND claimed_by IS NULL AND sent_at IS NULL AND cancelled_at IS NULL``);
the database lets exactly one instance win, and only the winner sends. A claim older than
``LEASE`` without ``sent_at`` (the instance died mid-send) may be claimed again, so a crash
can at worst cause a late second send, never a lost or doubled one in normal operation.

Delivery: for Telegram conversations with INTAKE_TELEGRAM_TOKEN set, the text is sent with
the Bot API's sendMessage; the row is marked sent right after that send, and only then is the
text added to the transcript (direction "out", kind = the outbox kind), so a transcript write
that fails never causes a second send. Terminal conversations cannot be pushed to; they find
it in the transcript. Every instance runs the loop; one pass at a time across instances
(:func:`bot.scale.jobs.exclusive`), and each row is claimed on its own besides.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select, update

from bot.booking import texts
from bot.store import repo
from bot.store.models import Conversation, utcnow
from bot.store.models_booking import STATUS_BOOKED, Appointment, ChatOutbox

log = logging.getLogger("bot.booking.outbox")

LEASE = timedelta(minutes=10)
INTERVAL_SECONDS = 30.0

# (conversation info, text) -> None; raises on failure. It may have ``record(info, text)``,
# called after the row was marked sent (e.g. the transcript line).
Deliver = Callable[[dict, str], None]


def instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claimable(now: datetime):
    booked = exists().where(and_(Appointment.id == ChatOutbox.appointment_id, Appointment.status == STATUS_BOOKED))
    return and_(
        ChatOutbox.sent_at.is_(None),
        ChatOutbox.cancelled_at.is_(None),
        ChatOutbox.due_utc <= now,
        or_(ChatOutbox.claimed_by.is_(None), ChatOutbox.claimed_at < now - LEASE),
        # A reminder only while its appointment is still booked.
        or_(ChatOutbox.kind != "reminder", booked),
    )


def claim(store, *, owner: str, now: datetime | None = None, limit: int = 50) -> list[int]:
    """Claim due rows for ``owner``; returns the ids this caller won."""
    now = now or utcnow()
    with store.session() as s:
        candidates = list(s.execute(select(ChatOutbox.id).where(_claimable(now))
                                    .order_by(ChatOutbox.due_utc, ChatOutbox.id).limit(limit)).scalars())
    won = []
    for row_id in candidates:
        with store.session() as s:
            result = s.execute(update(ChatOutbox).where(ChatOutbox.id == row_id, _claimable(now))
                               .values(claimed_by=owner, claimed_at=now)
                               .execution_options(synchronize_session=False))
            if result.rowcount == 1:
                won.append(row_id)
    return won


def render(session, row: ChatOutbox, now: datetime) -> str | None:
    """The text to send, or None when there is nothing to send any more."""
    if row.body:
        return row.body
    appt = session.get(Appointment, row.appointment_id) if row.appointment_id else None
    if appt is None or appt.status != STATUS_BOOKED:
        return None
    conv = session.get(Conversation, row.conversation_id)
    language = conv.language if conv is not None else "nl"
    tomorrow = timedelta(hours=12) <= appt.start_utc - now <= timedelta(hours=36)
    return texts.reminder(session, appt, language, tomorrow=tomorrow)


def send_claimed(store, row_id: int, deliver: Deliver, *, owner: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    with store.session() as s:
        row = s.get(ChatOutbox, row_id)
        if row is None or row.claimed_by != owner or row.sent_at is not None:
            return False
        text = render(s, row, now)
        if text is None:
            row.cancelled_at = now
            return False
        conv = s.get(Conversation, row.conversation_id)
        info = {"id": conv.id, "channel": conv.channel,
                "external_id": repo.external_id_of(conv, cipher=store.cipher),
                "reference": conv.reference, "kind": row.kind}
    try:
        deliver(info, text)
    except Exception as exc:
        log.error("outbox delivery failed id=%s kind=%s error=%s", row_id, info["kind"], type(exc).__name__)
        with store.session() as s:  # give it back for a later try
            s.execute(update(ChatOutbox).where(ChatOutbox.id == row_id, ChatOutbox.claimed_by == owner)
                      .values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False))
        return False
    with store.session() as s:  # right after the send: from here on it never goes out again
        s.execute(update(ChatOutbox).where(ChatOutbox.id == row_id).values(sent_at=utcnow())
                  .execution_options(synchronize_session=False))
    log.info("outbox sent id=%s kind=%s conversation=%s", row_id, info["kind"], info["reference"])
    record = getattr(deliver, "record", None)
    if record is not None:
        try:
            record(info, text)
        except Exception as exc:
            log.error("outbox sent but not in the transcript id=%s error=%s", row_id, type(exc).__name__)
    return True


def run_once(store, deliver: Deliver, *, owner: str | None = None, now: datetime | None = None) -> int:
    owner = owner or instance_id()
    sent = 0
    for row_id in claim(store, owner=owner, now=now):
        sent += send_claimed(store, row_id, deliver, owner=owner, now=now)
    return sent


class TranscriptDelivery:
    """Default delivery: into the transcript, and to Telegram when that channel is on."""

    def __init__(self, store, settings):
        self.store = store
        self.settings = settings

    def __call__(self, info: dict, text: str) -> None:
        if info["channel"] == "telegram" and self.settings.telegram_token:
            import httpx

            base = (self.settings.telegram_base_url or "https://api.telegram.org").rstrip("/")
            resp = httpx.post(f"{base}/bot{self.settings.telegram_token}/sendMessage",
                              json={"chat_id": info["external_id"], "text": text}, timeout=15)
            resp.raise_for_status()

    def record(self, info: dict, text: str) -> None:
        with self.store.session() as s:
            conv = s.get(Conversation, info["id"])
            repo.add_message(s, conversation=conv, cipher=self.store.cipher, direction="out", text=text,
                             kind=info["kind"][:20])


async def reminder_loop(store, deliver: Deliver, *, interval: float = INTERVAL_SECONDS) -> None:
    from bot.scale.jobs import exclusive

    owner = instance_id()
    while True:
        try:
            await asyncio.to_thread(exclusive, store, "chat-outbox", run_once, store, deliver, owner=owner)
        except Exception as exc:  # the database may be away for a moment; try again later
            log.error("outbox loop error=%s", type(exc).__name__)
        await asyncio.sleep(interval)
