"""Rasa's REST channel: one shared client, and its answers turned into replies."""

from __future__ import annotations

from typing import Any

import httpx

from bot.replies import Button, Reply


class RasaUnavailable(Exception):
    pass


class RasaClient:
    """One shared HTTP client with keep-alive to Rasa's REST channel."""

    def __init__(self, base_url: str, timeout: float = 20.0, client: httpx.AsyncClient | None = None):
        self.base_url = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=3.0),
            limits=httpx.Limits(max_keepalive_connections=64, max_connections=128),
        )

    async def send(self, sender: str, message: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        try:
            resp = await self._client.post(f"{self.base_url}/webhooks/rest/webhook", json=body)
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if resp.status_code != 200:
            raise RasaUnavailable(f"HTTP {resp.status_code}")
        try:
            data = resp.json()
        except ValueError as exc:
            raise RasaUnavailable("invalid JSON") from exc
        if not isinstance(data, list):
            raise RasaUnavailable("unexpected body")
        return data

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
