"""An age typed when no question asks for one ("dertien", "13", "hij is 9") is not a reason to start
the intake's questions.

The model reads "dertien" as an answer to the age question, and an intake answer typed while no
question is open starts the intake (rules/intake_answers.yml): a person who typed a number at "Vertel
maar waar ik je mee kan helpen" or right after "Oké, ik stop met de vragen" got "Ik stel je nu een
paar korte vragen" and a question, with the facts of an earlier message, without having asked for
it. A stranger who types a bare age there means an age, and expects to be asked what they want.
So the bot says so, and offers the ways on: a conversation with the support worker (the intake,
which asks the age in its turn), a question, or a person.

Only a short message that holds an age, only while no form is open in Rasa (the intake's own age
question, the booking's), and not as the answer to "Voor wie schrijf je?" (there an age starts the
intake, which asks who is writing next, as before).
"""

from __future__ import annotations

import asyncio
import logging

from bot.conversation.transcript import last_bot_text
from bot.dialogue import texts as T
from bot.i18n import _
from bot.replies import Button, Reply, t

log = logging.getLogger("bot.dialogue.bare_answer")

AGE_WITHOUT_A_QUESTION = _("Bedoel je een leeftijd? Die vraag ik als je een gesprek aanvraagt. Dan stel ik je eerst een paar korte vragen. Wat wil je doen?")
MAX_WORDS = 3
ORDER = 70  # after the turn handlers that keep or answer a message themselves (staff chat, waiting)


def bare_age(text: str) -> int | None:
    """The age when the whole message is little more than one ("dertien", "13 jaar", "hij is 9")."""
    from bot.intake.parsing import parse_age

    text = (text or "").strip()
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return None
    return parse_age(text)


def reply(language: str) -> Reply:
    items = [(T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.ASK_A_QUESTION, T.HELP),
             (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
    return Reply(t(language, AGE_WITHOUT_A_QUESTION), tuple(Button(t(language, title), payload) for title, payload in items))


def register(hooks, *, store, admin) -> None:
    from bot.intake.conversation import ROLE_QUESTION

    async def age_without_a_question(turn, message: str) -> bool:
        if turn.pressed or turn.conversation is None or bare_age(turn.text) is None:
            return False
        last = await asyncio.to_thread(last_bot_text, store, turn.conversation.id)
        if last is None or any(last.startswith(q) for q in {t(turn.language, ROLE_QUESTION), t("nl", ROLE_QUESTION)}):
            return False  # before anything was said, or the answer to "Voor wie schrijf je?"
        if any(last.startswith(t(lang, AGE_WITHOUT_A_QUESTION)) for lang in {turn.language, "nl"}):
            return False  # asked already, and an age again: Rasa's way (the intake), never the same reply twice
        tracker = await admin.tracker(turn.conversation.sender_id)
        if tracker is None or (tracker.get("active_loop") or {}).get("name"):
            return False  # a question is open (or Rasa cannot tell): Rasa reads the answer
        log.info("an age without a question conversation=%s", turn.conversation.reference)
        await turn.say(reply(turn.language))
        return True

    hooks.turn_handler("age_without_a_question", age_without_a_question, order=ORDER)
