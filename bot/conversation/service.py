"""The channel-agnostic conversation service.

Every inbound message, from every channel, goes through :meth:`ConversationService.handle`:

1. the safety screen (pure Python, never skipped, before any I/O); crisis replies go out here;
2. the message is stored in the transcript (encrypted) before it is processed;
3. commands are routed (:mod:`bot.conversation.commands`), features' turn handlers get their
   chance (:mod:`bot.conversation.hooks`), and the rest goes to Rasa over the REST channel;
4. Rasa's replies pass the features' payload handlers and reply filters, then go out.

When Rasa, the action server or the database is down, a person still gets a kind answer with
the help lines.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import uuid
from typing import Any

from bot import replies as R
from bot.config import Settings
from bot.conversation.commands import CommandRouter
from bot.conversation.crisis import AlertSink, CrisisHandler
from bot.conversation.hooks import Hooks
from bot.conversation.model import Emit, Inbound, Turn
from bot.conversation.rasa import RasaClient, RasaUnavailable, rasa_to_replies
from bot.conversation.transcript import TranscriptStore
from bot.i18n import _
from bot.langid import clearly_written_in
from bot.langid import warm_up as warm_up_langid
from bot.replies import Reply, t
from bot.safety import Verdict, screen, warm_up

log = logging.getLogger("bot.conversation")

NOT_OFFERED = _("Die knop hoort niet bij dit gesprek. Kies een knop bij mijn laatste bericht, of typ gewoon je antwoord.")
# Said in English when the conversation switched to it, with the way back (the typed /taal command).
SWITCHED_TO_ENGLISH = _("Je schrijft in het Engels, dus ik praat verder in het Engels. Typ /taal nl voor Nederlands.")
MAX_TYPED_CHARS = 500  # a typed answer read as a button is short (six words); this only bounds it


class ConversationService:
    def __init__(self, settings: Settings, store, rasa: RasaClient, alerts: AlertSink | None = None,
                 hooks: Hooks | None = None):
        self.settings = settings
        self.store = store
        self.rasa = rasa
        self.alerts = alerts or AlertSink()
        self.hooks = hooks if hooks is not None else Hooks()
        self.transcript = TranscriptStore(store, settings.default_language)
        self.commands = CommandRouter(self.transcript, self.hooks)
        self.crisis = CrisisHandler(self.transcript, self.alerts, self.hooks)
        warm_up()  # compile the safety lexicon now: the first crisis message must not wait for it
        warm_up_langid()

    async def handle(self, inbound: Inbound) -> list[Reply]:
        collected: list[Reply] = []

        async def emit(reply: Reply) -> None:
            collected.append(reply)

        await self.handle_stream(inbound, emit)
        return collected

    async def handle_stream(self, inbound: Inbound, emit: Emit) -> None:
        text = inbound.button if inbound.button is not None else (inbound.text or "")
        # 1. Safety first: pure, synchronous, before any I/O. Buttons are the bot's own words.
        typed = inbound.button is None and inbound.kind == "text"
        verdict = screen(text) if typed else Verdict(crisis=False)
        turn = Turn(inbound=inbound, text=text, verdict=verdict, emit=emit, language=self.settings.default_language)
        started = time.perf_counter()
        try:
            await self._handle(turn)
        finally:
            await self._flush_outbound(turn)
            log.info(
                "handled channel=%s kind=%s route=%s crisis=%s rule=%s ms=%.1f",
                inbound.channel, inbound.kind, turn.route, verdict.category or "-", verdict.rule or "-",
                (time.perf_counter() - started) * 1000,
            )

    async def _handle(self, turn: Turn) -> None:
        verdict = turn.verdict
        first: list[Reply] = []
        if verdict.crisis:
            first = self.crisis.first_replies(verdict, turn.language, turn.text)
            if turn.inbound.card_sent:
                log.info("crisis card sent before this turn; not again channel=%s", turn.inbound.channel)
            else:
                for reply in first:
                    await turn.emit(reply)

        # 2. Store the inbound message before processing it.
        try:
            turn.conversation, turn.inbound_id = await asyncio.to_thread(
                self.transcript.store_inbound, turn.inbound, turn.text, crisis=verdict.crisis)
            turn.language = turn.conversation.language
        except Exception as exc:  # the database is down or broken
            log.error("database unavailable while storing inbound channel=%s error=%s",
                      turn.inbound.channel, type(exc).__name__)

        if verdict.crisis:
            turn.route = "crisis"
            await self.crisis.follow_up(turn, verdict, first, self._tell_rasa_quietly)
            return
        if turn.conversation is None:
            turn.route = "db_down"
            await turn.emit(R.unavailable(turn.language))
            return
        if turn.inbound.kind not in ("text", "button"):
            turn.route = "non_text"
            await self.say_filtered(turn, [R.please_type(turn.language)])
            return
        if not turn.text.strip():
            turn.route = "empty"
            await self.say_filtered(turn, [R.did_not_understand(turn.language)])
            return
        if turn.pressed and not await asyncio.to_thread(self.transcript.was_offered, turn.conversation, turn.text):
            # Only buttons the bot offered here may set an intent or a slot.
            turn.route = "not_offered"
            await self.say_filtered(turn, [Reply(t(turn.language, NOT_OFFERED), kind="notice")])
            return
        # 3. Commands, then an answer to the safety questions (in the language of the question: the
        # lines come first), then a message clearly written in the other language switches the
        # conversation to it, then the check-in question (in that language), the features' turn
        # handlers, and Rasa.
        message = await self.commands.route(turn)
        if message is None:
            turn.route = "command"
            return
        if await self.crisis.answer(turn, message, self.to_rasa, carry_on=self._carry_on,
                                    say_filtered=self.say_filtered):
            return
        await self._follow_written_language(turn)
        if verdict.check_in and not await self.check_in_waived(turn):
            if verdict.rule == "classifier" and await self._kept_for_its_check_in(turn, message):
                return
            await self.crisis.check_in(turn)  # and wait for the answer
            return
        await self._features_then_rasa(turn, message)

    async def _kept_for_its_check_in(self, turn: Turn, message: str) -> bool:
        """A check-in of the classifier alone on a message that waits behind earlier ones (Rasa
        away or busy with them): the question is decided when the message's turn comes, after the
        replies to the messages before it, so a waiver for an answer to a question asked by then
        applies as in a quiet chat ("ik ben de moeder van …" to "Voor wie schrijf je?"). A crisis,
        and a check-in the rules found, are answered at once as always."""
        for queue in self.hooks.rasa_queues:
            if await queue(turn, message, check_in=True):
                log.info("check-in decided when the kept message is sent conversation=%s", turn.conversation.reference)
                turn.route = "rasa_waiting"
                return True
        return False

    async def _follow_written_language(self, turn: Turn) -> None:
        """A typed message clearly written in English (a whole English message, not one English
        word in a Dutch one; never "ok" or "hi") switches a Dutch conversation to English, as /taal
        does, with one line that says how to go back; the message itself is then answered as
        usual. Only towards English, and only while the person never chose a language (/taal, its
        buttons): an English speaker who uses a Dutch word ("leerplichtambtenaar") is not sent
        back to Dutch, and whoever typed /taal nl stays in Dutch."""
        if turn.pressed or turn.inbound.kind != "text" or turn.text.lstrip().startswith("/"):
            return
        if turn.language != "nl" or clearly_written_in(turn.text) != "en":
            return
        try:
            if await asyncio.to_thread(self.commands.language_chosen, turn.conversation):
                return
            turn.language = await asyncio.to_thread(self.transcript.set_language, turn.conversation, "en")
        except Exception as exc:  # the database is away: answer in the language that holds
            log.error("could not switch the language conversation=%s error=%s",
                      turn.conversation.reference, type(exc).__name__)
            return
        log.info("language follows the message conversation=%s language=en", turn.conversation.reference)
        await turn.say(Reply(t(turn.language, SWITCHED_TO_ENGLISH), kind="notice"))

    async def check_in_waived(self, turn: Turn) -> bool:
        """Whether a feature's waiver says the screen's check-in does not fit this turn (also asked
        when a kept message is sent: bot.scale.waiting)."""
        for name, waiver in self.hooks.check_in_waivers:
            if await waiver(turn):
                log.info("check-in not asked conversation=%s waiver=%s category=%s", turn.conversation.reference,
                         name, turn.verdict.category)
                return True
        return False

    async def _features_then_rasa(self, turn: Turn, message: str) -> None:
        for _order, name, handler in self.hooks.turn_handlers:
            if await handler(turn, message):
                turn.route = name
                return
        payload = await self.as_button(turn, message)
        # A typed answer sent as its button keeps what was typed ("ik ben 16" says the age too):
        # the intake form reads earlier typed messages once, when it starts (actions/intake.py).
        await self.to_rasa(turn, payload, typed=message if payload != message else None)

    async def as_button(self, turn: Turn, message: str) -> str:
        """A typed answer that a feature reads as one of the offered buttons ("myself" to "Voor
        wie schrijf je?") goes to Rasa as that button, so the model need not guess it; a typed
        request that is always allowed ("ik wil iemand spreken") goes as its intent. Also called
        when a message that waited for Rasa is sent (bot.scale.waiting): only then is the question
        it answers the bot's last message."""
        if turn.pressed:
            return message
        for reader in self.hooks.typed_answers:
            payload = await reader(turn, message)
            if payload and await asyncio.to_thread(self.transcript.was_offered, turn.conversation, payload):
                log.info("typed answer read as a button conversation=%s intent=%s",
                         turn.conversation.reference, payload.split("{")[0].lstrip("/"))
                return payload
        for reader in self.hooks.typed_requests:
            payload = await reader(turn, message)
            if payload:
                log.info("typed request read as an intent conversation=%s intent=%s",
                         turn.conversation.reference, payload.split("{")[0].lstrip("/"))
                return payload
        return message

    async def _carry_on(self, turn: Turn, text: str) -> None:
        """Go on with ``text`` as an ordinary typed turn of this person, after the check-in
        question was answered: it was screened when it came in, and the answer said it is safe
        to go on. Replies join this turn's."""
        again = dataclasses.replace(
            turn, text=text, verdict=Verdict(crisis=False), route="rasa",
            inbound=dataclasses.replace(turn.inbound, text=text, button=None, kind="text"))
        await self._features_then_rasa(again, text)
        turn.route = f"{turn.route}+{again.route}"

    async def to_rasa(self, turn: Turn, message: str, *, quiet_errors: bool = False,
                      raise_unavailable: bool = False, turn_id: str | None = None,
                      answered: list[dict[str, Any]] | None = None, typed: str | None = None) -> None:
        """Send one message to Rasa for this turn's conversation and say its replies.

        The message carries a ``turn_id`` in its metadata (Rasa keeps it in the tracker), so a
        message that reached a server which did not answer can later be found there.
        ``raise_unavailable``: a message sent again after Rasa was away raises RasaUnavailable
        instead of being answered or kept a second time. ``answered``: Rasa's answer, found in
        the tracker, is said without sending the message again.

        A failure becomes the apology reply with ``meta["failure"]`` saying what went wrong, and
        passes the reply filters like any reply: a filter may put the conversation back on its
        feet instead (bot.dialogue.recovery) when Rasa itself is up."""
        conv = turn.conversation
        if answered is None and not raise_unavailable:
            # Messages of this conversation wait for Rasa (its server failed mid-turn): this one
            # goes behind them, also when it did not pass the turn handlers (a crisis, a typed
            # answer to the safety question), so Rasa sees the conversation in order.
            for queue in self.hooks.rasa_queues:
                if await queue(turn, message, quiet=quiet_errors, typed=typed):
                    if not quiet_errors:
                        turn.route = "rasa_waiting"
                    return
        turn_id = turn_id or uuid.uuid4().hex
        try:
            if answered is not None:
                raw = answered
            else:
                metadata = {"language": turn.language, "turn_id": turn_id}
                if typed:
                    metadata["typed"] = typed[:MAX_TYPED_CHARS]
                raw = await self.rasa.send(conv.sender_id, message, metadata=metadata)
        except RasaUnavailable as exc:
            log.error("rasa unavailable conversation=%s error=%s", conv.reference, exc)
            exc.turn_id, exc.quiet, exc.typed = turn_id, quiet_errors, typed
            if raise_unavailable:
                raise
            for handler in self.hooks.rasa_unavailable_handlers:
                if await handler(turn, message, exc):  # kept for when Rasa is back
                    if not quiet_errors:
                        turn.route = "rasa_waiting"
                    return
            if quiet_errors:
                return
            replies = [R.unavailable(turn.language, failure=exc.failure)]
        else:
            replies = await self._replies_from_rasa(turn, raw)
            if not raw and not quiet_errors:
                # Rasa answered with nothing: the action server is down, or this conversation's
                # dialogue is stuck (a tripped circuit breaker stays tripped).
                replies.append(R.unavailable(turn.language, failure="empty"))
        await self.say_filtered(turn, replies)

    async def say_filtered(self, turn: Turn, replies: list[Reply]) -> None:
        """Say replies after the features' reply filters (a notice sent a third time in a row
        becomes a way forward, like any reply)."""
        for reply_filter in self.hooks.reply_filters:
            replies = await reply_filter(turn, replies)
        for reply in replies:
            await turn.say(reply)

    async def _tell_rasa_quietly(self, turn: Turn, message: str) -> None:
        await self.to_rasa(turn, message, quiet_errors=True)

    async def _replies_from_rasa(self, turn: Turn, raw: list[dict[str, Any]]) -> list[Reply]:
        replies: list[Reply] = []
        for item in rasa_to_replies(raw):
            if isinstance(item, Reply):
                replies.append(item)
                continue
            if item.get("crisis"):
                # Rasa's crisis intent: the second net behind the screen.
                replies.extend(await self.crisis.second_net(turn, item.get("category"), item.get("about")))
            if item.get("error"):
                replies.append(R.unavailable(turn.language, failure="action_error"))
            for key, handler in self.hooks.payload_handlers.items():
                if key in item:
                    await handler(turn, item, replies)
        return replies

    async def _flush_outbound(self, turn: Turn) -> None:
        if turn.conversation is None or not turn.outbound:
            return
        pending, turn.outbound = turn.outbound, []
        try:
            await asyncio.to_thread(self.transcript.store_outbound, turn.conversation, pending,
                                    reply_to=turn.inbound_id)
        except Exception as exc:
            log.error("could not store outbound conversation=%s error=%s",
                      turn.conversation.reference, type(exc).__name__)
