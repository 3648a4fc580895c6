"""Where features plug into the conversation core.

The core (``bot.conversation``) knows nothing about booking, intake, privacy or the support
worker; each feature registers what it needs here, the way python-telegram-bot handlers
register with an Application. The composition root (:mod:`bot.features`) calls every
feature's ``register(hooks, deps)`` once per process.

What a feature can register:

- a **command** (``/vergeet``): called with the turn and the text after the command; returns
  the message Rasa should get, or None when the command answered the person itself;
- a **turn handler**: runs for every text or button turn after the commands and before Rasa
  (a conversation taken over by a person, a question waiting for its answer); returns True
  when it handled the turn, and then Rasa is not called;
- a **payload handler**: for a key in a Rasa custom payload (``{"ics": …}``); it may change
  the replies of that turn (attach a file to the reply before it, add a reply);
- a **crisis listener**: runs in the database transaction after a crisis was recorded (the
  intake raises its handover to crisis);
- a **reply filter**: sees Rasa's replies before the person does (a reply about to be sent a
  third time becomes a way forward);
- a **typed answer reader**: a typed message that means one of the offered buttons goes to Rasa
  as that button; a **typed request reader** does the same for a request that is always allowed
  (asking for a person), offered or not;
- a **Rasa queue**: sees every message on its way to Rasa (whichever path sends it: a turn, the
  crisis follow-up, a typed answer to the safety question); returns True when it kept the
  message behind earlier ones of that conversation, and then Rasa is not called now;
- a **Rasa-unavailable handler**: no Rasa server answered this turn's message; it gets the turn,
  the message and the RasaUnavailable (did it reach a server, the id sent with it); it may keep
  the message for later (and say "één moment") and return True, or return False for the apology;
- a **reset listener**: runs when the person sends ``/stop``, before the core says it stopped
  (a worker who held the conversation lets go of it);
- a **check-in waiver**: the screen would ask its direct question (a check-in, never a crisis)
  about a typed message that answers the feature's own question about exactly that subject
  (the safety plan's step about means); True: the question is not asked and the turn goes on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.model import Turn
from bot.replies import Reply

CommandHandler = Callable[[Turn, str], Awaitable[str | None]]
TurnHandler = Callable[[Turn, str], Awaitable[bool]]
PayloadHandler = Callable[[Turn, dict[str, Any], list[Reply]], Awaitable[None]]
CrisisListener = Callable[..., None]  # (session, *, conversation_id, category, cipher) -> None
ReplyFilter = Callable[[Turn, list[Reply]], Awaitable[list[Reply]]]
UnavailableHandler = Callable[[Turn, str, Exception], Awaitable[bool]]
# (turn, message, *, quiet, typed, check_in) -> True when the message was kept for later; quiet: no
# notice; typed: what was typed when the message is the button it was read as (sent again with it);
# check_in: the screen's check-in (the classifier's) is decided when the kept message is sent.
RasaQueue = Callable[..., Awaitable[bool]]
# Reads a typed message as one of the buttons the bot offered (returns its payload, or None).
TypedAnswerReader = Callable[[Turn, str], Awaitable[str | None]]
ResetListener = Callable[[Turn], Awaitable[None]]
CheckInWaiver = Callable[[Turn], Awaitable[bool]]


@dataclass(frozen=True)
class Command:
    name: str  # without the slash
    handler: CommandHandler
    description: str | None = None  # a gettext msgid; set: shown in Telegram's command menu


@dataclass
class Hooks:
    commands: dict[str, Command] = field(default_factory=dict)
    turn_handlers: list[tuple[int, str, TurnHandler]] = field(default_factory=list)
    payload_handlers: dict[str, PayloadHandler] = field(default_factory=dict)
    crisis_listeners: list[CrisisListener] = field(default_factory=list)
    reply_filters: list[ReplyFilter] = field(default_factory=list)
    rasa_unavailable_handlers: list[UnavailableHandler] = field(default_factory=list)
    rasa_queues: list[RasaQueue] = field(default_factory=list)
    typed_answers: list[TypedAnswerReader] = field(default_factory=list)
    reset_listeners: list[ResetListener] = field(default_factory=list)
    typed_requests: list[TypedAnswerReader] = field(default_factory=list)
    check_in_waivers: list[tuple[str, CheckInWaiver]] = field(default_factory=list)

    def command(self, name: str, handler: CommandHandler, *, description: str | None = None) -> None:
        name = name.lstrip("/").lower()
        if name in self.commands:
            raise ValueError(f"command /{name} is registered twice")
        self.commands[name] = Command(name, handler, description)

    def turn_handler(self, name: str, handler: TurnHandler, *, order: int = 50) -> None:
        """Lower ``order`` runs first (a taken-over conversation before a pending question)."""
        self.turn_handlers.append((order, name, handler))
        self.turn_handlers.sort(key=lambda item: (item[0], item[1]))

    def payload(self, key: str, handler: PayloadHandler) -> None:
        if key in self.payload_handlers:
            raise ValueError(f"custom payload {key!r} is registered twice")
        self.payload_handlers[key] = handler

    def on_crisis(self, listener: CrisisListener) -> None:
        self.crisis_listeners.append(listener)

    def reply_filter(self, handler: ReplyFilter) -> None:
        self.reply_filters.append(handler)

    def typed_answer(self, reader: TypedAnswerReader) -> None:
        """A typed answer that means one of the offered buttons goes to Rasa as that button (the
        core checks that the bot offered the payload in this conversation)."""
        self.typed_answers.append(reader)

    def typed_request(self, reader: TypedAnswerReader) -> None:
        """A typed message that asks for something always allowed (a person: ``/request_human``)
        goes to Rasa as that intent, offered as a button or not, like the menu intents."""
        self.typed_requests.append(reader)

    def when_rasa_unavailable(self, handler: UnavailableHandler) -> None:
        self.rasa_unavailable_handlers.append(handler)

    def rasa_queue(self, handler: RasaQueue) -> None:
        self.rasa_queues.append(handler)

    def on_reset(self, listener: ResetListener) -> None:
        self.reset_listeners.append(listener)

    def check_in_waiver(self, name: str, waiver: CheckInWaiver) -> None:
        """Called only for a typed message the screen gives a check-in (a crisis always gets the
        card before any feature sees the message); True when it answers the feature's own
        question about what the screen reacted to, so asking about it would not fit."""
        self.check_in_waivers.append((name, waiver))

    def menu(self) -> list[tuple[str, str]]:
        """(command, description msgid) for the commands that belong in a channel's menu."""
        return [(c.name, c.description) for c in self.commands.values() if c.description]
