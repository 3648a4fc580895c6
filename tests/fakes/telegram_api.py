"""A fake Telegram Bot API server of our own, on loopback, for python-telegram-bot 22.

Runs Starlette under uvicorn in a thread on 127.0.0.1:<free port>. The bot under test gets
``INTAKE_TELEGRAM_BASE_URL=fake.base_url``; python-telegram-bot then calls
``{base}/bot<token>/<method>``. What real Telegram does and we copy: ``date`` in seconds,
``is_bot`` on every user, ``bot_command`` entities on commands, getUpdates honouring
``offset`` (confirming earlier updates) and ``timeout`` (long polling), and "message is not
modified" when a keyboard that is already gone is removed again.

The test side is plain Python (thread-safe): ``send_text``, ``press``, ``edit``,
``send_kind``, ``inject`` put updates in; ``sent``, ``calls``, ``wait_for`` and ``exchange``
read what the bot did; ``fail_next`` makes one call fail (e.g. 429 with retry_after).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_ID = 123456
TOKEN = f"{BOT_ID}:TEST"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class Failure:
    method: str
    code: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeTelegram:
    token: str = TOKEN
    username: str = "JeugdintakeTestBot"
    port: int = field(default_factory=_free_port)
    calls: list[Call] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    MIN_GAP = 1.3  # seconds between two exchanges in one chat (see exchange)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._last_exchange: dict[int, float] = {}
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict] = {}  # what the bot sent, by (chat, id)
        self._failures: list[Failure] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # -- running -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_user(self) -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Jeugdintake", "username": self.username}

    def start(self) -> FakeTelegram:
        app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off", ws="none", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="fake-telegram", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake Telegram server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    # -- the Bot API -------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        params = await _read_params(request)
        failure = self._take_failure(method)
        with self._lock:
            call = Call(method, params, time.time())
            self.calls.append(call)
        if failure is not None:
            call.status = failure.code
            body: dict[str, Any] = {"ok": False, "error_code": failure.code, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return JSONResponse(body, status_code=failure.code)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            call.status = 404
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                                status_code=404)
        try:
            result = handler(params) if method != "getUpdates" else await self._api_getUpdates(params)
        except _ApiError as exc:
            call.status = exc.code
            return JSONResponse({"ok": False, "error_code": exc.code, "description": exc.description},
                                status_code=exc.code)
        return JSONResponse({"ok": True, "result": result})

    def _take_failure(self, method: str) -> Failure | None:
        with self._lock:
            for i, f in enumerate(self._failures):
                if f.method == method:
                    return self._failures.pop(i)
        return None

    def _api_getMe(self, p):
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _api_getUpdates(self, p):
        offset = int(p.get("offset") or 0)
        limit = int(p.get("limit") or 100)
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 30)
        while True:
            with self._lock:
                if offset:
                    # An offset confirms every update before it: Telegram forgets them.
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = [u for u in self._updates if u["update_id"] >= offset][:limit]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    def _api_deleteWebhook(self, p):
        self.webhook.clear()
        return True

    def _api_setWebhook(self, p):
        self.webhook.update({"url": p.get("url"), "secret_token": p.get("secret_token")})
        return True

    def _api_getWebhookInfo(self, p):
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _api_setMyCommands(self, p):
        return True

    def _api_sendChatAction(self, p):
        return True

    def _api_answerCallbackQuery(self, p):
        return True

    def _api_leaveChat(self, p):
        return True

    def _api_sendMessage(self, p):
        text = p.get("text") or ""
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        return self._record_sent(p, {"text": text})

    def _api_sendDocument(self, p):
        doc = p.get("document")
        if not isinstance(doc, dict):
            raise _ApiError(400, "Bad Request: there is no document in the request")
        extra = {"document": {"file_id": f"doc-{doc['filename']}", "file_unique_id": "u" + doc["filename"],
                              "file_name": doc["filename"], "file_size": len(doc["content"])},
                 "_content": doc["content"]}
        if p.get("caption"):
            extra["caption"] = p["caption"]
        return self._record_sent(p, extra)

    def _api_editMessageReplyMarkup(self, p):
        key = (int(p["chat_id"]), int(p["message_id"]))
        with self._lock:
            msg = self._messages.get(key)
            if msg is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            new = p.get("reply_markup")
            if not new and "reply_markup" not in msg:
                raise _ApiError(400, "Bad Request: message is not modified: specified new message content "
                                     "and reply markup are exactly the same as a current content and reply "
                                     "markup of the message")
            if new:
                msg["reply_markup"] = new
            else:
                msg.pop("reply_markup", None)
            return _public(msg)

    def _record_sent(self, p, extra: dict) -> dict:
        chat_id = int(p["chat_id"])
        msg = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": self.bot_user,
            **extra,
        }
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        if p.get("parse_mode"):
            msg["_parse_mode"] = p["parse_mode"]
        with self._lock:
            self._messages[(chat_id, msg["message_id"])] = msg
        return _public(msg)

    # -- the test side: put updates in -------------------------------------------------------

    def inject(self, update: dict) -> dict:
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
        return update

    def _message(self, chat_id: int, *, user_id: int | None = None, language: str = "nl",
                 chat_type: str = "private", **fields) -> dict:
        user = {"id": user_id or abs(chat_id), "is_bot": False, "first_name": "Test", "language_code": language}
        chat = _chat(chat_id, chat_type)
        return {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                "from": user, **fields}

    def text_update(self, chat_id: int, text: str, **kw) -> dict:
        """A text message update, not queued (for webhook tests, which POST it themselves)."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": self._message(chat_id, **kw, **fields)}

    def send_text(self, chat_id: int, text: str, **kw) -> dict:
        update = self.text_update(chat_id, text, **kw)
        with self._lock:
            self._updates.append(update)
        return update

    def send_kind(self, chat_id: int, kind: str, **kw) -> dict:
        """A non-text message: voice, photo, sticker, video, document, location or contact."""
        file = {"file_id": f"f-{kind}", "file_unique_id": f"u-{kind}"}
        bodies = {
            "voice": {"voice": {**file, "duration": 3}},
            "photo": {"photo": [{**file, "width": 90, "height": 90}]},
            "sticker": {"sticker": {**file, "type": "regular", "width": 512, "height": 512,
                                    "is_animated": False, "is_video": False, "emoji": "😀"}},
            "video": {"video": {**file, "width": 320, "height": 240, "duration": 5}},
            "document": {"document": {**file, "file_name": "brief.pdf"}},
            "location": {"location": {"latitude": 52.37, "longitude": 4.89}},
            "contact": {"contact": {"phone_number": "+31600000000", "first_name": "Iemand"}},
        }
        return self.inject({"message": self._message(chat_id, **kw, **bodies[kind])})

    def edit(self, original: dict, new_text: str) -> dict:
        msg = dict(original["message"])
        msg.update({"text": new_text, "edit_date": int(time.time())})
        return self.inject({"edited_message": msg})

    def press(self, chat_id: int, message: dict, data: str, user_id: int | None = None) -> dict:
        """Press a button of a message the bot sent (``message`` as returned by ``sent``)."""
        with self._lock:
            current = _public(self._messages[(chat_id, message["message_id"])])
        return self.inject({"callback_query": {
            "id": f"cb-{next(self._callback_ids)}",
            "from": {"id": user_id or abs(chat_id), "is_bot": False, "first_name": "Test", "language_code": "nl"},
            "chat_instance": f"ci-{chat_id}",
            "data": data,
            "message": current,
        }})

    def group_message(self, chat_id: int, text: str, chat_type: str = "group") -> dict:
        return self.inject({"message": self._message(chat_id, user_id=777, chat_type=chat_type, text=text)})

    def fail_next(self, method: str, code: int, description: str, retry_after: int | None = None) -> None:
        with self._lock:
            self._failures.append(Failure(method, code, description, retry_after))

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    # -- the test side: read what the bot did ------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int) -> list[dict]:
        """Messages (text and documents) the bot sent to this chat, oldest first, as now."""
        with self._lock:
            return [dict(m) for (c, _), m in sorted(self._messages.items(), key=lambda kv: kv[0][1]) if c == chat_id]

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def exchange(self, chat_id: int, act, *, min_replies: int = 1, quiet: float = 1.0,
                 timeout: float = 60.0) -> list[dict]:
        """Do ``act()`` (inject something), then return the bot's new messages to this chat
        once at least ``min_replies`` arrived and nothing new came for ``quiet`` seconds."""
        # A person's pace: the bot app allows 8 updates per 10 s per user (FloodLimiter), and a quick
        # machine answers fast enough for a scripted test to go over it. Never faster than 1.3 s apart.
        last = self._last_exchange.get(chat_id)
        if last is not None and time.monotonic() - last < self.MIN_GAP:
            time.sleep(self.MIN_GAP - (time.monotonic() - last))
        self._last_exchange[chat_id] = time.monotonic()
        before = len(self.sent(chat_id))
        act()
        deadline = time.monotonic() + timeout
        last_count, last_change = before, time.monotonic()
        while time.monotonic() < deadline:
            now_sent = self.sent(chat_id)
            if len(now_sent) != last_count:
                last_count, last_change = len(now_sent), time.monotonic()
            if len(now_sent) - before >= min_replies and time.monotonic() - last_change >= quiet:
                return now_sent[before:]
            time.sleep(0.05)
        raise AssertionError(f"chat {chat_id}: expected {min_replies} replies, got {last_count - before}")


