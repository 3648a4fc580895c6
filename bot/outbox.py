"""The chat outbox: messages to a person that do not answer their last message — reminders,
changes made by staff, and what a support worker writes from the workspace — delivered
exactly once, also across restarts and with several bot instances.

A row is *claimed* with one conditional UPDATE
(``... WHERE id = :id AND claimed_by IS NULL AND sent_at IS NULL AND cancelled_at IS NULL``);
the database lets exactly one claimer win, and only the winner delivers. Pushed: the row is
marked sent right after the send, and only then is the transcript line written, so a transcript
write that fails never causes a second send. Pulled (shown in the person's turn): the
transcript line and ``sent_at`` in one transaction. A claim older than ``LEASE`` without
``sent_at`` (the instance died mid-send) may be claimed again; only a crash in the moment
between Telegram accepting the message and marking it sent can repeat a message. Every
instance runs the loop; one pass at a time across instances (:func:`bot.scale.jobs.exclusive`),
and each row is claimed on its own besides.

How a row reaches the person depends on the channel, honestly:

- **push** (Telegram with INTAKE_TELEGRAM_TOKEN set): the bot app's :func:`outbox_loop` sends it
  with the Bot API's sendMessage as soon as it is due (a worker's message wakes the loop);
- **pull** (the terminal channel, or Telegram while no token is configured): nothing can reach
  the person until they write again, so the row waits; their next turn shows it first
  (:func:`take_for_conversation`, called by the staff-chat turn handler). Until then the
  workspace shows it as waiting, not as sent.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from bot.store import repo
from bot.store.models import Conversation, utcnow
from bot.store.models_booking import STATUS_BOOKED, Appointment, ChatOutbox

log = logging.getLogger("bot.outbox")

LEASE = timedelta(minutes=10)
INTERVAL_SECONDS = 30.0

# (conversation info, text) -> None; raises on failure. ``info["buttons"]``: the buttons that
# go with the text (the waiting-time check-in), as bot.replies.Button.
Deliver = Callable[[dict, str], None]

CHECKIN = "checkin"


@dataclass(frozen=True)
class Later:
    """Not now: the row goes back with this due time (naive UTC), unsent."""

    due_utc: datetime


class NotPushable(Exception):
    """This conversation's channel cannot be sent to now; the row waits for the person's turn."""


def instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def push_channels(settings) -> tuple[str, ...]:
    """The channels the bot can send to on its own initiative with this configuration."""
    return ("telegram",) if settings.telegram_token else ()


def can_push(settings, channel: str) -> bool:
    return channel in push_channels(settings)


def _claimable(now: datetime):
    return and_(
        ChatOutbox.sent_at.is_(None),
        ChatOutbox.cancelled_at.is_(None),
        ChatOutbox.due_utc <= now,
        or_(ChatOutbox.claimed_by.is_(None), ChatOutbox.claimed_at < now - LEASE),
    )


def claim(store, *, owner: str, now: datetime | None = None, limit: int = 50,
          channels: tuple[str, ...] | None = None, conversation_id: int | None = None) -> list[int]:
    """Claim due rows for ``owner`` (only of these channels / this conversation when given);
    returns the ids this caller won, oldest first."""
    now = now or utcnow()
    query = select(ChatOutbox.id).where(_claimable(now))
    if channels is not None:
        query = query.where(ChatOutbox.conversation_id.in_(
            select(Conversation.id).where(Conversation.channel.in_(channels))))
    if conversation_id is not None:
        query = query.where(ChatOutbox.conversation_id == conversation_id)
    with store.session() as s:
        candidates = list(s.execute(query.order_by(ChatOutbox.due_utc, ChatOutbox.id).limit(limit)).scalars())
    won = []
    for row_id in candidates:
        with store.session() as s:
            result = s.execute(update(ChatOutbox).where(ChatOutbox.id == row_id, _claimable(now))
                               .values(claimed_by=owner, claimed_at=now)
                               .execution_options(synchronize_session=False))
            if result.rowcount == 1:
                won.append(row_id)
    return won


def render(session, row: ChatOutbox, now: datetime, cipher) -> str | None:
    """The text to send, or None when there is nothing to send any more."""
    if row.kind == "reminder":
        # A reminder only while its appointment is still booked.
        appt = session.get(Appointment, row.appointment_id) if row.appointment_id else None
        if appt is None or appt.status != STATUS_BOOKED:
            return None
        if not row.body:
            from bot.booking import texts

            conv = session.get(Conversation, row.conversation_id)
            language = conv.language if conv is not None else "nl"
            tomorrow = timedelta(hours=12) <= appt.start_utc - now <= timedelta(hours=36)
            return texts.reminder(session, appt, language, tomorrow=tomorrow)
    if row.body_enc is not None:
        text = cipher.decrypt(row.body_enc)
        # The person always knows a person wrote this, and who.
        return f"{row.author}:\n{text}" if row.author else text
    return row.body or None


@dataclass(frozen=True)
class Delivered:
    id: int
    kind: str
    text: str
    buttons: tuple = ()  # bot.replies.Button


def _prepare(store, row_id: int, *, owner: str, now: datetime, pull: bool = False) -> tuple[dict, str] | None:
    with store.session() as s:
        row = s.get(ChatOutbox, row_id)
        if row is None or row.claimed_by != owner or row.sent_at is not None:
            return None
        if row.kind == CHECKIN:
            from bot.waiting.checkin import render as render_checkin

            out = render_checkin(s, row, now, pull=pull)
        else:
            out = render(s, row, now, store.cipher)
        if out is None:
            row.cancelled_at = now
            return None
        if isinstance(out, Later):  # e.g. a check-in due in the night: it waits for the morning
            row.due_utc, row.claimed_by, row.claimed_at = out.due_utc, None, None
            log.info("outbox later id=%s kind=%s due=%s", row_id, row.kind, out.due_utc.isoformat())
            return None
        text, buttons = (out, ()) if isinstance(out, str) else (out.text, out.buttons)
        conv = s.get(Conversation, row.conversation_id)
        info = {"id": conv.id, "channel": conv.channel,
                "external_id": repo.external_id_of(conv, cipher=store.cipher),
                "reference": conv.reference, "kind": row.kind, "outbox_id": row.id, "buttons": buttons}
    return info, text


def _release(store, row_id: int, owner: str) -> None:
    with store.session() as s:  # give it back for a later try
        s.execute(update(ChatOutbox).where(ChatOutbox.id == row_id, ChatOutbox.claimed_by == owner)
                  .values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False))


def _record_sent(store, row_id: int, text: str, buttons: tuple = (), *, mark_sent: bool = True) -> None:
    """The transcript line (with its author; the buttons it offered count from now), and sent_at
    in the same transaction when asked."""
    from bot.conversation.transcript import remember_offered, transcript_text
    from bot.replies import Reply

    with store.session() as s:
        row = s.get(ChatOutbox, row_id)
        conv = s.get(Conversation, row.conversation_id)
        reply = Reply(text, tuple(buttons))
        msg = repo.add_message(s, conversation=conv, cipher=store.cipher, direction="out",
                               text=transcript_text(reply), kind=row.kind[:20])
        msg.author = row.author
        remember_offered(conv, [reply], store.cipher)
        if mark_sent:
            _set_sent(s, row)


def _set_sent(session, row: ChatOutbox) -> None:
    row.sent_at = utcnow()
    if row.kind == CHECKIN:
        from bot.waiting.checkin import mark_sent

        mark_sent(session, outbox_id=row.id, at=row.sent_at)


def _mark_sent(store, row_id: int) -> None:
    with store.session() as s:
        row = s.get(ChatOutbox, row_id)
        if row.sent_at is None:
            _set_sent(s, row)


def send_claimed(store, row_id: int, deliver: Deliver, *, owner: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    prepared = _prepare(store, row_id, owner=owner, now=now)
    if prepared is None:
        return False
    info, text = prepared
    try:
        deliver(info, text)
    except NotPushable:
        _release(store, row_id, owner)
        return False
    except Exception as exc:
        log.error("outbox delivery failed id=%s kind=%s error=%s", row_id, info["kind"], type(exc).__name__)
        _release(store, row_id, owner)
        return False
    _mark_sent(store, row_id)  # right after the send: from here on it never goes out again
    log.info("outbox sent id=%s kind=%s conversation=%s", row_id, info["kind"], info["reference"])
    try:
        _record_sent(store, row_id, text, info["buttons"], mark_sent=False)
    except Exception as exc:
        log.error("outbox sent but not in the transcript id=%s error=%s", row_id, type(exc).__name__)
    return True


def run_once(store, deliver: Deliver, *, owner: str | None = None, now: datetime | None = None,
             channels: tuple[str, ...] | None = None) -> int:
    owner = owner or instance_id()
    sent = 0
    for row_id in claim(store, owner=owner, now=now, channels=channels):
        sent += send_claimed(store, row_id, deliver, owner=owner, now=now)
    return sent


def make_due(store, *, as_of: datetime, except_channels: tuple[str, ...] = ()) -> int:
    """``intake outbox run --as-of``: rows of pull channels that are due at ``as_of`` become due
    now, so the person's next turn shows them (trying the check-in out in ``intake chat``)."""
    now = utcnow()
    pull = select(Conversation.id).where(Conversation.channel.notin_(except_channels))
    with store.session() as s:
        result = s.execute(update(ChatOutbox).where(
            ChatOutbox.sent_at.is_(None), ChatOutbox.cancelled_at.is_(None), ChatOutbox.due_utc <= as_of,
            ChatOutbox.due_utc > now, ChatOutbox.conversation_id.in_(pull))
            .values(due_utc=now).execution_options(synchronize_session=False))
        return max(result.rowcount or 0, 0)


