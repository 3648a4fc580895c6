"""The terminal channel: ``intake chat`` for people and ``intake chat --json`` for programs.

JSON mode reads ``{"user", "text"}`` or ``{"user", "button"}`` lines and writes exactly one
line ``{"user", "replies": [{"text", "buttons": [{"title", "payload"}]}]}`` per input line.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TextIO

from bot import replies as R
from bot.config import Settings
from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_service
from bot.replies import Reply

log = logging.getLogger("bot.terminal")


class TerminalChannel:
    name = "terminal"

    def __init__(self, settings: Settings, service: ConversationService | None = None):
        self.settings = settings
        if service is None:
            from bot.store.db import Store

            self._store = Store(settings)
            self._rasa = RasaClient(settings.rasa_urls, timeout=settings.rasa_timeout)
            service = build_service(settings, self._store, self._rasa)
        else:
            self._store = None
            self._rasa = None
        self.service = service

    async def aclose(self) -> None:
        if self._rasa is not None:
            await self._rasa.aclose()
        if self._store is not None:
            self._store.dispose()

    async def _safe_handle(self, inbound: Inbound) -> list[Reply]:
        try:
            return await self.service.handle(inbound)
        except Exception:
            log.exception("unexpected error in conversation service channel=terminal")
            return [R.unavailable(self.settings.default_language)]

    # -- JSON lines ----------------------------------------------------------------------

    async def handle_json_line(self, line: str) -> dict:
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError:
            return {"user": None, "replies": [], "error": "invalid JSON: expected {\"user\", \"text\"} or {\"user\", \"button\"}"}
        user = data.get("user")
        if not isinstance(user, (str, int)) or str(user) == "":
            return {"user": None, "replies": [], "error": "missing \"user\""}
        user = str(user)
        if isinstance(data.get("button"), str):
            inbound = Inbound(self.name, user, text="", button=data["button"], kind="button")
        elif isinstance(data.get("text"), str):
            inbound = Inbound(self.name, user, text=data["text"], kind=str(data.get("kind") or "text"))
        elif isinstance(data.get("kind"), str):
            inbound = Inbound(self.name, user, text="", kind=data["kind"])
        else:
            return {"user": user, "replies": [], "error": "expected \"text\" or \"button\""}
        replies = await self._safe_handle(inbound)
        return {"user": user, "replies": [r.as_json() for r in replies]}

    async def run_json(self, stdin: TextIO, stdout: TextIO) -> None:
        while True:
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                return
            if not line.strip():
                continue
            out = await self.handle_json_line(line)
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            stdout.flush()

    # -- for people ----------------------------------------------------------------------

    async def run_interactive(self, stdin: TextIO, stdout: TextIO, user: str = "terminal-user") -> None:
        stdout.write("Jeugdintake in de terminal. Typ je bericht; een nummer kiest een knop; Ctrl-D stopt.\n\n")
        stdout.flush()
        buttons: list = []
        first = True
        while True:
            if first:
                text = "/start"
                first = False
            else:
                stdout.write("jij> ")
                stdout.flush()
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    stdout.write("\n")
                    return
                text = line.strip()
                if not text:
                    continue
            if text.isdigit() and buttons and 1 <= int(text) <= len(buttons):
                inbound = Inbound(self.name, user, button=buttons[int(text) - 1].payload, kind="button")
            else:
                inbound = Inbound(self.name, user, text=text)
            replies = await self._safe_handle(inbound)
            buttons = []
            for reply in replies:
                stdout.write(f"bot> {reply.text}\n")
                if reply.document is not None:
                    stdout.write(f"     [bijlage: {reply.document.filename}]\n")
                    if reply.document.mime_type == "text/plain":
                        stdout.write(reply.document.content.decode("utf-8", "replace") + "\n")
                for b in reply.buttons:
                    buttons.append(b)
                    stdout.write(f"     [{len(buttons)}] {b.title}\n")
            stdout.flush()
