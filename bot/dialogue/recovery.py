"""Putting one conversation back on its feet after Rasa failed inside it.

Rasa can fail for one conversation while it works for everyone else: a prediction loop trips
its circuit breaker (and, because no ``action_listen`` follows, every later message in that
conversation trips it again at once), or an action fails on this conversation's data. Left
alone, every message of that person — "stop" included — would get the apology for good.

This reply filter sees the apology (``meta["failure"]`` set by the core) or the circuit
breaker's flood (one reply many times). When Rasa and the action server are up, it restarts
that conversation's dialogue through Rasa's tracker API, sets the answers already given again,
says what happened, and takes the next step: the intake continues at its next question, or the
person chooses from buttons. When keeping everything does not help, only who and where are
kept. When Rasa or the action server is down for everyone, the apology with help lines stays.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from bot.conversation.rasa import RasaClient, RasaUnavailable, rasa_to_replies
from bot.dialogue import texts as T
from bot.dialogue.rasa_admin import RasaAdmin, kept_slots
from bot.replies import Button, Reply, t

log = logging.getLogger("bot.dialogue.recovery")

# One reply this many times in one turn is Rasa's circuit breaker (10 predictions in a row).
FLOOD = 3
RECOVERABLE = ("empty", "http", "action_error", "flood")


def failure_of(replies: list[Reply]) -> str | None:
    for reply in replies:
        failure = reply.meta.get("failure") if reply.kind == "error" else None
        if failure:
            return failure
    counts = Counter(r.text for r in replies if r.text)
    if counts and max(counts.values()) >= FLOOD:
        return "flood"
    return None


def intake_in_progress(slots: dict[str, Any]) -> bool:
    return bool(slots.get("intake_started")) and not slots.get("handover_id") and not slots.get("intake_outcome")


def choose_reply(language: str) -> Reply:
    buttons = (Button(t(language, T.MAKE_APPOINTMENT), T.REQUEST_APPOINTMENT),
               Button(t(language, T.ASK_A_QUESTION), T.HELP),
               Button(t(language, T.TALK_TO_SOMEONE), T.REQUEST_HUMAN))
    return Reply(t(language, T.RECOVERED_CHOOSE), buttons, kind="notice", meta={"recovered": True})


class Recovery:
    def __init__(self, admin: RasaAdmin, rasa: RasaClient, transcript=None):
        self.admin = admin
        self.rasa = rasa
        self.transcript = transcript  # for a fresh start when Rasa's API is not available

    async def __call__(self, turn, replies: list[Reply]) -> list[Reply]:
        failure = failure_of(replies)
        if failure not in RECOVERABLE or turn.conversation is None:
            return replies
        if not await self.admin.healthy():
            return replies  # down for everyone: the apology with the help lines is right
        conv = turn.conversation
        log.warning("recovering conversation=%s cause=%s", conv.reference, failure)
        tracker = await self.admin.tracker(conv.sender_id)
        keep = kept_slots(tracker)
        if not await self.admin.reset(conv.sender_id, keep):
            return await self._fresh_start(turn, replies)
        if intake_in_progress(keep):
            resent = await self._resend(turn, "/request_appointment")
            if resent:
                return [Reply(t(turn.language, T.RECOVERED_CONTINUE), kind="notice", meta={"recovered": True}),
                        *resent]
            # Keeping every answer did not help: keep who and where, and let the person choose.
            await self.admin.reset(conv.sender_id, kept_slots(tracker, minimal=True))
        return [choose_reply(turn.language)]

    async def _resend(self, turn, message: str) -> list[Reply] | None:
        conv = turn.conversation
        try:
            raw = await self.rasa.send(conv.sender_id, message, metadata={"language": turn.language})
        except RasaUnavailable:
            return None
        replies = [r for r in rasa_to_replies(raw) if isinstance(r, Reply)]
        if not replies or failure_of(replies):
            return None
        return replies

    async def _fresh_start(self, turn, replies: list[Reply]) -> list[Reply]:
        """Without Rasa's API: a new Rasa conversation for this person, like /stop."""
        if self.transcript is None:
            return replies
        import asyncio

        log.warning("rasa api unavailable; fresh dialogue conversation=%s", turn.conversation.reference)
        await asyncio.to_thread(self.transcript.reset, turn.conversation)
        return [choose_reply(turn.language)]
