"""The person's rights in the chat: ``/mijngegevens`` (a copy of everything stored, as a
document) and ``/vergeet`` (erase everything, after one confirmation button).

Both cover every conversation of this chat: the current one and any that stayed with another
practice after ``/start OTHERCODE``. Both are audit-logged ("cliënt via de chat").
"""

from __future__ import annotations

import asyncio
import logging

from bot.conversation import Hooks, Turn
from bot.i18n import _
from bot.replies import Button, Document, Reply, t
from bot.staff.audit import Actor, record

log = logging.getLogger("bot.privacy.chat")

CONFIRM = "/vergeet_bevestigd"
KEEP = "/vergeet_niet"
ACTOR = Actor(None, "cliënt via de chat")

ASK = _(
    "Wil je dat ik alles van jou wis? Dan wis ik je gesprek, je antwoorden en je gegevens bij de "
    "praktijk. Heb je een afspraak? Die zeg ik dan af, en de medewerker krijgt daar bericht van. "
    "Dit kan niet ongedaan worden gemaakt."
)
YES = _("Ja, wis alles")
NO = _("Nee, niet wissen")
ERASED = _(
    "Klaar: alles is gewist. Ik weet nu niets meer van dit gesprek.{appointments}\n"
    "Telegram bewaart dit gesprek zelf ook. Dat kan ik niet wissen. Wil je dat ook weg? Verwijder dan "
    "het gesprek in Telegram: houd het gesprek ingedrukt en kies Verwijderen.\n"
    "Wil je later weer iets vragen? Stuur dan gewoon een bericht."
)
ERASED_APPOINTMENT = _(" Je afspraak is afgezegd.")
KEPT = _("Oké, ik heb niets gewist.")
COPY = _(
    "Hier is alles wat ik over je bewaar, in één bestand. Let op: Telegram-gesprekken zijn niet "
    "end-to-end versleuteld. Bewaar het bestand goed, of verwijder het als je het gelezen hebt. "
    "Alles wissen? Stuur /vergeet."
)
FAILED = _("Dat lukte nu niet. Probeer het later nog eens, of bel de praktijk.")


def register(hooks: Hooks, *, store, **_deps) -> None:
    rights = ChatRights(store)
    hooks.command("mijngegevens", rights.copy, description=_("Bekijk wat er over je bewaard is"))
    hooks.command("vergeet", rights.ask, description=_("Wis al je gegevens"))
    # Before every other feature's handler, the human takeover (10) included: the press that
    # answers this question is ours, also while a worker holds the conversation.
    hooks.turn_handler("erasure", rights.confirm, order=5)


class ChatRights:
    def __init__(self, store):
        self.store = store

    # -- /mijngegevens ---------------------------------------------------------------------

    async def copy(self, turn: Turn, _argument: str) -> None:
        try:
            document = await asyncio.to_thread(self._document, turn)
        except Exception as exc:
            log.error("copy failed conversation=%s error=%s", turn.conversation.reference, type(exc).__name__)
            await turn.say(Reply(t(turn.language, FAILED), kind="notice"))
            return None
        await turn.say(Reply(t(turn.language, COPY), document=document, kind="notice"))
        return None

    def _document(self, turn: Turn) -> Document:
        from bot.privacy.export import collect, render_text
        from bot.store import repo

        language = turn.language
        with self.store.session() as s:
            convs = repo.conversations_of(s, channel=turn.inbound.channel, external_id=turn.inbound.external_id,
                                          cipher=self.store.cipher)
            parts = []
            for conv in convs:
                parts.append(render_text(collect(s, conv, cipher=self.store.cipher), language))
                record(s, actor=ACTOR, action="export", object_type="conversation", object_id=conv.id,
                       reference=conv.reference, practice_code=conv.practice.code if conv.practice else "",
                       detail="kopie van alle gegevens, gevraagd in de chat (/mijngegevens)")
        body = ("\n\n" + "=" * 60 + "\n\n").join(parts)
        return Document(filename=f"mijngegevens-{turn.conversation.reference}.txt", mime_type="text/plain",
                        content=body.encode("utf-8"))

    # -- /vergeet ------------------------------------------------------------------------------

    async def ask(self, turn: Turn, _argument: str) -> None:
        await turn.say(Reply(t(turn.language, ASK), buttons=(
            Button(t(turn.language, YES), CONFIRM), Button(t(turn.language, NO), KEEP))))
        return None

    async def confirm(self, turn: Turn, message: str) -> bool:
        """The answer to the question above (a pressed button only; typed text never erases)."""
        if not turn.pressed or message not in (CONFIRM, KEEP):
            return False
        if message == KEEP:
            await turn.say(Reply(t(turn.language, KEPT), kind="notice"))
            return True
        try:
            cancelled = await asyncio.to_thread(self._erase, turn)
        except Exception as exc:
            log.error("erasure failed conversation=%s error=%s", turn.conversation.reference, type(exc).__name__)
            await turn.say(Reply(t(turn.language, FAILED), kind="notice"))
            return True
        # Nothing of this turn may be written back: the conversation is gone.
        turn.outbound.clear()
        turn.conversation = None
        appointments = t(turn.language, ERASED_APPOINTMENT) if cancelled else ""
        await turn.emit(Reply(t(turn.language, ERASED).format(appointments=appointments), kind="notice"))
        return True

    def _erase(self, turn: Turn) -> int:
        from bot.privacy.erasure import erase
        from bot.store import repo

        cancelled = 0
        with self.store.session() as s:
            references = [c.reference for c in repo.conversations_of(
                s, channel=turn.inbound.channel, external_id=turn.inbound.external_id, cipher=self.store.cipher)]
            for reference in references:
                report = erase(s, reference=reference, actor=ACTOR, via="chat", language=turn.language)
                cancelled += len(report.cancelled_appointments) if report else 0
        return cancelled
