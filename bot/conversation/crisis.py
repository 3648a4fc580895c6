"""Crisis handling inside a turn: the replies, the record, the staff alert, telling Rasa.

The first crisis replies are built from the category alone (no I/O), so the service can send
them before it touches the database or Rasa. Everything after that is best effort and never
stops the person from getting the help lines.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

from bot.conversation.hooks import Hooks
from bot.conversation.model import Turn
from bot.conversation.transcript import TranscriptStore
from bot.replies import Reply
from bot.safety import Verdict
from bot.safety.replies import (
    HUISARTSENPOST_CATEGORIES,
    check_in_reply,
    crisis_replies,
    huisartsenpost_reply,
)

log = logging.getLogger("bot.conversation")

TellRasa = Callable[[Turn, str], Awaitable[None]]


class AlertSink:
    """Where staff alerts go. Carries a reference and a category, never message text."""

    async def crisis(self, *, reference: str, category: str) -> None:
        log.warning("staff alert: crisis reference=%s category=%s (no staff chat configured)", reference, category)


class CrisisHandler:
    def __init__(self, transcript: TranscriptStore, alerts: AlertSink, hooks: Hooks):
        self.transcript = transcript
        self.alerts = alerts
        self.hooks = hooks

    @staticmethod
    def first_replies(verdict: Verdict, language: str) -> list[Reply]:
        """The help lines for the category: pure, sent before any I/O."""
        return crisis_replies(verdict.category, language)

    async def follow_up(self, turn: Turn, verdict: Verdict, sent: list[Reply], tell_rasa: TellRasa) -> None:
        """After the first replies went out: store them, the huisartsenpost, record, alert, Rasa."""
        conv = turn.conversation
        if conv is None:  # the database is down: the alert still goes out, without a reference
            await self.alerts.crisis(reference="(onbekend: database onbereikbaar)", category=verdict.category)
            return
        turn.outbound.extend(sent)
        if conv.huisartsenpost and verdict.category in HUISARTSENPOST_CATEGORIES:
            name, phone = conv.huisartsenpost
            extra = huisartsenpost_reply(turn.language, name=name, phone=phone)
            if extra is not None:
                await turn.say(extra)
        await self.alert(turn, verdict.category, source="screen")
        # Rasa learns about it so the dialogue (and a handover) can follow up.
        payload = "/crisis" + json.dumps({"crisis_category": verdict.category, "crisis_source": "screen"})
        await tell_rasa(turn, payload)

    async def second_net(self, turn: Turn, category: str | None) -> list[Reply]:
        """Rasa's crisis intent fired where the screen did not: the same help lines."""
        category = category or "suicide"
        replies = crisis_replies(category, turn.language)
        await self.alert(turn, category, source="rasa")
        return replies

    async def check_in(self, turn: Turn) -> None:
        await turn.say(check_in_reply(turn.language))

    async def alert(self, turn: Turn, category: str, source: str) -> None:
        conv = turn.conversation
        try:
            await asyncio.to_thread(self.transcript.record_crisis, conv, category, source, self.hooks.crisis_listeners)
        except Exception as exc:
            log.error("could not record crisis conversation=%s error=%s", conv.reference, type(exc).__name__)
        try:
            await self.alerts.crisis(reference=conv.reference, category=category)
        except Exception as exc:
            log.error("staff alert failed conversation=%s error=%s", conv.reference, type(exc).__name__)
