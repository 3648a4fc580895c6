"""A yes or no typed to "Voor wie schrijf je?": the question explained once, with its buttons.

"ja" is no answer to "Voor wie schrijf je?". Rasa read it as a yes without context and answered
"Oké. Vertel maar waar ik je mee kan helpen" with the topic buttons: the question the person had
just been asked was gone, and the intake asked it again later. A person would say what the question
means and ask it again. Said once: a second yes or no goes to Rasa as before (its way on), so the
explanation never loops. Its text starts with the role question, so a role typed after it ("moeder")
is read as the answer (bot.intake.conversation).
"""

from __future__ import annotations

import asyncio
import logging

from bot.conversation.transcript import last_bot_text
from bot.dialogue import texts as T
from bot.dialogue.offer import answer_to_offer
from bot.i18n import _
from bot.replies import Button, Reply, t

log = logging.getLogger("bot.dialogue.role_question")

EXPLAINED = _("Ik vraag dit omdat mijn vragen daarvan afhangen. Schrijf je als ouder of verzorger, over jezelf, of werk je met een gezin? Kies hieronder.")
ORDER = 72  # after bare_answer's age without a question (70); before Rasa


def only_yes_or_no(text: str) -> bool:
    """A short yes or no that says nothing about who is writing ("ja", "oké", "nee hoor")."""
    from bot.intake.conversation import answer_role

    text = (text or "").strip()
    return bool(text) and answer_to_offer(text) is not None and answer_role(text) is None


def explained(language: str, question: str, buttons: tuple[Button, ...]) -> Reply:
    items = (*buttons, Button(t(language, T.TALK_TO_SOMEONE), T.REQUEST_HUMAN))
    return Reply(f"{question} {t(language, EXPLAINED)}", items)


def register(hooks, *, store, renderer) -> None:
    from bot.intake.conversation import ROLE_QUESTION

    async def yes_or_no_to_who_writes(turn, message: str) -> bool:
        if turn.pressed or turn.conversation is None or not only_yes_or_no(turn.text):
            return False
        last = await asyncio.to_thread(last_bot_text, store, turn.conversation.id)
        if not last or not any(last.startswith(t(lang, ROLE_QUESTION)) for lang in {turn.language, "nl"}):
            return False
        if any(t(lang, EXPLAINED) in last for lang in {turn.language, "nl"}):
            return False  # explained already: Rasa's way on, never the same reply twice
        asked = renderer.render({"response": "utter_ask_role", "tracker": {}, "arguments": {"language": turn.language}})
        if not asked.get("text"):
            return False
        log.info("a yes or no to the role question conversation=%s", turn.conversation.reference)
        buttons = tuple(Button(b["title"], b["payload"]) for b in asked.get("buttons") or [])
        await turn.say(explained(turn.language, asked["text"], buttons))
        return True

    hooks.turn_handler("yes_or_no_to_who_writes", yes_or_no_to_who_writes, order=ORDER)