def take_for_conversation(store, conversation_id: int, *, now: datetime | None = None) -> list[Delivered]:
    """Pull delivery: the due rows of this conversation, marked sent and in the transcript, for
    the caller to show in the person's current turn (a channel the bot cannot push to)."""
    now = now or utcnow()
    owner = f"turn:{instance_id()}:{threading.get_ident()}"
    out = []
    for row_id in claim(store, owner=owner, now=now, conversation_id=conversation_id):
        prepared = _prepare(store, row_id, owner=owner, now=now, pull=True)
        if prepared is None:
            continue
        info, text = prepared
        _record_sent(store, row_id, text, info["buttons"])
        out.append(Delivered(row_id, info["kind"], text, info["buttons"]))
    return out


class ChannelDelivery:
    """Push delivery: Telegram's sendMessage when the token is set; anything else waits."""

    def __init__(self, settings):
        self.settings = settings

    def __call__(self, info: dict, text: str) -> None:
        if not can_push(self.settings, info["channel"]):
            raise NotPushable(info["channel"])
        import httpx

        from bot.channels.telegram_format import CallbackStore, keyboard, split_text

        base = (self.settings.telegram_base_url or "https://api.telegram.org").rstrip("/")
        # Payloads that fit Telegram's 64 bytes go as they are (the outbox's always do).
        markup = keyboard(info.get("buttons") or (), CallbackStore())
        parts = split_text(text)
        for i, part in enumerate(parts):
            body: dict = {"chat_id": info["external_id"], "text": part}
            if markup is not None and i == len(parts) - 1:
                body["reply_markup"] = markup.to_dict()
            resp = httpx.post(f"{base}/bot{self.settings.telegram_token}/sendMessage", json=body, timeout=15)
            resp.raise_for_status()


