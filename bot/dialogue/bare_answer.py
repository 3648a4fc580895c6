"""An answer typed when no question asks for it: what the person meant, not the start of the
intake's questions.

The model reads "dertien" as an answer to the age question and "06 12345678" as the contact, and an
intake answer typed while no question is open starts the intake (rules/intake_answers.yml): a
person who typed a number at "Vertel maar waar ik je mee kan helpen" or right after "Oké, ik stop
met de vragen" got "Ik stel je nu een paar korte vragen" and a question, without having asked for
it; a practice's name ("de linde in utrecht") got "Vertel maar waar ik je mee kan helpen". A
stranger who types one of these means something else:

- an age ("dertien", "13", "hij is 9"): the bot asks what they want, with the ways on (a
  conversation with the support worker, a question, a person); the appointment's button brings the
  age along (``/request_appointment{"age":13}``), so the intake does not ask it again;
  only when the answer to "Voor wie schrijf je?" is not awaited (there an age starts the intake,
  which asks who is writing next);
- a practice, by name, place or postcode, nearly exactly: that practice is chosen, as its button
  would (``/choose_practice``: named, and the next steps offered), so the intake and a call-back
  do not ask for it again;
- "ik ben 15" ("I'm 16", "ik ben 15 jaar"): a young person says who is writing, as the button
  "Voor mezelf" would (``/inform_role``, which starts the intake); the typed words go with it, so
  the intake reads the age from them and does not ask it again;
- a phone number, or only asking to be called ("can someone call me", "bel me terug"): a request to be called (``/request_human``; the number goes with it in the
  message's metadata and into the call-back request, and the practice is asked first when unknown).

Only short messages, only while Rasa has no form open (a form's question reads its own answers: the
intake's age, the practice, the contact); Rasa's did-you-mean (the two-stage fallback, also a loop
in Rasa) asks no such question, so an age after it gets the same reply as at the menu.
"""

from __future__ import annotations

import asyncio
import json
import logging

from bot.conversation.transcript import last_bot_text
from bot.dialogue import texts as T
from bot.i18n import _
from bot.replies import Button, Reply, t

log = logging.getLogger("bot.dialogue.bare_answer")

AGE_WITHOUT_A_QUESTION = _("Bedoel je een leeftijd? Die onthoud ik, voor als je een gesprek aanvraagt. Dan stel ik je eerst een paar korte vragen. Wat wil je doen?")
MAX_WORDS = 3
# A practice or a phone number with a few words around it ("ik zit bij de linde in utrecht", "bel
# me op 06 12345678"); a longer message says more and is the model's.
MAX_WORDS_AROUND = 6
# At the menu nobody asked for a practice: only a (nearly) exact name, place, code or postcode
# counts, not the fuzzy match the practice question allows ("ander" is not "Anker" here).
MIN_PRACTICE_SCORE = 90.0
YOUNG_PERSON = '/inform_role{"role":"jongere"}'
ORDER = 70  # after the turn handlers that keep or answer a message themselves (staff chat, waiting)
# Rasa's two-stage fallback runs as a loop, but its did-you-mean is no question an age answers.
NOT_A_QUESTION = frozenset({"action_two_stage_fallback"})


def bare_age(text: str) -> int | None:
    """The age when the whole message is little more than one ("dertien", "13 jaar", "hij is 9")."""
    from bot.intake.parsing import parse_age

    text = (text or "").strip()
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS:
        return None
    return parse_age(text)


def could_name_a_practice(text: str) -> bool:
    """A short message that is no question and no command: only then are the practices loaded."""
    text = (text or "").strip()
    return bool(text) and not text.startswith("/") and "?" not in text and len(text.split()) <= MAX_WORDS_AROUND


def practice_payload(text: str, practices) -> str | None:
    """``/choose_practice{…}`` when a short message names one practice nearly exactly, else None."""
    from bot.dialogue.practices import MARGIN, rank

    text = (text or "").strip()
    if not could_name_a_practice(text):
        return None
    ranked = rank(text, practices)
    if not ranked or ranked[0].score < MIN_PRACTICE_SCORE:
        return None
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < MARGIN:
        return None
    return "/choose_practice" + json.dumps({"practice_code": ranked[0].practice.code}, separators=(",", ":"))


def young_person_payload(text: str) -> str | None:
    """The young person's role button when a short message only says "ik ben 15" ("I'm 16")."""
    from bot.intake.parsing import parse_age, says_only_who_writes

    text = (text or "").strip()
    if not text or text.startswith("/") or says_only_who_writes(text) != "jongere" or parse_age(text) is None:
        return None
    return YOUNG_PERSON


def phone_payload(text: str) -> str | None:
    """``/request_human`` when a short message gives a phone number ("06 12345678", "bel me op 06…")."""
    from bot.intake.parsing import find_phone

    text = (text or "").strip()
    if not text or text.startswith("/") or len(text.split()) > MAX_WORDS_AROUND:
        return None
    return T.REQUEST_HUMAN if find_phone(text) else None


