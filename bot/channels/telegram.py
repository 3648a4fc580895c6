"""The Telegram channel: a python-telegram-bot Application inside the bot app.

Usage (nothing to call by hand): with INTAKE_TELEGRAM_TOKEN set, ``bot.web.app`` asks
``bot.channels.telegram_app.mount`` for a lifespan, which is :func:`build_lifespan` here.

- Long polling (the default): the Updater runs inside the ASGI lifespan.
- Webhook (INTAKE_TELEGRAM_WEBHOOK_URL set): setWebhook with a secret token, and a route on
  the bot app that checks Telegram's secret-token header, stores the update in the database and
  then answers 200; :mod:`bot.scale.webhook` processes stored updates once, in order per chat,
  on whichever instance holds the chat's turn. With INTAKE_REDIS_URL (several instances) the
  per-chat turn, flood limit and double-press guard live in Redis (:mod:`bot.scale.shared`).

The handlers are thin: they turn an update into a :class:`bot.conversation.Inbound`, call
the one ConversationService of this process and send its replies. See docs/telegram.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
import traceback
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import (
    BotCommand,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import replies as R
from bot.channels.telegram_format import (
    CallbackStore,
    FloodLimiter,
    keyboard,
    split_text,
    strip_bot_mention,
)
from bot.config import Settings
from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_service
from bot.i18n import _
from bot.replies import Reply, t
from bot.safety import screen
from bot.safety.language import card_language
from bot.safety.replies import card_before_turn
from bot.scale.shared import PRESS_TTL_S, MemoryState, shared_state
from bot.scale.webhook import CARD_SENT

log = logging.getLogger("bot.telegram")

CHANNEL = "telegram"
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TYPING_EVERY_S = 4.5  # Telegram shows "typing…" for about 5 s per sendChatAction

PRIVATE_ONLY = _(
    "Hoi! Ik werk alleen in een privégesprek, niet in een groep of kanaal. "
    "Stuur me een persoonlijk bericht als je iets wilt vragen. Ik verlaat deze groep nu."
)
STALE_PRESS = _("Die knop werkt niet meer. Kies een knop bij mijn laatste bericht, of typ gewoon je antwoord.")
FLOOD = _("Je stuurt veel berichten tegelijk. Wacht even, dan lees ik weer mee. Stuur daarna gerust je vraag.")
EDITED = _(
    "Je hebt een bericht aangepast. Ik lees alleen nieuwe berichten. "
    "Wil je iets veranderen? Stuur het dan als nieuw bericht."
)

# Message kinds we name in the transcript; anything else with an attachment is "other".
_KINDS = ("voice", "audio", "video_note", "video", "animation", "sticker", "photo", "document",
          "venue", "location", "contact", "poll", "dice")


def message_kind(message: Message) -> str:
    for kind in _KINDS:
        if getattr(message, kind, None):
            return kind
    return "other"


class TelegramChannel:
    """State shared by the handlers of one Application (one per bot app process)."""

    def __init__(self, settings: Settings, *, flood: FloodLimiter | None = None, store=None,
                 state: MemoryState | None = None):
        self.settings = settings
        self._shared_store = store  # the bot app's Store; None when run on its own
        self.callbacks = CallbackStore()
        # Per-chat turns, flood counts and presses: this process's memory, or Redis when shared.
        self.state = state or shared_state(settings, flood)
        self.durable = None  # webhook mode: bot.scale.webhook.DurableUpdates, made in post_init
        self.stopping = False
        self.webhook_secret = settings.telegram_webhook_secret or secrets.token_urlsafe(32)
        self.service: ConversationService | None = None
        self.alerts = None
        self._store = None
        self._rasa: RasaClient | None = None
        self._left_chats: set[int] = set()
        self.application: Application | None = None
        self.ready = asyncio.Event()
        self._boot_task: asyncio.Task | None = None
        self._alert_task: asyncio.Task | None = None
        self._replay_task: asyncio.Task | None = None
        self._post_init_done = False

    @property
    def language(self) -> str:
        return self.settings.default_language

    # -- building --------------------------------------------------------------------------

    def build(self) -> Application:
        builder = (
            ApplicationBuilder()
            .token(self.settings.telegram_token)
            # Updates of different people run concurrently; one person's stay in order
            # through the per-chat lock in _chat_turn.
            .concurrent_updates(64)
            .rate_limiter(AIORateLimiter(max_retries=3))
            .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
            .post_init(self.post_init)
            .post_shutdown(self.post_shutdown)
        )
        if self.settings.telegram_base_url:
            base = self.settings.telegram_base_url.rstrip("/")
            builder = builder.base_url(f"{base}/bot{{token}}").base_file_url(f"{base}/file/bot{{token}}")
        if self.settings.telegram_webhook_url:
            builder = builder.updater(None)  # updates arrive through our Starlette route
        application = builder.build()
        self.register(application)
        self.application = application
        return application

    def register(self, application: Application) -> None:
        # Group -3 first: nothing may answer inside a group chat, so the private-chat guard
        # must see every update before any other handler.
        application.add_handler(TypeHandler(Update, self.private_only), group=-3)
        # Group -2: the flood limit, before any handler does work for that person.
        application.add_handler(TypeHandler(Update, self.flood_check), group=-2)
        # Group 0, in order: edits before commands and text, because CommandHandler and
        # MessageHandler(filters.TEXT) also match edited messages; commands before free text,
        # because filters.TEXT matches "/help" too.
        application.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        # Every command, built in or registered by a feature, goes to the conversation service.
        application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, self.on_text))
        application.add_handler(CallbackQueryHandler(self.on_press))
        application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.ATTACHMENT, self.on_non_text))
        application.add_error_handler(self.on_error)

    # -- lifecycle -------------------------------------------------------------------------

    async def post_init(self, application: Application) -> None:
        """Open the clients that every handler shares: one Store, one RasaClient, one service."""
        from bot.alerts import build_alert_sink
        from bot.store.db import Store

        self._store = self._shared_store or Store(self.settings)
        self._rasa = RasaClient(self.settings.rasa_urls, timeout=self.settings.rasa_timeout)
        self.alerts = build_alert_sink(self.settings, self._store, application.bot)
        self.service = build_service(self.settings, self._store, self._rasa, alerts=self.alerts)
        if self.settings.telegram_webhook_url:
            from bot.outbox import instance_id
            from bot.scale.webhook import CardWithoutTurn, DurableUpdates

            self.durable = DurableUpdates(self._store, self.state, self._process_stored, owner=instance_id(),
                                          turn_timeout=self.settings.rasa_timeout + 30, gave_up=self._gave_up,
                                          card=CardWithoutTurn(self._card_before_turn, self._send_card))
        self._post_init_done = True

    async def _process_stored(self, data: dict) -> None:
        await self.application.process_update(Update.de_json(data, self.application.bot))

    async def _gave_up(self, data: dict) -> None:
        """An update that passed its deadline: the person hears it did not work (as on_error)."""
        from bot.scale.updates import chat_of

        chat_id = chat_of(data)
        if chat_id is not None and chat_id not in self._left_chats:
            await self.application.bot.send_message(chat_id, R.unavailable(self.language).text)

    def _card_before_turn(self, data: dict) -> list[Reply] | None:
        """The crisis card for a stored update whose chat's turn cannot be had (Redis away): what
        a person wrote in a private chat, screened as the turn would (the same card, in the
        message's language), with a line that the rest follows. None: not a crisis. No I/O."""
        message = data.get("message") or data.get("edited_message")
        if not isinstance(message, dict) or (message.get("chat") or {}).get("type") != ChatType.PRIVATE:
            return None
        # What the handlers read: a new message's text without the bot's @name, else its caption.
        typed = message.get("text")
        text = (strip_bot_mention(typed) if typed and "message" in data else typed) or message.get("caption") or ""
        verdict = screen(text) if text else None
        if verdict is None or not verdict.crisis:
            return None
        return card_before_turn(verdict.category, card_language(text, self.language), verdict.about)

    async def _send_card(self, data: dict, card: list[Reply]) -> None:
        from bot.scale.updates import chat_of

        for reply in card:
            await send_reply(self.application.bot, chat_of(data), reply, self.callbacks, self.state)

    def _key(self, kind: str, value) -> str:
        """A keyed hash for shared-state keys: Redis never sees a chat or user id."""
        return self._store.cipher.lookup_hash(f"telegram-{kind}:{value}")

    async def post_shutdown(self, application: Application) -> None:
        if self._rasa is not None:
            await self._rasa.aclose()
        if self._store is not None and self._store is not self._shared_store:
            self._store.dispose()
        self._post_init_done = False

    async def start(self) -> None:
        self.build()
        # Telegram being unreachable must not stop the staff web and the NLG endpoint, so the
        # connection is made (and retried) in the background.
        self._boot_task = asyncio.create_task(self._boot())

    async def _boot(self) -> None:
        app = self.application
        delay = 1.0
        while True:
            try:
                await app.initialize()  # getMe: checks the token
                break
            except InvalidToken:
                log.error("telegram: the token was refused (InvalidToken); Telegram stays off")
                return
            except (NetworkError, TelegramError) as exc:
                log.warning("telegram: cannot reach the Bot API (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
        # python-telegram-bot calls post_init only from run_polling/run_webhook; we run the
        # Application inside the ASGI lifespan instead, so we call it ourselves.
        await app.post_init(app)
        await self._set_commands(app)
        await app.start()
        if self.settings.telegram_webhook_url:
            await app.bot.set_webhook(
                self.settings.telegram_webhook_url, secret_token=self.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
            self.durable.start()  # also picks up updates stored before this start
        else:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=10)
        log.info("telegram: on (%s: %s; shared state: %s) bot=@%s", self.settings.telegram_mode,
                 self.settings.telegram_mode_reason, "redis" if self.state.shared else "this process",
                 app.bot.username)
        self.ready.set()
        try:
            await self.alerts.deliver_pending()  # alerts queued while we were down
        except Exception as exc:
            log.error("telegram: delivering queued staff alerts failed (%s)", type(exc).__name__)
        if hasattr(self.alerts, "sweep_loop"):
            self._alert_task = asyncio.create_task(self.alerts.sweep_loop())
        self._replay_task = asyncio.create_task(self._replay().run())

    def _replay(self):
        """Messages kept while no Rasa server answered, sent when one does (bot.scale.waiting)."""
        from bot.outbox import instance_id
        from bot.scale.waiting import Replay

        def push(external_id: str):
            async def emit(reply: Reply) -> None:
                await send_reply(self.application.bot, int(external_id), reply, self.callbacks, self.state)
            return emit

        return Replay(self.service, self._store, self.state, owner=instance_id(), push=push,
                      turn_key=lambda external_id: self._key("chat", external_id),
                      deadline=2 * (self.settings.rasa_timeout + 30))

    async def _set_commands(self, app: Application) -> None:
        try:
            # The menu: the core's commands, then those the features registered.
            menu = self.service.commands.menu()
            await app.bot.set_my_commands([BotCommand(c, t("nl", d)) for c, d in menu])
            await app.bot.set_my_commands([BotCommand(c, t("en", d)) for c, d in menu], language_code="en")
        except TelegramError as exc:
            log.warning("telegram: setMyCommands failed (%s); the menu stays as it was", type(exc).__name__)

    async def stop(self) -> None:
        self.stopping = True
        if self.durable is not None:
            await self.durable.stop()
        for task in (self._alert_task, self._replay_task):
            if task is not None:
                task.cancel()
        if self._boot_task is not None and not self._boot_task.done():
            self._boot_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._boot_task
        app = self.application
        if app is None:
            return
        # Reverse order of _boot.
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if self._post_init_done:
            await app.post_shutdown(app)
        with contextlib.suppress(Exception):
            await app.shutdown()
        await self.state.aclose()
        log.info("telegram: stopped")

    # -- webhook ---------------------------------------------------------------------------

    @property
    def webhook_path(self) -> str:
        path = urlsplit(self.settings.telegram_webhook_url or "").path
        return path if path and path != "/" else DEFAULT_WEBHOOK_PATH

    async def webhook(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
            log.warning("telegram webhook: wrong or missing secret token")
            return Response(status_code=403)
        if self.stopping or self.durable is None:
            return Response(status_code=503)  # Telegram (or the load balancer) tries again
        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except Exception:
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        status = await self.durable.receive(data, ready=self.ready.is_set())
        if status == 400:
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        return Response(status_code=status)

    # -- guards (groups -3 and -2) ---------------------------------------------------------

    async def private_only(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        member = update.my_chat_member
        if member is not None:
            joined = member.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR)
            if not joined:
                raise ApplicationHandlerStop  # we were removed: nothing to say
            self._left_chats.discard(chat.id)  # added (again): say it once more
        if chat.id in self._left_chats:
            raise ApplicationHandlerStop
        self._left_chats.add(chat.id)
        log.info("telegram: leaving non-private chat type=%s update_id=%s", chat.type, update.update_id)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(chat.id, t(self.language, PRIVATE_ONLY))
        with contextlib.suppress(TelegramError):
            await context.bot.leave_chat(chat.id)
        raise ApplicationHandlerStop

    async def flood_check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is None or update.my_chat_member is not None:
            return
        verdict = await self.state.flood_hit(self._key("user", user.id))
        if verdict == "ok":
            return
        # Only what the person wrote; a pressed button's message is the bot's own text.
        message = update.message or update.edited_message
        text = (message.text or message.caption or "") if message is not None else ""
        if text and screen(text).crisis:
            return  # never drop a message that needs the help lines
        # Ids of people never go to the log (they would be readable at rest); the update id is enough.
        log.info("telegram: flood limit verdict=%s update_id=%s", verdict, update.update_id)
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        if verdict == "notify" and update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, t(self.language, FLOOD))
        raise ApplicationHandlerStop

    # -- handlers (group 0) ----------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = strip_bot_mention(message.text or "")
        await self._converse(update, context, self._inbound(update, text=text))

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message.caption:
            # A photo with a caption: the caption is read (and screened) like typed text.
            await self._converse(update, context, self._inbound(update, text=message.caption))
            return
        await self._converse(update, context, self._inbound(update, kind=message_kind(message)))

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = message.text or message.caption or ""
        if text and screen(text).crisis:
            # An edit that adds danger is handled as a new message: help lines first.
            await self._converse(update, context, self._inbound(update, text=text))
            return
        await context.bot.send_message(message.chat_id, t(self.language, EDITED))

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()  # always first: the client shows a spinner until it is answered
        message = query.message
        chat_id = message.chat.id if message is not None else query.from_user.id
        payload = self.callbacks.decode(query.data)
        if payload is None and query.data:
            payload = await self.state.get_payload(query.data)  # made by another instance
        stale = payload is None or message is None or not message.is_accessible
        if not stale and not await self.state.first(self._key("press", f"{chat_id}:{message.message_id}"),
                                                    PRESS_TTL_S):
            stale = True
        if not stale:
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    stale = True  # the keyboard was already gone: a double press
                else:
                    log.info("telegram: could not remove keyboard (%s); the press still counts", type(exc).__name__)
        if stale:
            log.info("telegram: stale button press update_id=%s", update.update_id)
            await context.bot.send_message(chat_id, t(self.language, STALE_PRESS))
            return
        await self._converse(update, context, self._inbound(update, button=payload))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        # The traceback frames only: an exception's message could quote what someone wrote.
        frames = "".join(traceback.format_tb(error.__traceback__)) if error is not None else ""
        log.error("telegram: update failed update_id=%s error=%s\n%s", update_id, type(error).__name__, frames)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if update.effective_chat.type != ChatType.PRIVATE:
            return
        try:
            await context.bot.send_message(update.effective_chat.id, R.unavailable(self.language).text)
        except TelegramError as exc:
            log.error("telegram: could not tell the user about the error update_id=%s error=%s", update_id, type(exc).__name__)

    # -- the conversation ------------------------------------------------------------------

    def _inbound(self, update: Update, *, text: str = "", button: str | None = None, kind: str = "text") -> Inbound:
        user = update.effective_user
        return Inbound(
            channel=CHANNEL,
            external_id=str(update.effective_chat.id),
            text=text,
            button=button,
            kind="button" if button is not None else kind,
            language=user.language_code if user else None,
            card_sent=CARD_SENT.get(),
        )

    async def _converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound) -> None:
        if self.service is None:
            raise RuntimeError("telegram channel used before post_init")
        chat_id = update.effective_chat.id
        # One message at a time per chat, so Rasa sees a person's messages in order. In webhook
        # mode the stored update is processed while its chat's turn is held already.
        held = self.durable is not None
        async with contextlib.nullcontext(True) if held else self.state.chat_turn(self._key("chat", chat_id)):
            typing = asyncio.create_task(self._keep_typing(context.bot, chat_id))
            try:
                async def emit(reply: Reply) -> None:
                    await send_reply(context.bot, chat_id, reply, self.callbacks, self.state)

                await self.service.handle_stream(inbound, emit)
            finally:
                typing.cancel()

    async def _keep_typing(self, bot, chat_id: int) -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, "typing")
            except TelegramError as exc:
                log.debug("telegram: sendChatAction failed (%s)", type(exc).__name__)
            await asyncio.sleep(TYPING_EVERY_S)


