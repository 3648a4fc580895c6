"""The staff-chat turn handler (order 10: before every other feature's handler).

For every text or button turn that is not a crisis and not a command:

1. a silent takeover of this conversation ends first (the person is told);
2. on a channel the bot cannot push to (the terminal), what waits in the chat outbox for this
   person — a worker's message, a reminder — is shown now, before anything else;
3. in a taken-over conversation the message is for the worker: Rasa does not see it, the
   practice gets an alert without content, and the turn is handled;
4. a phone number sent on its own right after a call-back request without one is added to it.

One exception to 3.: a pressed answer to the safety question the crisis reply asks ("Ben je nu
veilig?" — Ja / Nee) still gets the assistant's immediate answer; the worker sees it too.

The safety screen has already run (the core screens before any turn handler): a crisis
message in a taken-over conversation gets the help lines at once and alerts the staff, and
never reaches this handler.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot import outbox
from bot.conversation import Hooks, Turn
from bot.replies import Reply, t
from bot.staffchat import texts

log = logging.getLogger("bot.staffchat")

# Buttons of the crisis reply's safety question: answered at once even in a taken-over chat.
SAFETY_ANSWERS = ("/affirm_safe", "/deny_safe", "/safe_now", "/not_safe_now")


@dataclass
class TurnState:
    shown: list[outbox.Delivered] = field(default_factory=list)
    human: bool = False
    worker_name: str = ""
    phone_added: str = ""


class StaffChatTurns:
    def __init__(self, settings, store):
        self.settings = settings
        self.store = store

    def _state(self, conversation_id: int, text: str, pull: bool) -> TurnState:
        from sqlalchemy import func, select

        from bot.staffchat import callback, notify
        from bot.staffchat import takeover as T
        from bot.store.models import Conversation, Message

        state = TurnState()
        with self.store.session() as s:
            ended = T.expire_idle(s, conversation_id=conversation_id)
        if pull:
            state.shown = outbox.take_for_conversation(self.store, conversation_id)
        elif ended:
            outbox.wake()  # the takeover just ended: the bot app's loop tells the person now
        with self.store.session() as s:
            row = T.active(s, conversation_id=conversation_id)
            if row is not None:
                state.human, state.worker_name = True, row.worker_name
                conv = s.get(Conversation, conversation_id)
                newest_in = s.execute(select(func.max(Message.id)).where(
                    Message.conversation_id == conversation_id, Message.direction == "in")).scalar() or 0
                notify.person_wrote(s, takeover=row, conversation=conv, message_id=newest_in)
                return state
            phone = callback.phone_only(text)
            if phone and callback.add_phone(s, conversation_id=conversation_id, phone=phone):
                state.phone_added = callback.last_digits(phone)
        return state

    async def __call__(self, turn: Turn, message: str) -> bool:
        conv = turn.conversation
        pull = not outbox.can_push(self.settings, turn.inbound.channel)
        text = turn.text if not turn.pressed else ""
        try:
            state = await asyncio.to_thread(self._state, conv.id, text, pull)
        except Exception as exc:  # the database is away: let Rasa answer as usual
            log.error("staff chat state unavailable conversation=%s error=%s", conv.reference, type(exc).__name__)
            return False
        for item in state.shown:
            # Already in the transcript (with its author): emit, do not store twice.
            await turn.emit(Reply(item.text, item.buttons, kind="staff" if item.kind == "staff_message" else "notice"))
        if state.human:
            if turn.pressed and message.startswith(SAFETY_ANSWERS):
                return False  # the safety path answers; the worker is alerted and sees it
            if pull and not any(item.kind == "staff_message" for item in state.shown):
                await turn.say(Reply(t(turn.language, texts.FORWARDED_PULL, name=state.worker_name), kind="notice"))
            return True
        if state.phone_added:
            await turn.say(Reply(t(turn.language, texts.CALL_BACK_PHONE_THANKS, last_digits=state.phone_added),
                                 kind="notice"))
            return True
        return False


class StopListener:
    """``/stop`` in a taken-over conversation: the person wants to start over, so the worker
    lets go of it (the page shows the conversation back with the assistant)."""

    def __init__(self, store):
        self.store = store

    def _stop(self, conversation_id: int) -> str:
        from bot.staffchat import takeover as T
        from bot.store.models import Conversation

        with self.store.session() as s:
            ended = T.stopped_by_person(s, conversation=s.get(Conversation, conversation_id))
            return ended.worker_name if ended else ""

    async def __call__(self, turn: Turn) -> None:
        name = await asyncio.to_thread(self._stop, turn.conversation.id)
        if name:
            await turn.say(Reply(t(turn.language, texts.IDLE_RETURNED, name=name), kind="notice"))


def register(hooks: Hooks, *, settings, store, **_deps) -> None:
    hooks.turn_handler("staff_chat", StaffChatTurns(settings, store), order=10)
    hooks.on_reset(StopListener(store))
