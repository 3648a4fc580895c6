"""Rasa's HTTP API for one conversation: read its state, put it back on its feet.

Used when something went wrong in a conversation (bot.dialogue.recovery), when the repeat guard
needs to know which question is open, and to ask the model what it makes of a worry typed at
"Voor wie schrijf je?" (bot.intake.conversation); a parse changes no conversation.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger("bot.dialogue.rasa_admin")

# Slots that belong to one step in progress, not to what the person told us: they are not
# carried over when a conversation's dialogue state is reset.
TRANSIENT_SLOTS = frozenset({
    "requested_slot", "chosen_slot", "appointment_type", "cancel_confirm", "offered_slots",
    "slots_more", "slots_after", "booking_mode", "session_started_metadata",
})


class RasaAdmin:
    def __init__(self, base_url: str, token: str | None, *, action_health_url: str | None = None,
                 client: httpx.AsyncClient | None = None, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.action_health_url = action_health_url
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=3.0))

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def _params(self, **extra: str) -> dict[str, str]:
        return {"token": self.token or "", **extra}

    async def healthy(self) -> bool:
        """Rasa answers, and so does the action server (when we know where it is)."""
        urls = [f"{self.base_url}/"] + ([self.action_health_url] if self.action_health_url else [])
        for url in urls:
            try:
                if (await self._client.get(url, timeout=3.0)).status_code != 200:
                    return False
            except httpx.HTTPError:
                return False
        return True

    async def _request(self, method: str, path: str, what: str, **kwargs: Any) -> httpx.Response | None:
        """One call to Rasa's HTTP API: the response when Rasa answered 200, else None.

        Failures are logged by kind (``what``) and status or error class only, never with the
        message text or the conversation's content.
        """
        if not self.enabled:
            return None
        try:
            resp = await self._client.request(method, f"{self.base_url}{path}", **kwargs)
        except httpx.HTTPError as exc:
            log.warning("rasa %s unavailable error=%s", what, type(exc).__name__)
            return None
        if resp.status_code != 200:
            log.warning("rasa %s refused status=%s", what, resp.status_code)
            return None
        return resp

    async def tracker(self, sender_id: str) -> dict[str, Any] | None:
        resp = await self._request("GET", f"/conversations/{sender_id}/tracker", "tracker",
                                   params=self._params(include_events="NONE"))
        data = resp.json() if resp is not None else None
        return data if isinstance(data, dict) else None

    async def reset(self, sender_id: str, keep: dict[str, Any]) -> bool:
        """Restart this conversation's dialogue and set the kept slots again.

        A restart clears the stuck state (an open form, a prediction loop that tripped the
        circuit breaker); the slots carry what the person already told us; ``action_listen``
        makes the tracker wait for the next message.
        """
        events = [{"event": "restart"}]
        events += [{"event": "slot", "name": k, "value": v} for k, v in keep.items()]
        events.append({"event": "action", "name": "action_listen"})
        resp = await self._request("POST", f"/conversations/{sender_id}/tracker/events", "reset",
                                   params=self._params(include_events="NONE"), json=events)
        return resp is not None

    async def intent(self, text: str) -> str | None:
        """The intent the model gives ``text`` (``nlu_fallback`` when it is unsure), without
        touching any conversation; None when Rasa cannot be asked."""
        resp = await self._request("POST", "/model/parse", "parse", params=self._params(), json={"text": text})
        data = resp.json() if resp is not None else None
        return ((data.get("intent") or {}).get("name") or None) if isinstance(data, dict) else None

    async def aclose(self) -> None:
        await self._client.aclose()


def kept_slots(tracker: dict[str, Any] | None, *, minimal: bool = False) -> dict[str, Any]:
    """What the person told us, from a tracker: every slot with a value except the transient ones.

    ``minimal`` keeps only who and where (practice, language, role): used when keeping
    everything did not help.
    """
    slots = (tracker or {}).get("slots") or {}
    if minimal:
        names = ("practice_code", "practice_name", "worker_title", "language", "role", "handover_id")
        return {k: slots[k] for k in names if slots.get(k) is not None}
    return {k: v for k, v in slots.items() if v is not None and k not in TRANSIENT_SLOTS}