class Waker:
    """Lets code in another thread (a staff web request) wake the loop of this process."""

    def __init__(self):
        self._targets: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._lock = threading.Lock()

    def attach(self, loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> None:
        with self._lock:
            self._targets.append((loop, event))

    def detach(self, event: asyncio.Event) -> None:
        with self._lock:
            self._targets = [(lp, ev) for lp, ev in self._targets if ev is not event]

    def wake(self) -> None:
        with self._lock:
            targets = list(self._targets)
        for loop, event in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)


# One per process: the loop of this process attaches; a message queued here wakes it at once.
# Another instance finds the row at its next interval.
WAKER = Waker()


def wake() -> None:
    WAKER.wake()


async def outbox_loop(store, deliver: Deliver, *, channels: tuple[str, ...] | None = None,
                      interval: float = INTERVAL_SECONDS, on_tick: Callable[[], None] | None = None) -> None:
    from bot.scale.jobs import exclusive

    owner = instance_id()
    event = asyncio.Event()
    WAKER.attach(asyncio.get_running_loop(), event)
    try:
        while True:
            event.clear()
            try:
                if on_tick is not None:
                    await asyncio.to_thread(on_tick)
                await asyncio.to_thread(exclusive, store, "chat-outbox", run_once, store, deliver, owner=owner,
                                        channels=channels)
            except Exception as exc:  # the database may be away for a moment; try again later
                log.error("outbox loop error=%s", type(exc).__name__)
            try:
                await asyncio.wait_for(event.wait(), timeout=interval)
            except asyncio.TimeoutError:
                pass
    finally:
        WAKER.detach(event)


def lifespan_for(settings, store, *, on_tick: Callable[[], None] | None = None):
    """The bot app's outbox loop: push channels only (pull channels wait for the person)."""
    import contextlib

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(outbox_loop(store, ChannelDelivery(settings), channels=push_channels(settings),
                                               on_tick=on_tick))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan
