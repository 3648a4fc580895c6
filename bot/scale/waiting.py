"""Messages that arrive while no Rasa server answers (starting, restarting, down).

The message is screened at once as always (a crisis gets the help lines; that path never
waits for Rasa, and only telling Rasa about the crisis is kept for later, without a notice), then kept in the database (encrypted) with a short "één moment" reply, once
per waiting spell. Later messages of the same conversation queue behind it (turn handler,
order 60), so the order stays. When a Rasa server answers again, the bot app that runs the
Telegram channel sends the kept messages to Rasa in order, per conversation and holding the
chat's turn, and sends the replies; each is marked done right after its replies went out.

A message that *reached* a Rasa server which did not answer (a timeout, a dropped connection)
may have been taken by it: it is not sent again until that server must have finished or given
up (``SETTLE``, beyond Sanic's 60 s response timeout), and then first looked up in the tracker
store by the ``turn_id`` it carried. Found: Rasa's replies are taken from the tracker and sent;
the message is not sent twice. A refused connection never reached Rasa and is sent at once.

Only channels that can send a message later keep messages (Telegram). The terminal channel
answers each line once, so it keeps the apology ("probeer het zo nog eens").
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from bot.conversation import Hooks, Inbound, Turn
from bot.conversation.model import ConversationRef
from bot.conversation.rasa import RasaUnavailable
from bot.i18n import _
from bot.replies import Reply, t
from bot.safety import Verdict, screen
from bot.store import repo
from bot.store.models import Conversation, utcnow
from bot.store.models_scale import DeferredTurn

log = logging.getLogger("bot.scale.waiting")

# Channels whose conversations can be answered later (the bot app pushes the replies).
PUSH_CHANNELS = ("telegram",)
REPLAY_EVERY_S = 2.0
MAX_ATTEMPTS = 5
SETTLE = timedelta(seconds=75)

ONE_MOMENT = _(
    "Eén moment alsjeblieft. Ik ben even niet bereikbaar, bijvoorbeeld omdat ik opnieuw opstart. "
    "Je bericht is binnen: je krijgt zo antwoord."
)


@dataclass(frozen=True)
class Waiting:
    id: int
    message: str
    language: str
    sender_id: str
    turn_id: str | None = None
    typed: str | None = None  # what was typed, when the message is the button it was read as
    reply_to: int | None = None  # the message's transcript line: its replies are linked to it
    check_in: bool = False  # the screen's check-in is decided when it is sent


# -- the database side (synchronous, one short transaction each) -----------------------------


def keep(store, *, conversation_id: int, sender_id: str, message: str, language: str,
         turn_id: str | None = None, may_notify: bool = True, typed: str | None = None,
         reply_to: int | None = None, check_in: bool = False) -> bool:
    """Keep a message for later; True when the person should be told "één moment" now (the
    first message of a waiting spell that may have a notice). ``turn_id``: the message reached
    a server that may have taken it (see the module doc). ``typed``: what the person typed when
    the message is the button it was read as ("ik ben 16" as the young person's role): Rasa gets
    it again with the message, as the intake form reads it. ``reply_to``: the message's
    transcript line; the replies that come when Rasa is back are linked to it, so what reads the
    transcript by turns (the repeat guard) finds them under the message they answer, not under
    the person's newest one. ``check_in``: the screen's check-in (the classifier's) on it is
    decided when it is sent (``Replay``), not now."""
    now = utcnow()
    with store.session() as s:
        told = s.execute(select(DeferredTurn.id).where(DeferredTurn.conversation_id == conversation_id,
                                                       DeferredTurn.notified.is_(True)).limit(1)).first()
        notify = may_notify and told is None
        s.add(DeferredTurn(conversation_id=conversation_id, sender_id=sender_id, language=language,
                           message=store.cipher.encrypt(message), created_at=now, turn_id=turn_id,
                           not_before=now + SETTLE if turn_id else now, notified=notify,
                           typed=store.cipher.encrypt(typed) if typed else None, reply_to=reply_to,
                           check_in=check_in))
        return notify


def is_waiting(store, conversation_id: int) -> bool:
    with store.session() as s:
        return s.execute(select(DeferredTurn.id).where(DeferredTurn.conversation_id == conversation_id)
                         .limit(1)).first() is not None


def waiting_conversations(store, limit: int = 200) -> list[int]:
    """Conversations whose oldest kept message may be sent now."""
    with store.session() as s:
        first = (select(DeferredTurn.conversation_id, func.min(DeferredTurn.id).label("first_id"))
                 .group_by(DeferredTurn.conversation_id).subquery())
        return list(s.execute(select(first.c.conversation_id)
                              .join(DeferredTurn, DeferredTurn.id == first.c.first_id)
                              .where(DeferredTurn.not_before <= utcnow())
                              .order_by(first.c.first_id).limit(limit)).scalars())


def answered_in_tracker(store, sender_id: str, turn_id: str) -> list[dict] | None:
    """Rasa's replies to the message that carried ``turn_id``, from the tracker store, in the
    REST channel's format; None when Rasa never took that message."""
    from bot.privacy.trackers import EVENTS, events_table_exists

    with store.session() as s:
        if not events_table_exists(s.connection()):
            return None
        rows = s.execute(select(EVENTS.c.type_name, EVENTS.c.data).where(EVENTS.c.sender_id == sender_id)
                         .order_by(EVENTS.c.id.desc()).limit(300)).all()
    events = [(kind, json.loads(store.cipher.decrypt_text(data))) for kind, data in reversed(rows)]
    start = next((i for i, (kind, e) in enumerate(events)
                  if kind == "user" and (e.get("metadata") or {}).get("turn_id") == turn_id), None)
    if start is None:
        return None
    replies = []
    for kind, event in events[start + 1:]:
        if kind == "user":
            break
        if kind == "bot":
            data = event.get("data") or {}
            reply = {key: data[key] for key in ("buttons", "image", "custom", "attachment") if data.get(key)}
            if event.get("text"):
                reply["text"] = event["text"]
            replies.append(reply)
    return replies


def claim_next(store, conversation_id: int, *, owner: str) -> Waiting | None:
    """The conversation's oldest kept message (the caller holds the chat's turn)."""
    with store.session() as s:
        row = s.execute(select(DeferredTurn).where(DeferredTurn.conversation_id == conversation_id)
                        .order_by(DeferredTurn.id).limit(1)).scalars().first()
        if row is None:
            return None
        if row.not_before > utcnow():
            if _first_say(f"settle:{row.id}"):
                log.info("waiting: kept message id=%s waits %.0f s more for the server that may have it",
                         row.id, (row.not_before - utcnow()).total_seconds())
            return None  # its server may still be working on it
        row.claimed_by, row.claimed_at, row.attempts = owner, utcnow(), (row.attempts or 0) + 1
        if row.attempts > MAX_ATTEMPTS:
            log.error("waiting: giving up on a kept message conversation_id=%s", conversation_id)
            s.delete(row)
            return Waiting(row.id, "", row.language, "")
        return Waiting(row.id, store.cipher.decrypt(row.message), row.language, row.sender_id, row.turn_id,
                       store.cipher.decrypt(row.typed) if row.typed else None, row.reply_to, bool(row.check_in))


_said: dict[str, float] = {}


def _first_say(key: str, every_s: float = 30.0) -> bool:
    """Rate limit for a log line about one row (the replay looks every 2 s)."""
    now = time.monotonic()
    if now - _said.get(key, -every_s) < every_s:
        return False
    if len(_said) > 10_000:
        _said.clear()
    _said[key] = now
    return True


def done(store, row_id: int) -> None:
    """Answered (or no longer meant for anyone): the kept text goes."""
    with store.session() as s:
        s.execute(delete(DeferredTurn).where(DeferredTurn.id == row_id).execution_options(synchronize_session=False))


def unclaim(store, row_id: int, *, turn_id: str | None = None) -> None:
    """Not answered this time; with ``turn_id``, it reached a server again: wait for it."""
    values = {"claimed_by": None, "claimed_at": None}
    if turn_id:
        values.update(turn_id=turn_id, not_before=utcnow() + SETTLE)
    with store.session() as s:
        s.execute(update(DeferredTurn).where(DeferredTurn.id == row_id).values(**values)
                  .execution_options(synchronize_session=False))


def conversation_of(store, conversation_id: int) -> tuple[ConversationRef, str, str] | None:
    """(the conversation, its channel, the channel's id for the person)."""
    with store.session() as s:
        conv = s.get(Conversation, conversation_id)
        if conv is None:
            return None
        ref = ConversationRef(id=conv.id, reference=conv.reference, sender_id=conv.sender_id,
                              language=conv.language, practice_id=conv.practice_id)
        return ref, conv.channel, repo.external_id_of(conv, cipher=store.cipher)


# -- the conversation side -------------------------------------------------------------------


def register(hooks: Hooks, *, settings, store, **_deps) -> None:
    async def rasa_unavailable(turn: Turn, message: str, error: Exception) -> bool:
        conv = turn.conversation
        if turn.inbound.channel not in PUSH_CHANNELS or conv is None:
            return False
        reached = getattr(error, "reached", True)
        try:
            notify = await asyncio.to_thread(keep, store, conversation_id=conv.id, sender_id=conv.sender_id,
                                             message=message, language=turn.language,
                                             turn_id=getattr(error, "turn_id", None) if reached else None,
                                             may_notify=not getattr(error, "quiet", False),
                                             typed=getattr(error, "typed", None), reply_to=turn.inbound_id)
        except Exception as exc:  # noqa: BLE001 - no database either: the apology it is
            log.error("waiting: cannot keep the message (%s)", type(exc).__name__)
            return False
        log.info("waiting: kept a message for Rasa conversation=%s notice=%s", conv.reference, notify)
        if notify:
            await turn.say(Reply(t(turn.language, ONE_MOMENT), kind="notice"))
        return True

    async def behind_waiting_messages(turn: Turn, message: str, *, quiet: bool = False,
                                      typed: str | None = None, check_in: bool = False) -> bool:
        conv = turn.conversation
        if turn.inbound.channel not in PUSH_CHANNELS or conv is None:
            return False
        try:
            if not await asyncio.to_thread(is_waiting, store, conv.id):
                return False
            notify = await asyncio.to_thread(keep, store, conversation_id=conv.id, sender_id=conv.sender_id,
                                             message=message, language=turn.language, may_notify=not quiet,
                                             typed=typed, reply_to=turn.inbound_id, check_in=check_in)
        except Exception as exc:  # noqa: BLE001 - the database is away: to Rasa rather than lost
            log.error("waiting: cannot look at kept messages (%s)", type(exc).__name__)
            return False
        log.info("waiting: kept a message behind earlier ones conversation=%s", conv.reference)
        if notify:
            await turn.say(Reply(t(turn.language, ONE_MOMENT), kind="notice"))
        return True

    hooks.when_rasa_unavailable(rasa_unavailable)
    # A turn waits here before the typed-answer readers; what reaches Rasa by another path (the
    # crisis follow-up, an answer to the safety question) waits in the queue in to_rasa.
    hooks.turn_handler("rasa_waiting", behind_waiting_messages, order=60)
    hooks.rasa_queue(behind_waiting_messages)


# -- sending the kept messages when Rasa is back ----------------------------------------------


class Replay:
    """In the bot app that runs Telegram: every few seconds, while messages are kept and a Rasa
    server answers, send them in order and push the replies.

    ``push(external_id)`` returns the emit function for that person's chat; ``turn_key(
    external_id)`` the key of the chat's turn (the same one the webhook takes)."""

    def __init__(self, service, store, state, *, owner: str, push, turn_key, channel: str = "telegram",
                 deadline: float = 100.0):
        self.service = service
        # The most one kept message may take (Rasa's timeout and the sends): then it is left
        # for a later round, as when the server it reached did not answer.
        self.deadline = deadline
        self.store = store
        self.state = state
        self.owner = owner
        self.push = push
        self.turn_key = turn_key
        self.channel = channel
        self.replayed = 0

    async def run(self) -> None:
        while True:
            await asyncio.sleep(REPLAY_EVERY_S)
            try:
                await self.once()
            except Exception as exc:  # noqa: BLE001 - the database may be away for a moment
                log.error("waiting: replay failed (%s)", type(exc).__name__)

    async def once(self) -> int:
        conversations = await asyncio.to_thread(waiting_conversations, self.store)
        if not conversations or not await self.service.rasa.healthy():
            return 0
        sent = 0
        for conversation_id in conversations:
            found = await asyncio.to_thread(conversation_of, self.store, conversation_id)
            if found is None:
                continue
            ref, channel, external_id = found
            if channel != self.channel:
                continue
            try:
                async with self.state.chat_turn(self.turn_key(external_id), wait_s=0.0) as got:
                    if not got:
                        if _first_say(f"held:{conversation_id}"):
                            log.info("waiting: replay skips conversation=%s: its chat's turn is held",
                                     ref.reference)
                        continue
                    sent += await self._conversation(ref, external_id)
            except Exception as exc:  # noqa: BLE001 - one conversation must not hold up the others
                log.error("waiting: replay of conversation=%s failed (%s)", ref.reference, type(exc).__name__)
        return sent

    async def _conversation(self, ref: ConversationRef, external_id: str) -> int:
        sent = 0
        emit = self.push(external_id)
        while True:
            row = await asyncio.to_thread(claim_next, self.store, ref.id, owner=self.owner)
            if row is None:
                return sent
            if not row.message or row.sender_id != ref.sender_id:
                await asyncio.to_thread(done, self.store, row.id)  # given up, or the person began anew (/stop)
                continue
            # A kept message that starts with "/" is a payload (typed text loses its slash before it
            # goes to Rasa): a button, or the bot's own (/affirm_safe for a typed "ja, ik ben veilig",
            # /crisis{…}). It is replayed as one, so the reply filters that follow a payload (the
            # safety plan's offer after /affirm_safe) do so after the wait too.
            payload = row.message if row.message.startswith("/") else None
            inbound = Inbound(channel=self.channel, external_id=external_id, text=row.message, button=payload,
                              kind="button" if payload else "text")
            turn = Turn(inbound=inbound, text=row.message, verdict=Verdict(crisis=False), emit=emit,
                        language=row.language, conversation=ref, inbound_id=row.reply_to)
            if row.check_in and not row.turn_id and await self._check_in_asked(turn, row):
                await asyncio.to_thread(done, self.store, row.id)
                sent += 1
                self.replayed += 1
                await self._store_replies(ref, turn, row)
                continue
            answered = None
            if row.turn_id:
                answered = await asyncio.to_thread(answered_in_tracker, self.store, ref.sender_id, row.turn_id)
                if answered is not None:
                    log.info("waiting: Rasa had taken the message; its replies come from the tracker "
                             "conversation=%s", ref.reference)
            message, typed = row.message, row.typed
            if payload is None and typed is None and answered is None:
                # A typed message that waited behind others: the question it answers was asked
                # only now (the replies to the messages before it), so it is read now, as it would
                # have been had nothing waited ("ik ben 16" to "Voor wie schrijf je?").
                message = await self.service.as_button(turn, row.message)
                typed = row.message if message != row.message else None
            turn_id = row.turn_id or uuid.uuid4().hex  # known here, so a stopped send can be looked up
            try:
                await asyncio.wait_for(self.service.to_rasa(turn, message, raise_unavailable=True,
                                                            turn_id=turn_id, answered=answered, typed=typed),
                                       self.deadline)
            except RasaUnavailable as exc:
                await asyncio.to_thread(unclaim, self.store, row.id, turn_id=exc.turn_id if exc.reached else None)
                return sent  # still away: the next round tries again, in the same order
            except asyncio.TimeoutError:
                log.error("waiting: a kept message conversation=%s stopped after its deadline of %.0f s",
                          ref.reference, self.deadline)
                # It may have reached a server: looked up in the tracker after SETTLE, as then.
                await asyncio.to_thread(unclaim, self.store, row.id, turn_id=turn_id)
                return sent
            await asyncio.to_thread(done, self.store, row.id)  # right after the replies went out
            sent += 1
            self.replayed += 1
            log.info("waiting: answered a kept message conversation=%s", ref.reference)
            await self._store_replies(ref, turn, row)

    async def _check_in_asked(self, turn: Turn, row: Waiting) -> bool:
        """The screen's check-in on a kept message, decided now that the replies to the messages
        before it went out: a feature's waiver may apply by now (the role question was asked, and
        this answers it). Not waived: the question is asked, and the message waits for the answer
        as in a quiet chat (a "nee" then carries on with it). True when it was asked."""
        verdict = screen(row.message)
        if not verdict.check_in:
            return False
        turn.verdict = verdict
        try:
            if await self.service.check_in_waived(turn):
                return False
            await self.service.crisis.check_in(turn)
        finally:
            turn.verdict = Verdict(crisis=False)
        log.info("waiting: check-in asked for a kept message conversation=%s", turn.conversation.reference)
        return True

    async def _store_replies(self, ref: ConversationRef, turn: Turn, row: Waiting) -> None:
        if turn.outbound:
            try:
                await asyncio.to_thread(self.service.transcript.store_outbound, ref, turn.outbound,
                                        reply_to=row.reply_to)
            except Exception as exc:  # noqa: BLE001
                log.error("waiting: replies sent but not in the transcript (%s)", type(exc).__name__)