def call_me_payload(text: str) -> str | None:
    """``/request_human`` when a short message only asks to be called."""
    from bot.dialogue.asking_for_a_person import asks_to_be_called

    return T.REQUEST_HUMAN if asks_to_be_called((text or "").strip()) else None


# Questions that "bel me" can answer: the intake's phone question (the booking's and the call-back's
# own forms are not the intake, and their questions ask how to talk: "bel me" answers them).
CALL_ME_ANSWERS = frozenset({"contact"})


def call_me_is_no_answer(tracker) -> bool:
    """Asking to be called is a request for a person here: no question is open, or the intake asks
    something that "bel me" does not answer ("Weet je kind dat je contact opneemt?": taken as an
    unclear answer, the question was skipped)."""
    if no_question_open(tracker):
        return True
    loop = ((tracker or {}).get("active_loop") or {}).get("name")
    requested = ((tracker or {}).get("slots") or {}).get("requested_slot")
    return loop == "intake_form" and requested is not None and requested not in CALL_ME_ANSWERS


def no_question_open(tracker) -> bool:
    """Rasa asks nothing that this message could answer (False when Rasa cannot tell)."""
    if tracker is None:
        return False
    loop = (tracker.get("active_loop") or {}).get("name")
    return not loop or loop in NOT_A_QUESTION


def appointment_with_age(age: int | None) -> str:
    """"Een afspraak maken" that brings the age along: the intake's form reads it as the answer to
    its age question when it starts (the domain's ``age`` entity), so the age said here is not asked
    again. This turn never reaches Rasa, so the intake could not read it from the conversation."""
    if age is None:
        return T.REQUEST_APPOINTMENT
    return T.REQUEST_APPOINTMENT + json.dumps({"age": age}, separators=(",", ":"))


def reply(language: str, age: int | None = None) -> Reply:
    items = [(T.MAKE_APPOINTMENT, appointment_with_age(age)), (T.ASK_A_QUESTION, T.HELP),
             (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
    return Reply(t(language, AGE_WITHOUT_A_QUESTION), tuple(Button(t(language, title), payload) for title, payload in items))


def register(hooks, *, store, admin) -> None:
    from bot.dialogue.practices import load as load_practices
    from bot.intake.conversation import ROLE_QUESTION

    async def age_without_a_question(turn, message: str) -> bool:
        age = None if turn.pressed or turn.conversation is None else bare_age(turn.text)
        if age is None:
            return False
        if young_person_payload(turn.text):
            return False  # "ik ben 15" says who is writing: the role (practice_phone_or_role_without_a_question)
        last = await asyncio.to_thread(last_bot_text, store, turn.conversation.id)
        if last is None or any(last.startswith(q) for q in {t(turn.language, ROLE_QUESTION), t("nl", ROLE_QUESTION)}):
            return False  # before anything was said, or the answer to "Voor wie schrijf je?"
        if any(last.startswith(t(lang, AGE_WITHOUT_A_QUESTION)) for lang in {turn.language, "nl"}):
            return False  # asked already, and an age again: Rasa's way (the intake), never the same reply twice
        if not no_question_open(await admin.tracker(turn.conversation.sender_id)):
            return False  # a question is open (or Rasa cannot tell): Rasa reads the answer
        log.info("an age without a question conversation=%s", turn.conversation.reference)
        await turn.say(reply(turn.language, age))
        return True

    async def practice_phone_or_role_without_a_question(turn, message: str) -> str | None:
        if turn.conversation is None:
            return None
        call_me = call_me_payload(turn.text)
        payload = phone_payload(turn.text) or call_me or young_person_payload(turn.text)
        if payload == YOUNG_PERSON and await asyncio.to_thread(last_bot_text, store, turn.conversation.id) is None:
            return None  # the first message: the introduction (who the bot is) comes first
        # Cheapest first (scripts/bare_answer_cost.py): the text alone (microseconds), then the
        # practices (a query and a ranking, about 2 ms), and Rasa's tracker (about 26 ms) only for a hit.
        if payload is None and could_name_a_practice(turn.text):
            payload = practice_payload(turn.text, await asyncio.to_thread(load_practices, store))
        if payload is None:
            return None
        tracker = await admin.tracker(turn.conversation.sender_id)
        if not (call_me_is_no_answer(tracker) if call_me else no_question_open(tracker)):
            return None
        what = {T.REQUEST_HUMAN: "call request", YOUNG_PERSON: "role"}.get(payload, "practice")
        log.info("a %s without a question conversation=%s", what, turn.conversation.reference)
        return payload

    hooks.turn_handler("age_without_a_question", age_without_a_question, order=ORDER)
    hooks.typed_request(practice_phone_or_role_without_a_question)