async def send_reply(bot, chat_id: int, reply: Reply, callbacks: CallbackStore,
                     state: MemoryState | None = None) -> list[Message]:
    """Send one Reply: text split to Telegram's limit, buttons on the last part, then a document.

    Replies are sent as plain text (no parse_mode), so nothing a person typed can turn into
    markup; messages we format ourselves use ``telegram_format.html_message``.
    """
    markup = keyboard(reply.buttons, callbacks)
    if state is not None:
        # A long payload's short id must be known to the instance that gets the press.
        for short, payload in callbacks.take_new():
            await state.put_payload(short, payload)
    sent: list[Message] = []
    parts = split_text(reply.text) if reply.text.strip() else []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent.append(await _again_if_dropped(bot.send_message, chat_id, part, reply_markup=markup if last else None))
    if reply.document is not None:
        doc = reply.document
        sent.append(await _again_if_dropped(
            bot.send_document, chat_id, document=InputFile(doc.content, filename=doc.filename),
            reply_markup=markup if not parts else None,
        ))
    elif not parts and markup is not None:
        sent.append(await _again_if_dropped(bot.send_message, chat_id, "…", reply_markup=markup))
    return sent


SEND_ATTEMPTS = 3


async def _again_if_dropped(call, *args, **kwargs):
    """A Bot API call, made again when the connection failed before an answer (a pooled
    connection the other side had just closed, a refused connect): under load a reply or the
    "één moment" notice was otherwise lost, and the error ended the person's turn with an
    apology although their message was in hand. A timeout is not tried again (Telegram may have
    the message: the person would get it twice), nor is a refusal (BadRequest)."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await call(*args, **kwargs)
        except (BadRequest, TimedOut):
            raise
        except NetworkError as exc:
            if attempt == SEND_ATTEMPTS:
                raise
            log.warning("telegram: send failed, trying again attempt=%s error=%s", attempt, type(exc).__name__)
            await asyncio.sleep(0.2 * attempt)


def build_lifespan(settings: Settings, routes: list, store=None):
    """The lifespan factory that bot.web.app enters; adds the webhook route in webhook mode."""
    channel = TelegramChannel(settings, store=store)
    if settings.telegram_webhook_url:
        routes.append(Route(channel.webhook_path, channel.webhook, methods=["POST"]))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.telegram = channel
        await channel.start()
        try:
            yield
        finally:
            await channel.stop()

    return lifespan


