"""Staff alerts: deliver the StaffAlert outbox to the staff's Telegram chat.

The conversation service queues a ``StaffAlert`` row (the outbox) and then calls
``alerts.crisis(reference=..., category=...)``. With INTAKE_STAFF_ALERT_CHAT set, the
:class:`TelegramAlertSink` sends every unsent row to that chat; without it,
:class:`LogAlertSink` only logs and the rows stay in the outbox for the staff web.

Exactly once across instances and crashes, as the chat outbox (bot.outbox) does it: a
row is *claimed* with one conditional UPDATE (unsent, and unclaimed or its claim older than
``LEASE``), only the winner sends, and it marks the row sent right after the send. An instance
that dies between the send and the mark leaves a claim that another instance may take after
``LEASE``: at worst a late second alert, never a lost one. When the database is down there is
no row to claim, so the alert is sent at once without one.

A staff message carries the kind, the conversation reference and the crisis category, never
what the person wrote: Telegram chats are not end-to-end encrypted.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.conversation import AlertSink
from bot.i18n import _
from bot.replies import t

log = logging.getLogger("bot.alerts")

# A claim this old without a send is from an instance that died mid-send: take it over.
LEASE = timedelta(minutes=2)
# How often each instance looks for alerts that nobody delivered (queued while Telegram or the
# database was away, claimed by an instance that died, or queued by another process: a
# call-back request from the action server, a person writing in a taken-over conversation).
SWEEP_EVERY_S = 10.0

STAFF_ALERT = _(
    "<b>Jeugdintake</b>: {kind} in gesprek <code>{reference}</code> (categorie: {category}). "
    "Open de werkplek van de praktijk voor het gesprek."
)


# Alerts of these kinds carry their own text, composed when they were queued (no content:
# a reference, a kind, an urgency). human_message and call_back come from bot.staffchat.
OWN_TEXT_KINDS = ("erasure_cancelled", "crisis_unassigned", "human_message", "call_back")


@dataclass(frozen=True)
class PendingAlert:
    id: int
    kind: str
    reference: str
    category: str
    text: str = ""


class LogAlertSink(AlertSink):
    """No staff chat configured: log the reference and category, keep the outbox rows."""

    async def deliver_pending(self) -> list[str]:
        return []


class TelegramAlertSink(AlertSink):
    def __init__(self, settings, store, bot, chat_id: str):
        from bot.outbox import instance_id

        self.settings = settings
        self.store = store
        self.bot = bot
        self.chat_id = chat_id
        self.owner = instance_id()
        self._lock = asyncio.Lock()  # within one instance, one delivery pass at a time

    async def crisis(self, *, reference: str, category: str) -> None:
        try:
            await self.deliver_pending()
            queued = await asyncio.to_thread(self._queued, reference)
        except Exception as exc:  # noqa: BLE001 - the database is down: there is no row to claim
            log.error("staff alert: outbox unavailable (%s); sending without it", type(exc).__name__)
            queued = False
        if not queued:
            # No outbox row (recording it failed): send it anyway, once, from here.
            await self._send(kind="crisis", reference=reference, category=category)

    def _queued(self, reference: str) -> bool:
        """Whether this crisis has its outbox row (then the row's claim decides who sends it)."""
        from sqlalchemy import select

        from bot.store.models import Conversation, StaffAlert, utcnow

        with self.store.session() as s:
            return s.execute(
                select(StaffAlert.id).join(Conversation, StaffAlert.conversation_id == Conversation.id)
                .where(Conversation.reference == reference, StaffAlert.kind == "crisis",
                       StaffAlert.created_at > utcnow() - LEASE).limit(1)
            ).first() is not None

    async def deliver_pending(self) -> list[str]:
        """Claim and send unsent outbox rows, oldest first; returns the references sent here."""
        async with self._lock:
            pending = await asyncio.to_thread(self._claim)
            sent: list[str] = []
            for i, alert in enumerate(pending):
                try:
                    await self._send(kind=alert.kind, reference=alert.reference, category=alert.category,
                                     text=alert.text)
                except Exception as exc:
                    log.error("staff alert: delivery failed alert=%s error=%s", alert.id, type(exc).__name__)
                    # Keep the order: give this one and the rest back for the next pass.
                    await asyncio.to_thread(self._unclaim, [a.id for a in pending[i:]])
                    break
                await asyncio.to_thread(self._mark_sent, alert.id)
                sent.append(alert.reference)
            return sent

    async def sweep_loop(self, every: float = SWEEP_EVERY_S) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.deliver_pending()
            except Exception as exc:  # noqa: BLE001 - the database may be away for a moment
                log.error("staff alert: sweep failed (%s)", type(exc).__name__)

    async def _send(self, *, kind: str, reference: str, category: str, text: str = "") -> None:
        from telegram.constants import ParseMode

        from bot.channels.telegram_format import html_message

        if text and kind in OWN_TEXT_KINDS:
            text = html_message("<b>Jeugdintake</b>: {text}", text=text)
        else:
            text = html_message(t(self.settings.default_language, STAFF_ALERT), kind=kind, reference=reference,
                                category=category or "-")
        await self.bot.send_message(self.chat_id, text, parse_mode=ParseMode.HTML)
        log.info("staff alert: sent kind=%s reference=%s category=%s", kind, reference, category)

    def _claim(self) -> list[PendingAlert]:
        return claim(self.store, owner=self.owner)

    def _unclaim(self, ids: list[int]) -> None:
        from sqlalchemy import update

        from bot.store.models import StaffAlert

        with self.store.session() as s:
            s.execute(update(StaffAlert).where(StaffAlert.id.in_(ids), StaffAlert.claimed_by == self.owner,
                                               StaffAlert.sent_at.is_(None))
                      .values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False))

    def _mark_sent(self, alert_id: int) -> None:
        from sqlalchemy import update

        from bot.store.models import StaffAlert, utcnow

        with self.store.session() as s:
            s.execute(update(StaffAlert).where(StaffAlert.id == alert_id).values(sent_at=utcnow())
                      .execution_options(synchronize_session=False))


