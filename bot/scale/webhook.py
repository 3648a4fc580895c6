"""Webhook updates that survive a crash, processed once and in order per chat, on any instance.

1. ``receive``: the update is stored (encrypted) in the database, then Telegram gets its 200.
   A redelivered update (same ``update_id``) is recognised and not stored twice. With the
   database down it is processed from memory instead: the crisis help lines do not wait.
2. ``kick``: this instance takes the chat's turn (Redis with several instances) and processes
   the chat's unfinished updates oldest first, each marked done right after it was processed.
   An update stored by another instance is processed by whoever holds the turn next.
3. ``sweep``: every few seconds, chats with updates that were stored a while ago and are not
   done (an instance died after answering Telegram, or stopped first) get a turn here. At
   start this picks up whatever was left.
4. No turn without Redis, but no crisis left unanswered either: while a chat's turn cannot be
   had because Redis does not answer, its stored updates are screened without the turn, and a
   crisis gets its card at once (``CardWithoutTurn``), claimed once in the database
   (``updates.claim_card``: two instances, or a later turn, never send it again). The update
   itself stays stored and is processed in the chat's turn when Redis is back (the turn then
   records the card, alerts the staff and tells Rasa, without sending the card again).

Stopping (SIGTERM): new updates get 503 (Telegram or the load balancer try another instance),
the turns in progress finish, and what is left waits in the database for the next turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.scale import updates
from bot.scale.shared import TURN_LEASE_S, MemoryState, TurnLost

log = logging.getLogger("bot.scale.webhook")

SWEEP_EVERY_S = 2.0
# An update stored this long ago and not done has no instance working on it (normally it is
# processed within milliseconds of being stored, or is waiting for its chat's turn).
STALE_AFTER = timedelta(seconds=3)
# How long a new update's task waits for its chat's turn before it leaves it to the sweep.
TURN_WAIT_S = 120.0
# With several instances and the database down, how long Telegram's request waits for the turn.
UNSTORED_TURN_WAIT_S = 5.0
MAX_CONCURRENT_CHATS = 64
PURGE_EVERY_S = 3600.0

# Looking for a crisis without the turn: first this long after the turn was asked for (a turn
# normally comes in milliseconds), then every SWEEP_EVERY_S while it is not had.
CARD_AFTER_S = 1.0

Process = Callable[[dict], Awaitable[None]]

# Set while an update is processed whose crisis card went out already without the turn: the
# channel tells the conversation service, which records the card but does not send it again.
CARD_SENT: ContextVar[bool] = ContextVar("intake_card_sent", default=False)


@dataclass(frozen=True)
class CardWithoutTurn:
    """What the channel does for a stored update whose chat's turn cannot be had (Redis away).
    ``screen(data)``: pure, no I/O; the replies to send when the update is a crisis, else None.
    ``send(data, replies)``: sends them (raises when it could not)."""

    screen: Callable[[dict], Any]
    send: Callable[[dict, Any], Awaitable[None]]


class DurableUpdates:
    def __init__(self, store, state: MemoryState, process: Process, *, owner: str, turn_timeout: float = 50.0,
                 deadline: float | None = None, gave_up: Callable[[dict], Awaitable[None]] | None = None,
                 card: CardWithoutTurn | None = None):
        self.store = store
        self.state = state
        self.process = process
        self.owner = owner
        # How long one update can take (Rasa's timeout and the sends): a stop waits this long.
        self.turn_timeout = turn_timeout
        # The most one update may take, however slow the machine: then its work is stopped, it
        # counts as failed (``gave_up`` tells the person) and the chat's next update gets its turn.
        self.deadline = deadline if deadline is not None else 2 * turn_timeout
        self.gave_up = gave_up
        self.card = card
        self._screened: set[int] = set()  # rows screened without the turn that need no card
        self._pinged: tuple[float, bool] = (-60.0, False)  # (when, whether Redis was away then)
        # An update another instance claimed this recently may still be in its hands (PostgreSQL's
        # word, beside Redis's turn, for when the turns failed to keep two instances apart): a
        # holder whose turn ran out stops within the lease; past it, that instance died.
        self.claim_fence = timedelta(seconds=1.5 * TURN_LEASE_S)
        self.stopping = False
        self._active: dict[str, asyncio.Task] = {}
        self._busy: set[str] = set()  # chats with an update claimed and being processed here
        self._again: set[str] = set()
        # What each chat's task here is doing, since when (ids and timings only, for the logs).
        self._phase: dict[str, tuple[str, float]] = {}
        self._stuck_logged: dict[str, float] = {}
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_CHATS)
        self._sweeper: asyncio.Task | None = None
        # Storing a new update must never wait behind the turns' database work: Telegram (and
        # the load balancer) want their 200 at once.
        self._receiving = ThreadPoolExecutor(4, thread_name_prefix="webhook-store")
        self.processed = 0

    # -- receiving ---------------------------------------------------------------------------

    async def receive(self, data: dict, *, ready: bool) -> int:
        """Store one update and start its chat's turn; the HTTP status to answer Telegram."""
        update_id = data.get("update_id")
        if not isinstance(update_id, int):
            return 400
        if self.stopping:
            return 503  # another instance takes it
        key = updates.chat_key(self.store.cipher, updates.chat_of(data))
        try:
            fresh = await asyncio.get_running_loop().run_in_executor(
                self._receiving, lambda: updates.store(self.store, update_id=update_id, key=key, data=data))
        except Exception as exc:  # noqa: BLE001 - the database is down
            if not ready:
                return 503
            return await self._unstored(key, data, update_id, exc)
        if not fresh:
            log.info("webhook: update_id=%s was delivered again; already stored", update_id)
        if ready:
            self.kick(key)
        return 200

    async def _unstored(self, key: str, data: dict, update_id: int, exc: Exception) -> int:
        """The database is down: the update is processed from memory (the crisis help lines do
        not wait for the database), in the chat's turn. With several instances the turn must be
        had before Telegram gets its 200; when it is not (Redis down too, or the chat busy),
        Telegram gets 503 and delivers the update again later."""
        if not self.state.shared:
            log.error("webhook: cannot store update_id=%s (%s); processing it from memory", update_id,
                      type(exc).__name__)
            asyncio.create_task(self._process_unstored(key, data, None, TURN_WAIT_S))
            return 200
        had: asyncio.Future = asyncio.get_running_loop().create_future()
        asyncio.create_task(self._process_unstored(key, data, had, UNSTORED_TURN_WAIT_S))
        if not await had:
            log.error("webhook: cannot store update_id=%s (%s) and its chat's turn was not had; "
                      "answering 503 so it is delivered again", update_id, type(exc).__name__)
            return 503
        log.error("webhook: cannot store update_id=%s (%s); processing it from memory", update_id,
                  type(exc).__name__)
        return 200

    async def _process_unstored(self, key: str, data: dict, had: asyncio.Future | None, wait_s: float) -> None:
        try:
            async with self.state.chat_turn(key, wait_s=wait_s) as got:
                if had is not None:
                    had.set_result(got)
                if not got:
                    return
                async with self._slots:
                    await self._run(data, update_id=data.get("update_id"))
        except Exception as exc:  # noqa: BLE001 - TurnLost, or Redis gone mid-turn
            log.error("webhook: an update from memory was stopped (%s)", type(exc).__name__)
        finally:
            if had is not None and not had.done():
                had.set_result(False)

    # -- processing --------------------------------------------------------------------------

    def kick(self, key: str, *, wait: bool = True) -> None:
        """Make sure this chat's unfinished updates get processed."""
        if self.stopping:
            return
        task = self._active.get(key)
        if task is not None and not task.done():
            self._again.add(key)  # the running turn looks again before it lets go
            return
        self._active[key] = asyncio.create_task(self._drain(key, wait))

    def _mark(self, key: str, phase: str) -> None:
        self._phase[key] = (phase, time.monotonic())

    async def _drain(self, key: str, wait: bool) -> None:
        started = time.monotonic()
        watch = None
        if wait and self.card is not None and self.state.shared:
            watch = asyncio.create_task(self._cards_while_no_turn(key))
        try:
            # A slot first, the turn after: a chat whose turn is held here waits for nothing else,
            # and while this instance is full its chats' turns stay free for the other instance
            # (a turn taken before the slot held its chat for minutes under load).
            self._mark(key, "waiting for a slot")
            async with self._slots:  # bounds the chats this instance works on at once
                self._mark(key, "waiting for the turn")
                async with self.state.chat_turn(key, wait_s=TURN_WAIT_S if wait else 0.0) as got:
                    if watch is not None:  # a card being sent goes out whole before the turn goes on
                        await _stop(watch)
                    if not got:
                        if wait:
                            log.info("webhook: chat=%s turn not had after %.1f s; left to its holder or the sweep",
                                     key[:10], time.monotonic() - started)
                        return  # another instance has the turn: it processes what is stored
                    await self._drain_held(key)
        except TurnLost as exc:
            # The update being processed stays unfinished and is released: whoever holds the
            # chat's turn next processes it.
            log.error("webhook: chat=%s: %s; its update is left for the next turn", key[:10], exc)
        finally:
            if watch is not None:
                await _stop(watch)
            self._busy.discard(key)
            self._phase.pop(key, None)
            if self._active.get(key) is asyncio.current_task():
                self._active.pop(key, None)

    async def _drain_held(self, key: str) -> None:
        while not self.stopping:
            self._again.discard(key)
            try:
                row = await asyncio.to_thread(updates.claim_next, self.store, key=key, owner=self.owner,
                                              fence=self.claim_fence)
            except Exception as exc:  # noqa: BLE001 - the database is down: the sweep retries
                log.error("webhook: cannot read stored updates (%s)", type(exc).__name__)
                return
            if row is None:
                if key in self._again:
                    continue
                return
            self._busy.add(key)
            self._mark(key, f"processing update_id={row.update_id} attempt {row.attempts}")
            try:
                if row.attempts > updates.MAX_ATTEMPTS:
                    log.error("webhook: giving up on update_id=%s after %d attempts", row.update_id,
                              row.attempts - 1)
                else:
                    await self._run(row.data, update_id=row.update_id, card_sent=row.card_sent)
            except BaseException:
                # Stopped from outside (the turn was lost, the instance stops): not done, and
                # free for whoever holds the chat's turn next.
                with contextlib.suppress(Exception):
                    await asyncio.shield(asyncio.to_thread(updates.release, self.store, row.id))
                self._busy.discard(key)
                raise
            try:
                await asyncio.to_thread(updates.finish, self.store, row.id)
            except Exception as exc:  # noqa: BLE001
                log.error("webhook: could not mark update_id=%s done (%s)", row.update_id,
                          type(exc).__name__)
                return
            finally:
                self._busy.discard(key)

    async def _run(self, data: dict, *, update_id, card_sent: bool = False) -> None:
        """Process one update within the deadline; a failure is logged, the chat goes on."""
        token = CARD_SENT.set(card_sent)  # the task copies the context as it is now
        try:
            work = asyncio.create_task(self.process(data))
        finally:
            CARD_SENT.reset(token)
        try:
            done, _ = await asyncio.wait({work}, timeout=self.deadline)
        except BaseException:
            work.cancel()
            raise
        if not done:
            where = _where(work)
            work.cancel()
            with contextlib.suppress(BaseException):
                await work
            log.error("webhook: update_id=%s stopped after its deadline of %.0f s, at %s", update_id,
                      self.deadline, where)
            if self.gave_up is not None:
                try:
                    await asyncio.wait_for(self.gave_up(data), 15)
                except Exception as exc:  # noqa: BLE001
                    log.error("webhook: could not tell the person about update_id=%s (%s)", update_id,
                              type(exc).__name__)
            return
        exc = work.exception()
        if exc is not None:  # one bad update must not stop the chat
            log.error("webhook: update_id=%s failed (%s)", update_id, type(exc).__name__)
            return
        self.processed += 1

    # -- the crisis card without the turn -----------------------------------------------------

    async def _cards_while_no_turn(self, key: str) -> None:
        """While this chat's turn is being waited for: when Redis does not answer, screen the
        chat's stored updates and send a crisis its card (once: claimed in the database)."""
        await asyncio.sleep(CARD_AFTER_S)
        while True:
            try:
                if await self._redis_away():
                    await self.cards_without_turn(key)
            except Exception as exc:  # noqa: BLE001 - the database away too: look again
                log.error("webhook: screening without the turn failed (%s)", type(exc).__name__)
            await asyncio.sleep(SWEEP_EVERY_S)

    async def _redis_away(self) -> bool:
        """Whether Redis does not answer; one ping per second at most, however many chats wait."""
        now = time.monotonic()
        if now - self._pinged[0] >= 1.0:
            self._pinged = (now, not await self.state.ping())
        return self._pinged[1]

    async def cards_without_turn(self, key: str) -> int:
        """Screen the chat's updates that no turn has taken; send each crisis its card, claimed
        once. How many cards this call sent."""
        sent = 0
        rows = await asyncio.to_thread(updates.untaken_of, self.store, key=key, skip=self._screened)
        for row in rows:
            replies = self.card.screen(row.data)
            if not replies:
                self._screened.add(row.id)
                if len(self._screened) > 100_000:
                    self._screened.clear()
                continue
            if not await asyncio.to_thread(updates.claim_card, self.store, row.id):
                continue  # another instance sent it, or a turn has the update now
            # Shielded: a turn had meanwhile stops this loop, never a card half sent.
            sending = asyncio.ensure_future(self._send_card(row))
            try:
                sent += await asyncio.shield(sending)
            except asyncio.CancelledError:
                await sending
                raise
        return sent

    async def _send_card(self, row: updates.StoredUpdate) -> int:
        try:
            await self.card.send(row.data, self.card.screen(row.data))
        except Exception as exc:  # noqa: BLE001 - given back: the next look (or the turn) sends it
            log.error("webhook: crisis card for update_id=%s without the turn could not be sent (%s)",
                      row.update_id, type(exc).__name__)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(updates.give_back_card, self.store, row.id)
            return 0
        log.warning("webhook: update_id=%s: crisis card sent without the chat's turn (redis away); "
                    "the update waits for the turn", row.update_id)
        return 1

    # -- the sweep ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep_loop())

    async def sweep(self) -> int:
        """Give a turn to every chat with stale unfinished updates; how many were found."""
        keys = await asyncio.to_thread(updates.waiting_chats, self.store, older_than=STALE_AFTER)
        if keys and self.card is not None and self.state.shared and await self._redis_away():
            # Redis is away: no chat gets its turn, but a crisis among the stored updates (of a
            # chat whose task here gave up waiting, or that another instance left) gets its card.
            for key in keys:
                try:
                    await self.cards_without_turn(key)
                except Exception as exc:  # noqa: BLE001 - one chat must not hold up the others
                    log.error("webhook: screening without the turn failed (%s)", type(exc).__name__)
        for key in keys:
            task = self._active.get(key)
            if task is not None and not task.done():
                phase, since = self._phase.get(key, ("?", time.monotonic()))
                self._log_stuck(key, task, phase, since)
            self.kick(key, wait=False)
        return len(keys)

    def _log_stuck(self, key: str, task: asyncio.Task, phase: str, since: float) -> None:
        """A chat with stale updates whose task here has been at it a long time: where it is."""
        now = time.monotonic()
        if now - since < 60 or now - self._stuck_logged.get(key, 0.0) < 60:
            return
        self._stuck_logged[key] = now
        log.warning("webhook: chat=%s has stale updates; its task here is %s for %.0f s at %s",
                    key[:10], phase, now - since, _where(task))

    async def _sweep_loop(self) -> None:
        purged_at = 0.0
        loop = asyncio.get_running_loop()
        while not self.stopping:
            try:
                found = await self.sweep()
                if found:
                    log.info("webhook: %d chat(s) with stored updates nobody was processing", found)
                if loop.time() - purged_at > PURGE_EVERY_S:
                    purged_at = loop.time()
                    await asyncio.to_thread(updates.purge, self.store)
            except Exception as exc:  # noqa: BLE001 - the database may be away for a moment
                log.error("webhook: sweep failed (%s)", type(exc).__name__)
            await asyncio.sleep(SWEEP_EVERY_S)

    async def stop(self, timeout: float | None = None) -> None:
        """Finish the updates being processed (up to the turn timeout); chats still waiting for
        their turn let go at once, and what they would have done stays stored."""
        self.stopping = True
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        waiting = [t for k, t in self._active.items() if k not in self._busy and not t.done()]
        for task in waiting:
            task.cancel()  # nothing claimed yet: safe to let go
        tasks = [t for k, t in self._active.items() if k in self._busy and not t.done()]
        if tasks:
            log.info("webhook: stopping; finishing %d update(s) being processed", len(tasks))
            done, pending = await asyncio.wait(tasks, timeout=timeout or self.turn_timeout)
            for task in pending:
                task.cancel()
            if pending:  # their updates are released for the next turn (_drain_held)
                await asyncio.wait(pending, timeout=5)
            if pending:
                log.warning("webhook: %d turn(s) did not finish in %.0f s; their updates stay stored",
                            len(pending), timeout or self.turn_timeout)
        self._receiving.shutdown(wait=False)


async def _stop(task: asyncio.Task) -> None:
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


def _where(task: asyncio.Task) -> str:
    """Where a task is waiting: code locations only (file:line function), outermost first,
    following the chain of awaited coroutines (a task's own stack shows only its outer frame)."""
    frames, coro = [], task.get_coro()
    while coro is not None and len(frames) < 40:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None) or getattr(coro, "ag_frame", None)
        if frame is None:
            break
        frames.append(f"{frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_lineno} {frame.f_code.co_name}")
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None) or getattr(coro, "ag_await", None)
    return " > ".join(frames) or "?"
