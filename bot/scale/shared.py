"""State the bot app instances share: per-chat turns, flood limits, button presses, long payloads.

One instance (no INTAKE_REDIS_URL): :class:`MemoryState`, all of it in this process, as before.
Several instances (INTAKE_REDIS_URL): :class:`RedisState`, the same four things in Redis, so a
person's messages are handled one at a time and in order whichever instance Telegram reaches,
a flood is counted once, and a button pressed twice counts once.

Redis being away must never silence the bot (the crisis help lines do not need it): every
Redis call has a short timeout, and on an error the flood limit, the double-press guard and the
payloads fall back to the instance's own memory for that call (logged once per minute at most).
A chat's turn never does: a turn that does not exclude the other instances would let two of
them work on one chat at once. Without Redis a turn is retried until the caller's wait is over,
and the caller leaves the stored update for later. Keys hold keyed hashes, never a chat id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator

from redis.exceptions import LockNotOwnedError

from bot.channels.telegram_format import FloodLimiter, PressedMessages

log = logging.getLogger("bot.scale.shared")

PREFIX = "intake:"
# A chat's turn is held at most this long without renewal (a dead instance's turn frees itself).
TURN_LEASE_S = 30.0
RENEW_EVERY_S = 10.0
# Between tries when Redis fails while a turn is taken or renewed.
TURN_RETRY_S = 0.5
PRESS_TTL_S = 14 * 24 * 3600
CALLBACK_TTL_S = 30 * 24 * 3600


class TurnLost(Exception):
    """A chat's turn ran out while it was held (Redis away, or this instance stalled past the
    lease): another instance may hold it now, so the work inside was stopped."""


class MemoryState:
    """One instance: everything in this process."""

    shared = False

    def __init__(self, flood: FloodLimiter | None = None):
        self.flood = flood or FloodLimiter()
        self._pressed = PressedMessages()
        self._firsts: dict[str, float] = {}
        self._payloads: dict[str, str] = {}
        self._locks: dict[str, list] = {}

    async def flood_hit(self, user_key: str) -> str:
        return self.flood.hit(user_key)

    async def first(self, key: str, ttl_s: float) -> bool:
        """True the first time ``key`` is seen within ``ttl_s`` seconds."""
        now = time.monotonic()
        seen = self._firsts.get(key)
        if seen is not None and now - seen < ttl_s:
            return False
        self._firsts[key] = now
        if len(self._firsts) > 100_000:
            self._firsts = {k: v for k, v in self._firsts.items() if now - v < ttl_s}
        return True

    async def put_payload(self, short_id: str, payload: str) -> None:
        self._payloads[short_id] = payload
        while len(self._payloads) > 20_000:
            self._payloads.pop(next(iter(self._payloads)))

    async def get_payload(self, short_id: str) -> str | None:
        return self._payloads.get(short_id)

    @contextlib.asynccontextmanager
    async def chat_turn(self, chat_key: str, *, wait_s: float | None = None) -> AsyncIterator[bool]:
        """Hold this chat's turn; yields False when it could not be had within ``wait_s``."""
        entry = self._locks.get(chat_key)
        if entry is None:
            entry = self._locks[chat_key] = [asyncio.Lock(), 0]
        entry[1] += 1
        got = False
        try:
            if wait_s is None:
                await entry[0].acquire()
                got = True
            elif wait_s <= 0:
                if not entry[0].locked():
                    got = await entry[0].acquire()  # free: taken without waiting
            else:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(entry[0].acquire(), wait_s)
                    got = True
            yield got
        finally:
            if got:
                entry[0].release()
            entry[1] -= 1
            if entry[1] == 0:
                self._locks.pop(chat_key, None)

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        return None


