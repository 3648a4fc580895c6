"""Staff alerts: deliver the StaffAlert outbox to the staff's Telegram chat.

The conversation service queues a ``StaffAlert`` row (the outbox) and then calls
``alerts.crisis(reference=..., category=...)``. With INTAKE_STAFF_ALERT_CHAT set, the
:class:`TelegramAlertSink` sends every unsent row to that chat and marks it sent; without
it, :class:`LogAlertSink` only logs and the rows stay in the outbox for the staff web.

A staff message carries the kind, the conversation reference and the crisis category, never
what the person wrote: Telegram chats are not end-to-end encrypted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from bot.conversation import AlertSink
from bot.i18n import _
from bot.replies import t

log = logging.getLogger("bot.alerts")

# A crisis call for a reference that was alerted this recently is already covered.
RECENT_S = 120.0

STAFF_ALERT = _(
    "<b>Jeugdintake</b>: {kind} in gesprek <code>{reference}</code> (categorie: {category}). "
    "Open de werkplek van de praktijk voor het gesprek."
)


# Alerts of these kinds carry their own text, composed when they were queued (no content).
OWN_TEXT_KINDS = ("erasure_cancelled",)


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
        self.settings = settings
        self.store = store
        self.bot = bot
        self.chat_id = chat_id
        self._lock = asyncio.Lock()  # two crises at once must not send one row twice
        self._recent: dict[str, float] = {}  # reference -> when it was last sent

    async def crisis(self, *, reference: str, category: str) -> None:
        await self.deliver_pending()
        sent_at = self._recent.get(reference)
        if sent_at is None or time.monotonic() - sent_at > RECENT_S:
            # No outbox row (the database was down when it happened): send it anyway.
            await self._send(kind="crisis", reference=reference, category=category)

    async def deliver_pending(self) -> list[str]:
        """Send every unsent outbox row, oldest first; returns the references sent."""
        async with self._lock:
            pending = await asyncio.to_thread(self._pending)
            sent: list[str] = []
            for alert in pending:
                try:
                    await self._send(kind=alert.kind, reference=alert.reference, category=alert.category,
                                     text=alert.text)
                except Exception as exc:
                    log.error("staff alert: delivery failed alert=%s error=%s", alert.id, type(exc).__name__)
                    break  # keep the order: retry this one and the rest next time
                await asyncio.to_thread(self._mark_sent, alert.id)
                sent.append(alert.reference)
            return sent

    async def _send(self, *, kind: str, reference: str, category: str, text: str = "") -> None:
        from telegram.constants import ParseMode

        from bot.channels.telegram_format import html_message

        if text and kind in OWN_TEXT_KINDS:
            text = html_message("<b>Jeugdintake</b>: {text}", text=text)
        else:
            text = html_message(t(self.settings.default_language, STAFF_ALERT), kind=kind, reference=reference,
                                category=category or "-")
        await self.bot.send_message(self.chat_id, text, parse_mode=ParseMode.HTML)
        self._recent[reference] = time.monotonic()
        if len(self._recent) > 1000:
            cutoff = time.monotonic() - RECENT_S
            self._recent = {r: at for r, at in self._recent.items() if at > cutoff}
        log.info("staff alert: sent kind=%s reference=%s category=%s", kind, reference, category)

    def _pending(self) -> list[PendingAlert]:
        from sqlalchemy import select

        from bot.store.models import Conversation, StaffAlert

        with self.store.session() as s:
            rows = s.execute(
                select(StaffAlert, Conversation)
                .outerjoin(Conversation, StaffAlert.conversation_id == Conversation.id)
                .where(StaffAlert.sent_at.is_(None))
                .order_by(StaffAlert.id)
                .limit(50)
            ).all()
            return [
                PendingAlert(a.id, a.kind, c.reference if c else "-",
                             (c.crisis_category if c is not None and a.kind == "crisis" else None) or "-",
                             a.text if a.kind in OWN_TEXT_KINDS else "")
                for a, c in rows
            ]

    def _mark_sent(self, alert_id: int) -> None:
        from bot.store.models import StaffAlert, utcnow

        with self.store.session() as s:
            alert = s.get(StaffAlert, alert_id)
            if alert is not None:
                alert.sent_at = utcnow()


def build_alert_sink(settings, store, bot) -> AlertSink:
    if settings.staff_alert_chat and bot is not None:
        return TelegramAlertSink(settings, store, bot, settings.staff_alert_chat)
    log.info("staff alerts: no INTAKE_STAFF_ALERT_CHAT; alerts are logged and kept in the outbox")
    return LogAlertSink()