class _ApiError(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


def _chat(chat_id: int, chat_type: str | None = None) -> dict:
    chat_type = chat_type or ("private" if chat_id > 0 else "group")
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Test"
    else:
        chat["title"] = "Oudergroep"
    return chat


def _public(msg: dict) -> dict:
    return {k: v for k, v in msg.items() if not k.startswith("_")}


# Parameters python-telegram-bot sends JSON-encoded inside a form field.
_JSON_FIELDS = {"reply_markup", "commands", "allowed_updates", "link_preview_options", "scope",
                "entities", "reply_parameters", "caption_entities"}


async def _read_params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.body()
        return json.loads(body) if body else {}
    form = await request.form()
    params: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            params[key] = {"filename": value.filename, "content": await value.read()}
        elif key in _JSON_FIELDS:
            params[key] = json.loads(value)
        else:
            params[key] = value
    # A document sent as multipart is referenced as "attach://<name>".
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value[len("attach://"):])
    return params


# -- the bot app under test, as a real process ----------------------------------------------


class BotAppProcess:
    """``uvicorn --factory bot.web.app:create_app_from_env`` with Telegram pointed at a fake.

    ``env`` is the whole environment (e.g. ``stack.client_env(...)``, which points
    INTAKE_RASA_URL at the shared stack's Rasa). The log goes to ``log_path``.
    """

    def __init__(self, fake: FakeTelegram, env: dict[str, str], log_path, *, webhook_path: str | None = None,
                 secret: str | None = None):
        self.fake = fake
        self.port = _free_port()
        self.env = dict(env)
        self.env.update({
            "INTAKE_WEB_PORT": str(self.port),
            "INTAKE_TELEGRAM_TOKEN": fake.token,
            "INTAKE_TELEGRAM_BASE_URL": fake.base_url,
            "INTAKE_TELEGRAM_BOT_USERNAME": fake.username,
            "INTAKE_LOG_LEVEL": "INFO",
        })
        if webhook_path is not None:
            self.env["INTAKE_TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{self.port}{webhook_path}"
            if secret:
                self.env["INTAKE_TELEGRAM_WEBHOOK_SECRET"] = secret
        self.webhook = webhook_path is not None
        self.log_path = log_path
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> BotAppProcess:
        import subprocess
        import sys

        import httpx

        ready_method = "setWebhook" if self.webhook else "getUpdates"
        seen = len(self.fake.calls_of(ready_method))
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "bot.web.app:create_app_from_env",
             "--host", "127.0.0.1", "--port", str(self.port), "--ws", "none", "--no-access-log",
             "--log-level", "warning"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot app exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            try:
                healthy = httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                healthy = False
            if healthy and len(self.fake.calls_of(ready_method)) > seen:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"bot app not ready after {timeout} s:\n{self.log()[-3000:]}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 30.0) -> int | None:
        import os
        import signal
        import subprocess

        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait()

    def log(self) -> str:
        try:
            return open(self.log_path, encoding="utf-8", errors="replace").read()
        except FileNotFoundError:
            return ""