def _claimable(now):
    from sqlalchemy import and_, or_

    from bot.store.models import StaffAlert

    return and_(StaffAlert.sent_at.is_(None),
                or_(StaffAlert.claimed_by.is_(None), StaffAlert.claimed_at < now - LEASE))


def claim(store, *, owner: str, now=None, limit: int = 50) -> list[PendingAlert]:
    """Claim unsent alerts for ``owner``, oldest first; only the rows this caller won."""
    from sqlalchemy import select, update

    from bot.store.models import Conversation, StaffAlert, utcnow

    now = now or utcnow()
    with store.session() as s:
        candidates = list(s.execute(select(StaffAlert.id).where(_claimable(now))
                                    .order_by(StaffAlert.id).limit(limit)).scalars())
    won: list[int] = []
    for alert_id in candidates:
        with store.session() as s:
            result = s.execute(update(StaffAlert).where(StaffAlert.id == alert_id, _claimable(now))
                               .values(claimed_by=owner, claimed_at=now)
                               .execution_options(synchronize_session=False))
            if result.rowcount == 1:
                won.append(alert_id)
    if not won:
        return []
    with store.session() as s:
        rows = s.execute(
            select(StaffAlert, Conversation)
            .outerjoin(Conversation, StaffAlert.conversation_id == Conversation.id)
            .where(StaffAlert.id.in_(won))
            .order_by(StaffAlert.id)
        ).all()
        return [
            PendingAlert(a.id, a.kind, c.reference if c else "-",
                         (c.crisis_category if c is not None and a.kind == "crisis" else None) or "-",
                         a.text if a.kind in OWN_TEXT_KINDS else "")
            for a, c in rows
        ]


def build_alert_sink(settings, store, bot) -> AlertSink:
    if settings.staff_alert_chat and bot is not None:
        return TelegramAlertSink(settings, store, bot, settings.staff_alert_chat)
    log.info("staff alerts: no INTAKE_STAFF_ALERT_CHAT; alerts are logged and kept in the outbox")
    return LogAlertSink()
