"""The repeat guard: a reply filter that never lets the bot say the same thing a third time.

Two checks on the replies of one turn, after Rasa answered and before the person sees them:

- within the turn, a sentence said before is left out (Rasa's circuit breaker once produced one
  reply with the same question ten times and forty buttons);
- across turns, when this turn would repeat the last two turns (the same question, nothing new),
  the person gets a way forward instead: the answer buttons, and skip / back / stop /
  "Ik wil iemand spreken" inside a question, or "Een afspraak maken" / "Iets anders" /
  "Ik wil iemand spreken" outside one.

The pure functions below are unit-tested; :class:`RepeatGuard` reads the previous turns from
the transcript (the database is the one memory, so several bot instances agree), a turn being
the replies linked to one of the person's messages (:func:`turns_before`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, NamedTuple

from sqlalchemy import select

from bot.dialogue import texts as T
from bot.i18n import gettext
from bot.replies import Button, Reply, t
from bot.staffchat.texts import CANNOT_WAIT

log = logging.getLogger("bot.dialogue.guard")

_SPLIT_RE = re.compile(r"(\n+|(?<=[.!?…])\s+)")
FORMS = ("intake_form", "booking_form", "cancel_form")
# Answer buttons are kept on the way-forward reply only when there are this few (a 1-10 scale
# would bury the way out).
MAX_ANSWER_BUTTONS = 6


def _norm(sentence: str) -> str:
    return " ".join(sentence.lower().split()).strip(" .!?…")


def without_repeated_sentences(replies: list[Reply]) -> list[Reply]:
    """Leave out every sentence (and every whole reply) already said earlier in this turn.

    Texts without a repeat are returned untouched, so their layout (bullets, line breaks) stays.
    """
    seen: set[str] = set()
    offered: set[str] = set()
    out: list[Reply] = []
    for reply in replies:
        parts = _SPLIT_RE.split(reply.text or "")
        kept: list[str] = []
        changed = False
        for i in range(0, len(parts), 2):
            sentence, sep = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
            key = _norm(sentence)
            if key and key in seen:
                changed = True
                continue
            if key:
                seen.add(key)
            kept.extend([sentence, sep])
        text = "".join(kept).strip() if changed else reply.text
        buttons = tuple(b for b in reply.buttons if b.payload not in offered)
        offered.update(b.payload for b in buttons)
        if not text and not buttons and reply.document is None:
            continue
        if not text and out and reply.document is None:
            prev = out.pop()  # new buttons under a repeated text belong to the reply before
            out.append(Reply(prev.text, prev.buttons + buttons, prev.document, prev.kind, prev.meta))
            continue
        out.append(reply if (text == reply.text and buttons == reply.buttons)
                   else Reply(text, buttons, reply.document, reply.kind, reply.meta))
    return out


def repeats_last_turns(current: list[str], previous_turns: list[list[str]], times: int = 2) -> bool:
    """True when this turn says nothing new and ends like each of the last ``times`` turns.

    ``current`` and each previous turn are the transcript texts of the bot's replies, oldest
    first; ``previous_turns`` is newest first.
    """
    if not current or len(previous_turns) < times:
        return False
    last = current[-1]
    for turn in previous_turns[:times]:
        if not turn or turn[-1] != last:
            return False
    return all(text in previous_turns[0] for text in current)


def way_forward(language: str, *, repeated: Reply | None, in_question: bool | str) -> Reply:
    """``in_question``: False, True, or the name of the form whose question is open (the
    booking's questions cannot be skipped: a time is needed to book)."""
    answer_buttons = list(repeated.buttons) if repeated and len(repeated.buttons) <= MAX_ANSWER_BUTTONS else []
    if in_question in ("booking_form", "cancel_form"):
        nav = [(T.PREVIOUS_QUESTION, T.BACK_WORD), (T.STOP_QUESTIONS, T.STOP_WORD),
               (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
        text = T.STUCK_IN_QUESTION_NO_SKIP
    elif in_question:
        nav = [(T.SKIP_QUESTION, T.SKIP_WORD), (T.PREVIOUS_QUESTION, T.BACK_WORD),
               (T.STOP_QUESTIONS, T.STOP_WORD), (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
        text = T.STUCK_IN_QUESTION
    else:
        nav = [(T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.SOMETHING_ELSE, T.HELP),
               (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
        text = T.STUCK
    buttons = answer_buttons + [Button(t(language, title), payload) for title, payload in nav
                                if payload not in {b.payload for b in answer_buttons}]
    return Reply(t(language, text), tuple(buttons), kind="notice", meta={"guard": "repeat"})


# Questions the bot answers itself in the same text: "Kan het niet wachten?" above the help
# lines (the call-back's last reply) leaves nothing open for the person to answer.
_LEAD_INS = (CANNOT_WAIT,)


def asks_something(text: str, language: str) -> bool:
    for lead_in in _LEAD_INS:
        text = text.replace(gettext(language, lead_in), "")
    return "?" in text


def with_next_step(replies: list[Reply], language: str) -> list[Reply]:
    """Every turn ends with a next step: buttons, or a question. An answer that ends the topic
    ("Nee, het kost niets.") gets the usual ways on under it."""
    if not replies or replies[-1].kind in ("crisis", "error"):
        return replies
    if any(r.buttons for r in replies) or asks_something(replies[-1].text, language):
        return replies
    last = replies[-1]
    nav = [(T.MAKE_APPOINTMENT, T.REQUEST_APPOINTMENT), (T.ASK_A_QUESTION, T.HELP),
           (T.TALK_TO_SOMEONE, T.REQUEST_HUMAN)]
    buttons = tuple(Button(t(language, title), payload) for title, payload in nav)
    return [*replies[:-1], Reply(last.text, buttons, last.document, last.kind, last.meta)]


async def next_step_filter(turn, replies: list[Reply]) -> list[Reply]:
    return with_next_step(replies, turn.language)


class RepeatGuard:
    """The reply filter (registered by bot.dialogue.conversation)."""

    def __init__(self, store, admin=None):
        self.store = store
        self.admin = admin  # bot.dialogue.rasa_admin.RasaAdmin, to ask whether a question is open

    async def __call__(self, turn, replies: list[Reply]) -> list[Reply]:
        replies = without_repeated_sentences(replies)
        if not replies or turn.conversation is None or any(r.kind in ("error", "crisis") for r in replies):
            return replies
        from bot.conversation.transcript import transcript_text

        current = [transcript_text(r) for r in replies]
        try:
            previous = await asyncio.to_thread(self._previous_turns, turn.conversation.id, turn.inbound_id)
        except Exception as exc:  # the guard must never cost a reply
            log.warning("repeat guard could not read the transcript error=%s", type(exc).__name__)
            return replies
        if not repeats_last_turns(current, previous):
            return replies
        in_question = await self._question_open(turn.conversation.sender_id)
        log.info("repeat guard conversation=%s in_question=%s", turn.conversation.reference, in_question)
        return [way_forward(turn.language, repeated=replies[-1], in_question=in_question)]

    async def _question_open(self, sender_id: str) -> str | bool:
        """The form whose question is open, or False."""
        if self.admin is None:
            return False
        tracker = await self.admin.tracker(sender_id)
        loop = ((tracker or {}).get("active_loop") or {}).get("name")
        return loop if loop in FORMS else False

    def _previous_turns(self, conversation_id: int, inbound_id: int | None, turns: int = 2) -> list[list[str]]:
        """The bot's replies in the last turns before this one, newest turn first."""
        from bot.store.models import Message

        with self.store.session() as s:
            rows = list(s.execute(
                select(Message.id, Message.direction, Message.reply_to, Message.body)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.id.desc()).limit(LOOKBACK)
            ))
        lines = [TranscriptLine(r.id, r.direction, r.reply_to, r.body) for r in rows]
        return [[self.store.cipher.decrypt(body) for body in turn]
                for turn in turns_before(lines, inbound_id, turns)]


LOOKBACK = 60  # transcript lines read: a few turns of replies, and the messages kept in between


class TranscriptLine(NamedTuple):
    id: int
    direction: str  # "in" | "out"
    reply_to: int | None  # on a reply: the inbound line it answers
    body: Any


def turns_before(lines: list[TranscriptLine], inbound_id: int | None, turns: int = 2) -> list[list[Any]]:
    """The replies (their bodies, oldest first) to the ``turns`` inbound lines before ``inbound_id``,
    newest turn first. ``lines`` are the newest lines of the conversation, newest first.

    A reply belongs to the line it says it answers (``reply_to``): a message kept while Rasa was
    away is answered after the person's later messages were stored, so its replies stand after
    them. A line without the link (written before it existed, or sent by the bot of itself: a
    reminder, a worker's message) belongs to the inbound line before it. ``inbound_id`` None: this
    turn's message is the newest inbound line."""
    inbound = [line.id for line in lines if line.direction == "in"]
    if inbound_id is None:
        if not inbound:
            return []
        inbound_id = inbound[0]
    earlier = [i for i in inbound if i < inbound_id][:turns]
    replies: dict[int, list[TranscriptLine]] = {i: [] for i in earlier}
    for line in lines:
        if line.direction != "out":
            continue
        owner = line.reply_to if line.reply_to is not None else next((i for i in inbound if i < line.id), None)
        if owner in replies:
            replies[owner].append(line)
    return [[line.body for line in sorted(replies[i], key=lambda line: line.id)] for i in earlier]
