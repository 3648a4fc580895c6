"""Rasa's REST channel: one shared client, and its answers turned into replies."""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from typing import Any

import httpx

from bot.replies import Button, Reply


class RasaUnavailable(Exception):
    """No answer from Rasa. ``reached``: the message got to a server, which may have taken it
    (a timeout, a dropped connection, an error status) — unlike a refused connection.
    ``failure`` is "http" when a server answered with an error status or a body that is not a
    list of messages (it is up, but failed on this conversation), "down" otherwise."""

    def __init__(self, *args, reached: bool = True, failure: str = "down"):
        super().__init__(*args)
        self.reached = reached
        self.failure = failure
        self.turn_id: str | None = None  # the id sent along in the message's metadata
        self.quiet = False  # Rasa only had to be told (a crisis): the person needs no "één moment"


# A server that refused a connection is tried last for this long.
DOWN_FOR_S = 5.0


class RasaClient:
    """One shared HTTP client with keep-alive to Rasa's REST channel.

    With several Rasa servers (they share the tracker store and Redis lock store), each
    conversation goes to one of them by a hash of its sender id, so its turns usually meet a
    warm server; when that server refuses the connection (stopped, restarting), the next one
    gets the message. A request that reached a server and then failed is not sent elsewhere:
    Rasa may have taken it, and a second server would take it twice.
    """

    def __init__(self, base_url: str | Sequence[str], timeout: float = 20.0, client: httpx.AsyncClient | None = None):
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.base_urls = [u.rstrip("/") for u in urls]
        self.base_url = self.base_urls[0]
        self._down_until = [0.0] * len(self.base_urls)
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=3.0),
            limits=httpx.Limits(max_keepalive_connections=64, max_connections=128),
        )

    def _order(self, sender: str) -> list[int]:
        n = len(self.base_urls)
        first = zlib.crc32(sender.encode()) % n if n > 1 else 0
        order = [(first + i) % n for i in range(n)]
        now = time.monotonic()
        return sorted(order, key=lambda i: self._down_until[i] > now)  # stable: up ones first

    async def send(self, sender: str, message: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        resp = None
        for i in self._order(sender):
            try:
                resp = await self._client.post(f"{self.base_urls[i]}/webhooks/rest/webhook", json=body)
                break
            except httpx.ConnectError as exc:  # never reached that server: the next one may answer
                self._down_until[i] = time.monotonic() + DOWN_FOR_S
                last: Exception = exc
            except httpx.HTTPError as exc:
                raise RasaUnavailable(type(exc).__name__) from exc
        if resp is None:
            raise RasaUnavailable(type(last).__name__, reached=False) from last
        if resp.status_code != 200:
            raise RasaUnavailable(f"HTTP {resp.status_code}", failure="http")
        try:
            data = resp.json()
        except ValueError as exc:
            raise RasaUnavailable("invalid JSON", failure="http") from exc
        if not isinstance(data, list):
            raise RasaUnavailable("unexpected body", failure="http")
        return data

    async def healthy(self) -> bool:
        """True when at least one Rasa server answers."""
        for url in self.base_urls:
            try:
                if (await self._client.get(f"{url}/", timeout=2.0)).status_code == 200:
                    return True
            except httpx.HTTPError:
                continue
        return False

    async def aclose(self) -> None:
        await self._client.aclose()


def rasa_to_replies(messages: list[dict[str, Any]]) -> list[Reply | dict[str, Any]]:
    """Rasa REST output as replies, in order; custom payloads stay dicts in their place.

    The order matters to the custom-payload handlers: a calendar file belongs to the reply
    just before it.
    """
    out: list[Reply | dict[str, Any]] = []
    for m in messages:
        if isinstance(m.get("custom"), dict):
            out.append(m["custom"])
            continue
        text = m.get("text") or ""
        buttons = tuple(
            Button(str(b.get("title", "")), str(b.get("payload", "")))
            for b in m.get("buttons") or []
            if isinstance(b, dict)
        )
        if not text and buttons and out and isinstance(out[-1], Reply):
            # Buttons without text belong to the text before them.
            prev = out.pop()
            out.append(Reply(prev.text, prev.buttons + buttons, prev.document, prev.kind, prev.meta))
        elif text or buttons:
            out.append(Reply(text, buttons))
    return out