class RedisState(MemoryState):
    """Several instances: the same operations in Redis (redis-py's asyncio client)."""

    shared = True

    def __init__(self, url: str, *, flood: FloodLimiter | None = None, client=None):
        super().__init__(flood)
        import redis.asyncio as aioredis

        self.redis = client or aioredis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0,
                                                 health_check_interval=30)
        self._last_error_log = 0.0
        # Written into the turn's lock value, so a chat's turn can be traced to its holder.
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self._not_had_logged: dict[str, float] = {}

    def _failed(self, what: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_error_log > 60:
            self._last_error_log = now
            log.error("redis unavailable during %s (%s); this instance uses its own memory meanwhile",
                      what, type(exc).__name__)

    async def flood_hit(self, user_key: str) -> str:
        limit, window = self.flood.limit, self.flood.window
        key = f"{PREFIX}flood:{user_key}"
        now = time.time()
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(key, 0, now - window)
                pipe.zadd(key, {uuid.uuid4().hex: now})
                pipe.zcard(key)
                pipe.expire(key, int(window) + 1)
                count = (await pipe.execute())[2]
            if count <= limit:
                await self.redis.delete(f"{key}:told")
                return "ok"
            told = await self.redis.set(f"{key}:told", "1", nx=True, ex=int(window))
            return "notify" if told else "drop"
        except Exception as exc:  # noqa: BLE001 - see the module docstring
            self._failed("flood check", exc)
            return await super().flood_hit(user_key)

    async def first(self, key: str, ttl_s: float) -> bool:
        try:
            return bool(await self.redis.set(f"{PREFIX}first:{key}", "1", nx=True, ex=max(1, int(ttl_s))))
        except Exception as exc:  # noqa: BLE001
            self._failed("first-time check", exc)
            return await super().first(key, ttl_s)

    async def put_payload(self, short_id: str, payload: str) -> None:
        await super().put_payload(short_id, payload)
        try:
            await self.redis.set(f"{PREFIX}payload:{short_id}", payload, ex=CALLBACK_TTL_S)
        except Exception as exc:  # noqa: BLE001
            self._failed("storing a button payload", exc)

    async def get_payload(self, short_id: str) -> str | None:
        try:
            value = await self.redis.get(f"{PREFIX}payload:{short_id}")
        except Exception as exc:  # noqa: BLE001
            self._failed("reading a button payload", exc)
            return await super().get_payload(short_id)
        return value.decode() if value is not None else None

    @contextlib.asynccontextmanager
    async def chat_turn(self, chat_key: str, *, wait_s: float | None = None) -> AsyncIterator[bool]:
        """Hold the chat's turn across instances; yields False when it could not be had within
        ``wait_s`` (held elsewhere, or Redis away all that time).

        Never this instance's memory instead: a turn that does not exclude the other instances
        is no turn (two instances would work on one chat at once). While Redis is away the
        caller gets False and the work stays stored for whoever gets the turn next.

        The turn is a redis-py Lock with a lease (``TURN_LEASE_S``) renewed while held. When a
        renewal finds the lease gone, or Redis did not answer the renewals for a whole lease
        (another instance may hold the chat now), the work inside is cancelled and
        :class:`TurnLost` is raised in its place.
        """
        name = f"{PREFIX}turn:{chat_key}"
        lock = self.redis.lock(name, timeout=TURN_LEASE_S, sleep=0.05)
        token = f"{self.owner}:{uuid.uuid4().hex[:8]}"
        started = time.monotonic()
        deadline = None if wait_s is None else started + wait_s
        got, errors = False, 0
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                got = bool(await lock.acquire(token=token, blocking_timeout=left))
                break
            except Exception as exc:  # noqa: BLE001 - Redis away or slow: try again, never memory
                errors += 1
                log.error("turn: redis error taking chat=%s (%s), try %d after %.1f s; no turn without redis",
                          chat_key[:10], type(exc).__name__, errors, time.monotonic() - started)
                if await self._set_by_us(lock, name, token):
                    got = True  # the SET reached Redis, its answer did not
                    break
                pause = min(TURN_RETRY_S * errors, 2.0)
                if deadline is not None and time.monotonic() + pause > deadline:
                    break
                await asyncio.sleep(pause)
        if not got:
            if time.monotonic() - self._not_had_logged.get(chat_key, -60.0) >= 30:
                self._not_had_logged[chat_key] = time.monotonic()
                log.info("turn: chat=%s not had within %.1f s; held by %s", chat_key[:10],
                         time.monotonic() - started, await self.holder(chat_key))
            yield False
            return
        held_at = time.monotonic()
        lost = asyncio.Event()
        renew = asyncio.create_task(self._renew(lock, chat_key, held_at, asyncio.current_task(), lost))
        try:
            yield True
        except asyncio.CancelledError:
            if lost.is_set():
                raise TurnLost(f"chat turn lost after {time.monotonic() - held_at:.0f} s") from None
            raise
        finally:
            renew.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renew
            try:
                await lock.release()
            except LockNotOwnedError:
                pass  # the lease had run out (logged by the renewal)
            except Exception as exc:  # noqa: BLE001 - it expires by itself
                log.error("turn: chat=%s held %.1f s could not be released (%s)", chat_key[:10],
                          time.monotonic() - held_at, type(exc).__name__)

    async def _set_by_us(self, lock, name: str, token: str) -> bool:
        """After a failed SET: did it reach Redis after all (the key holds our token)?"""
        try:
            value = await self.redis.get(name)
        except Exception:  # noqa: BLE001
            return False
        if value is not None and value == token.encode():
            lock.local.token = value
            return True
        return False

    async def holder(self, chat_key: str) -> str:
        """Who holds a chat's turn (its instance id) and for how long more, for the logs."""
        try:
            value = await self.redis.get(f"{PREFIX}turn:{chat_key}")
            ttl = await self.redis.pttl(f"{PREFIX}turn:{chat_key}")
        except Exception as exc:  # noqa: BLE001
            return f"unknown ({type(exc).__name__})"
        if value is None:
            return "nobody now"
        return f"{value.decode(errors='replace').rsplit(':', 1)[0]} (lease {ttl / 1000:.1f} s left)"

    async def _renew(self, lock, chat_key: str, held_at: float, holder: asyncio.Task | None,
                     lost: asyncio.Event) -> None:
        """Renew the lease while the turn is held; when it cannot be kept, stop the holder."""
        renewed_at, pause = held_at, RENEW_EVERY_S
        while True:
            await asyncio.sleep(pause)
            try:
                await lock.reacquire()
                renewed_at, pause = time.monotonic(), RENEW_EVERY_S
                continue
            except LockNotOwnedError:
                why = "the lease had run out"
            except Exception as exc:  # noqa: BLE001
                # Stop before the lease can run out (another instance could then take the chat).
                if time.monotonic() - renewed_at < TURN_LEASE_S - RENEW_EVERY_S:
                    log.error("turn: chat=%s lease renewal failed (%s) after %.1f s held; trying again",
                              chat_key[:10], type(exc).__name__, time.monotonic() - held_at)
                    pause = 4 * TURN_RETRY_S
                    continue
                why = f"redis did not answer for {time.monotonic() - renewed_at:.0f} s ({type(exc).__name__})"
            log.error("turn: chat=%s lost after %.1f s held: %s; the work in it stops", chat_key[:10],
                      time.monotonic() - held_at, why)
            lost.set()
            if holder is not None:
                holder.cancel()
            return

    async def ping(self) -> bool:
        try:
            return bool(await self.redis.ping())
        except Exception:  # noqa: BLE001
            return False

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self.redis.close()


def shared_state(settings, flood: FloodLimiter | None = None) -> MemoryState:
    if settings.redis_url:
        return RedisState(settings.redis_url, flood=flood)
    return MemoryState(flood)
