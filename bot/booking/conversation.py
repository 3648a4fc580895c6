"""Booking's part in the conversation: the calendar file that comes with a confirmation."""

from __future__ import annotations

from bot.conversation import Hooks, Turn
from bot.i18n import _
from bot.replies import Reply


async def show_appointment(turn: Turn, argument: str) -> str:
    """``/afspraak``: Rasa's ``afspraak`` intent shows the appointment with its buttons."""
    return "/afspraak"


async def attach_calendar_file(turn: Turn, custom: dict, replies: list[Reply]) -> None:
    """Rasa custom payload ``{"ics": …}``: the file belongs to the reply just before it."""
    from bot.booking.ics import document_from_custom

    document = document_from_custom(custom)
    if document is None:
        return
    prev = replies.pop() if replies else Reply("")
    replies.append(Reply(prev.text, prev.buttons, document, prev.kind, prev.meta))


def register(hooks: Hooks, **_deps) -> None:
    hooks.payload("ics", attach_calendar_file)
    hooks.command("afspraak", show_appointment, description=_("Je afspraak bekijken of verzetten"))
