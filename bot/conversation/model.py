"""The values one turn of a conversation passes around."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.replies import Reply
from bot.safety import Verdict

Emit = Callable[[Reply], Awaitable[None]]


@dataclass(frozen=True)
class Inbound:
    channel: str
    external_id: str
    text: str = ""
    button: str | None = None  # a button payload, e.g. '/inform_role{"role":"ouder"}'
    kind: str = "text"  # text | button | sticker | voice | photo | ...
    language: str | None = None  # a hint from the channel (Telegram's language_code)
    # The crisis card for this message went out already, before its turn (bot.scale.webhook):
    # the turn records it, alerts and tells Rasa, but does not send it again.
    card_sent: bool = False


@dataclass
class ConversationRef:
    """What one turn needs to know of the stored conversation (loaded with the inbound write)."""

    id: int
    reference: str
    sender_id: str  # the id Rasa knows this conversation by; changes on /stop
    language: str
    practice_id: int | None = None
    # The practice's own huisartsenpost (name, phone), loaded only when a crisis reply needs it.
    huisartsenpost: tuple[str, str] | None = None


@dataclass
class Turn:
    """One inbound message and everything said in answer to it.

    ``say`` sends a reply at once and keeps it for the transcript, which is written in one
    transaction when the turn ends: the person gets each reply as soon as it exists, the
    database sees one commit.
    """

    inbound: Inbound
    text: str  # what was typed, or the payload of the pressed button
    verdict: Verdict
    emit: Emit
    language: str
    conversation: ConversationRef | None = None
    # The transcript line of the inbound message (its replies are stored linked to it).
    inbound_id: int | None = None
    outbound: list[Reply] = field(default_factory=list)
    route: str = "rasa"  # how the turn ended, for the log line

    @property
    def pressed(self) -> bool:
        return self.inbound.button is not None

    async def say(self, reply: Reply) -> None:
        await self.emit(reply)
        self.outbound.append(reply)
