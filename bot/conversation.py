"""The channel-agnostic conversation service.

Every inbound message, from every channel, goes through :meth:`ConversationService.handle`:

1. the safety screen (pure Python, never skipped, before any I/O);
2. the message is stored in the transcript (encrypted) before it is processed;
3. it is sent to Rasa over the REST channel and the replies are rendered.

Crisis replies are emitted before anything that can fail or be slow. When Rasa, the action
server or the database is down, a person still gets a kind answer with the help lines.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bot import replies as R
from bot.config import Settings
from bot.replies import Button, Reply
from bot.safety import Verdict, screen, warm_up
from bot.safety.replies import (
    HUISARTSENPOST_CATEGORIES,
    check_in_reply,
    crisis_replies,
    huisartsenpost_reply,
)

log = logging.getLogger("bot.conversation")

# Rasa gets at most this much of one message; the transcript keeps everything.
MAX_NLU_CHARS = 2000
_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or digit in any script
_START_RE = re.compile(r"^/start(?:@\w+)?(?:\s+([A-Za-z0-9_-]{1,32}))?\s*$")
_LANGUAGE_PAYLOAD_RE = re.compile(r'^/set_language\{"language":\s*"(\w+)"\}$')
_STOP_RE = re.compile(r"^/stop(?:@\w+)?\s*$")

Emit = Callable[[Reply], Awaitable[None]]


@dataclass(frozen=True)
class Inbound:
    channel: str
    external_id: str
    text: str = ""
    button: str | None = None  # a button payload, e.g. '/inform_role{"role":"ouder"}'
    kind: str = "text"  # text | button | sticker | voice | photo | ...
    language: str | None = None  # a hint from the channel (Telegram's language_code)


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

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        try:
            resp = await self._client.post(
                f"{self.base_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
            )
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


class AlertSink:
    """Where staff alerts go. Carries a reference and a category, never message text."""

    async def crisis(self, *, reference: str, category: str) -> None:
        log.warning("staff alert: crisis reference=%s category=%s (no staff chat configured)", reference, category)


def rasa_to_replies(messages: list[dict[str, Any]]) -> tuple[list[Reply], list[dict[str, Any]]]:
    """Turn Rasa REST output into replies; custom payloads are returned separately."""
    out: list[Reply] = []
    customs: list[dict[str, Any]] = []
    for m in messages:
        if "custom" in m and isinstance(m["custom"], dict):
            if "ics" in m["custom"]:
                # A calendar file from the booking actions: attach it to the reply before it.
                from bot.booking.ics import document_from_custom

                document = document_from_custom(m["custom"])
                if document is not None:
                    prev = out.pop() if out else Reply("")
                    out.append(Reply(prev.text, prev.buttons, document, prev.kind))
                    continue
            customs.append(m["custom"])
            continue
        text = m.get("text") or ""
        buttons = tuple(
            Button(str(b.get("title", "")), str(b.get("payload", "")))
            for b in m.get("buttons") or []
            if isinstance(b, dict)
        )
        if not text and buttons and out:
            # Buttons without text belong to the text before them.
            prev = out.pop()
            out.append(Reply(prev.text, prev.buttons + buttons))
        elif text or buttons:
            out.append(Reply(text, buttons))
    return out, customs


class ConversationService:
    def __init__(self, settings: Settings, store, rasa: RasaClient, alerts: AlertSink | None = None):
        self.settings = settings
        self.store = store
        self.rasa = rasa
        self.alerts = alerts or AlertSink()
        warm_up()  # compile the safety lexicon now: the first crisis message must not wait for it

    async def handle(self, inbound: Inbound) -> list[Reply]:
        collected: list[Reply] = []

        async def emit(reply: Reply) -> None:
            collected.append(reply)

        await self.handle_stream(inbound, emit)
        return collected

    async def handle_stream(self, inbound: Inbound, emit: Emit) -> None:
        state: dict = {}
        try:
            await self._handle(inbound, emit, state)
        finally:
            await self._flush_outbound(state.get("conv"))

    async def _handle(self, inbound: Inbound, emit: Emit, state: dict) -> None:
        started = time.perf_counter()
        language = self.settings.default_language
        text = inbound.button if inbound.button is not None else (inbound.text or "")

        # 1. Safety first: pure, synchronous, before any I/O.
        verdict = screen(text) if inbound.button is None and inbound.kind == "text" else Verdict(crisis=False)
        first_replies: list[Reply] = []
        if verdict.crisis:
            first_replies = crisis_replies(verdict.category, language)
            for reply in first_replies:
                await emit(reply)

        # 2. Store the inbound message before processing it.
        conv = None
        try:
            conv = await asyncio.to_thread(self._store_inbound, inbound, text, verdict)
            state["conv"] = conv
            language = conv["language"]
        except Exception as exc:  # the database is down or broken
            log.error("database unavailable while storing inbound channel=%s error=%s", inbound.channel, type(exc).__name__)

        if verdict.crisis:
            if conv is not None:
                for reply in first_replies:
                    await self._store_quietly(conv, reply)
                hap = conv.get("huisartsenpost")
                if hap and verdict.category in HUISARTSENPOST_CATEGORIES:
                    extra = huisartsenpost_reply(language, name=hap[0], phone=hap[1])
                    if extra is not None:
                        await self._emit_and_store(conv, extra, emit)
                await self._alert(conv, verdict.category)
            else:
                await self.alerts.crisis(reference="(onbekend: database onbereikbaar)", category=verdict.category)
            # Rasa learns about it so the dialogue (and a handover) can follow up.
            if conv is not None:
                payload = "/crisis" + json.dumps({"crisis_category": verdict.category, "crisis_source": "screen"})
                await self._to_rasa(conv, payload, language, emit, quiet_errors=True)
            self._log_done(inbound, "crisis", started, verdict)
            return

        if conv is None:
            await emit(R.unavailable(language))
            self._log_done(inbound, "db_down", started, verdict)
            return

        if inbound.kind not in ("text", "button"):
            await self._emit_and_store(conv, R.please_type(language), emit)
            self._log_done(inbound, "non_text", started, verdict)
            return

        if not text.strip():
            await self._emit_and_store(conv, R.did_not_understand(language), emit)
            return

        if verdict.check_in:
            await self._emit_and_store(conv, check_in_reply(language), emit)

        message = await self._translate_commands(conv, text, language, emit)
        if message is None:
            self._log_done(inbound, "command", started, verdict)
            return
        await self._to_rasa(conv, message, conv["language"], emit)
        self._log_done(inbound, "rasa", started, verdict)

    # -- helpers -------------------------------------------------------------------------

    async def _translate_commands(self, conv: dict, text: str, language: str, emit: Emit) -> str | None:
        """Channel commands that the bot process handles itself; returns what Rasa should get."""
        stripped = text.strip()
        if _STOP_RE.match(stripped):
            await asyncio.to_thread(self._reset, conv)
            await self._emit_and_store(conv, R.conversation_reset(language), emit)
            return None
        start = _START_RE.match(stripped)
        if start:
            code = start.group(1)
            entities: dict[str, str] = {}
            if code:
                practice = await asyncio.to_thread(self._select_practice, conv, code)
                if practice is None:
                    await self._emit_and_store(conv, R.unknown_practice(language, code), emit)
                else:
                    entities = practice
            return "/start" + (json.dumps(entities) if entities else "")
        lang = _LANGUAGE_PAYLOAD_RE.match(stripped)
        if lang:
            await asyncio.to_thread(self._set_language, conv, lang.group(1))
            conv["language"] = lang.group(1)
            return stripped
        if stripped.startswith("/") and not stripped.startswith(("/start", "/inform", "/affirm", "/deny", "/set_", "/choose", "/faq", "/help", "/privacy", "/taal", "/book", "/slot", "/more", "/cancel", "/reschedule", "/afspraak", "/crisis", "/request_", "/ask_")):
            # Unknown slash command: do not let it become an arbitrary intent.
            return stripped.lstrip("/")
        if not _HAS_WORD_RE.search(stripped):
            # Only emoji or punctuation: no words to understand, and a trained model can be
            # confidently wrong on them. Rasa's nlu_fallback rule asks a clarifying question.
            return "/nlu_fallback"
        return stripped[:MAX_NLU_CHARS]

    async def _to_rasa(self, conv: dict, message: str, language: str, emit: Emit, quiet_errors: bool = False) -> None:
        try:
            raw = await self.rasa.send(conv["sender_id"], message)
        except RasaUnavailable as exc:
            log.error("rasa unavailable conversation=%s error=%s", conv["reference"], exc)
            if not quiet_errors:
                await emit(R.unavailable(language))
            return
        out, customs = rasa_to_replies(raw)
        for custom in customs:
            if custom.get("crisis"):
                # Rasa's crisis intent: the second net behind the screen.
                category = custom.get("category") or "suicide"
                for reply in crisis_replies(category, language):
                    await self._emit_and_store(conv, reply, emit)
                await self._alert(conv, category, source="rasa")
            if custom.get("error"):
                out.append(R.unavailable(language))
        if not out and not customs and not quiet_errors:
            # Rasa answered with nothing: the action server is probably down.
            out.append(R.unavailable(language))
        for reply in out:
            await self._emit_and_store(conv, reply, emit)

    async def _emit_and_store(self, conv: dict, reply: Reply, emit: Emit) -> None:
        await emit(reply)
        await self._store_quietly(conv, reply)

    async def _store_quietly(self, conv: dict, reply: Reply) -> None:
        # Outbound lines are written in one transaction at the end of the turn (_flush_outbound):
        # the person gets each reply as soon as it exists, the database sees one commit.
        conv.setdefault("_pending", []).append(reply)

    async def _flush_outbound(self, conv: dict | None) -> None:
        if not conv or not conv.get("_pending"):
            return
        pending, conv["_pending"] = conv["_pending"], []
        try:
            await asyncio.to_thread(self._store_outbound, conv, pending)
        except Exception as exc:
            log.error("could not store outbound conversation=%s error=%s", conv["reference"], type(exc).__name__)

    async def _alert(self, conv: dict, category: str, source: str = "screen") -> None:
        try:
            await asyncio.to_thread(self._record_crisis, conv, category, source)
        except Exception as exc:
            log.error("could not record crisis conversation=%s error=%s", conv["reference"], type(exc).__name__)
        try:
            await self.alerts.crisis(reference=conv["reference"], category=category)
        except Exception as exc:
            log.error("staff alert failed conversation=%s error=%s", conv["reference"], type(exc).__name__)

    def _log_done(self, inbound: Inbound, route: str, started: float, verdict: Verdict) -> None:
        log.info(
            "handled channel=%s kind=%s route=%s crisis=%s rule=%s ms=%.1f",
            inbound.channel, inbound.kind, route, verdict.category or "-", verdict.rule or "-",
            (time.perf_counter() - started) * 1000,
        )

    # -- synchronous database work (run in a thread) ---------------------------------------

    def _store_inbound(self, inbound: Inbound, text: str, verdict: Verdict) -> dict:
        from bot.store import repo

        with self.store.session() as s:
            conv = repo.get_or_create_conversation(
                s, channel=inbound.channel, external_id=inbound.external_id,
                language=self.settings.default_language,
            )
            body = text if inbound.kind in ("text", "button") else f"[{inbound.kind}]"
            repo.add_message(
                s, conversation=conv, cipher=self.store.cipher, direction="in",
                text=body, kind=inbound.kind if inbound.button is None else "button",
            )
            # Only a crisis reply needs the practice (its huisartsenpost): no extra query otherwise.
            practice = conv.practice if verdict.crisis and conv.practice_id is not None else None
            return {"id": conv.id, "reference": conv.reference, "sender_id": conv.sender_id,
                    "language": conv.language,
                    # For the crisis reply: the practice's own huisartsenpost (issue 4).
                    "huisartsenpost": (practice.huisartsenpost_name, practice.huisartsenpost_phone)
                    if practice is not None else None}

    def _store_outbound(self, conv: dict, replies: list[Reply]) -> None:
        from bot.store import repo
        from bot.store.models import Conversation

        with self.store.session() as s:
            c = s.get(Conversation, conv["id"])
            for reply in replies:
                text = reply.text
                if reply.buttons:
                    text += "\n" + " | ".join(f"[{b.title}]" for b in reply.buttons)
                repo.add_message(s, conversation=c, cipher=self.store.cipher, direction="out", text=text, kind=reply.kind)

    def _record_crisis(self, conv: dict, category: str, source: str) -> None:
        from bot.store import repo
        from bot.store.models import Conversation

        with self.store.session() as s:
            c = s.get(Conversation, conv["id"])
            repo.record_crisis(s, conversation=c, category=category, source=source)
            repo.queue_staff_alert(s, conversation=c, kind="crisis",
                                   text=f"Crisis-signaal in gesprek {c.reference} (categorie: {category}).")
        # The handover becomes "crisis" (a new one if none is open); its own transaction, so a
        # failure here never loses the crisis event above.
        from bot.intake.handover import upgrade_to_crisis

        with self.store.session() as s:
            upgrade_to_crisis(s, conv["id"], category, cipher=self.store.cipher)

    def _reset(self, conv: dict) -> None:
        from bot.store import repo
        from bot.store.models import Conversation

        with self.store.session() as s:
            c = s.get(Conversation, conv["id"])
            repo.reset_conversation(s, c)
            conv["sender_id"] = c.sender_id

    def _select_practice(self, conv: dict, code: str) -> dict | None:
        from bot.store import repo
        from bot.store.models import Conversation

        with self.store.session() as s:
            practice = repo.practice_by_code(s, code=code)
            if practice is None:
                return None
            c = s.get(Conversation, conv["id"])
            c.practice_id = practice.id
            return {"practice_code": practice.code, "practice_name": practice.name,
                    "worker_title": practice.worker_title}

    def _set_language(self, conv: dict, language: str) -> None:
        from bot.i18n import normalise_language
        from bot.store.models import Conversation

        with self.store.session() as s:
            c = s.get(Conversation, conv["id"])
            c.language = normalise_language(language)
