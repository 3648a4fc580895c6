"""Crisis handling inside a turn: the replies, the record, the staff alert, telling Rasa, and
the check-in question with its answer.

The first crisis replies are built from the verdict and the text alone (no I/O), so the service
can send them before it touches the database or Rasa; they speak the message's language when the
card exists in it. Everything after that is best effort and never stops the person from getting
the help lines.

The check-in (an uncertain signal) is a direct question with 112 and 113 in it and yes/no
buttons; the conversation waits for the answer: yes (typed or pressed) is the crisis path (so
is a "no" that takes itself back: "nee niet nu, maar wel vaak"), a "no" that holds back ("nee,
nu even niet", "niet echt") gets the gentle follow-up, no carries on with the message that raised the question (it goes on as if it had just been sent,
once), anything else gets a gentle follow-up and is answered normally. The question stays open
for one more message after the follow-up ("nee" then still carries on with the first message);
after that typed words are ordinary messages again, while its own buttons still count: "Ja" is
the crisis path whenever it is pressed, a late "Nee" is thanked (the conversation has moved on,
so the first message is not fed in out of place). A "no" that repeats the denial ("nee, ik denk
niet aan zelfdoding", which screens as a check-in itself only because of the denied signal) is a
no; a "no" with any risk sign said plainly in it gets the follow-up ("nee, soms denk ik wel aan
doodgaan", which the screen alone lets pass). "Nee, niet veilig" after a crisis card
gets the lines for that category, 112 first, and stops any form that was running (actions/safety.py, action_not_safe). A typed
answer to "Ben je nu veilig?" counts as its button ("nee ik ben niet veilig", "ja, we zijn veilig")
when it is the person's first message after the crisis card, also when a question of the form
came after the card in the same batch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select

from bot.conversation.hooks import Hooks
from bot.conversation.model import Turn
from bot.conversation.transcript import TranscriptStore
from bot.replies import Reply, t
from bot.safety import Verdict, screen
from bot.safety.check_in_answer import ENGLISH_NOT
from bot.safety.check_in_answer import NO as _NO
from bot.safety.check_in_answer import YES as _YES
from bot.safety.language import card_language
from bot.safety.replies import (
    CHECK_IN_THANKS,
    HUISARTSENPOST_CATEGORIES,
    card_of,
    check_in_follow_up,
    check_in_reply,
    crisis_replies,
    huisartsenpost_reply,
    not_safe_reply,
    parse_safe_payload,
    safe_payload_language,
)
from bot.store.models import Conversation, Message

log = logging.getLogger("bot.conversation")

TellRasa = Callable[[Turn, str], Awaitable[None]]
SayFiltered = Callable[[Turn, list[Reply]], Awaitable[None]]  # service.say_filtered
ToRasa = Callable[..., Awaitable[None]]  # service.to_rasa(turn, message, *, quiet_errors=False)



_SAFE_WORDS = ("veilig", "safe", "guvende", "bezpieczn", "безпец", "безпечн", "آمن", "امان")
_NEGATIONS = frozenset({"niet", "geen", "nee", "neen", "nooit", "no", "not", "never", "nie", "degil", "degilim",
                        "не", "ні", "нет", "لا", "مش", "غير", "لست", "onveilig", "unsafe"}) | ENGLISH_NOT


def safety_answer_of(text: str) -> str | None:
    """'safe', 'unsafe' or None for a typed answer to "Ben je nu veilig?" / "Is je kind nu veilig?".
    With the word "veilig" (safe): unsafe when any negation is in the message ("ja maar ik ben niet
    meer veilig", "nee hoor, veilig" counts as unsafe too: a doubt gets the lines, not silence);
    without it: the first word, yes or no."""
    from bot.safety.check_in_answer import answer_words

    if not text or text.startswith("/"):
        return None
    words = answer_words(text)
    folded = " ".join(words)
    if not words or len(words) > 12:
        return None  # a longer message tells more than an answer: it is read as a message
    if any(w in _NEGATIONS for w in words) and any(v in folded for v in _SAFE_WORDS + ("onveilig", "unsafe")):
        return "unsafe"
    if any(v in folded for v in _SAFE_WORDS):
        return "safe"
    if words[0] in _NO:
        return "unsafe"
    if words[0] in _YES:
        return "safe"
    return None


def answer_of(text: str, *, pressed: bool) -> str | None:
    """'yes', 'no', 'unsure' or None for the answer to the check-in question: its buttons when
    pressed (a typed payload is not an answer), else what was typed
    (:func:`bot.safety.check_in_answer.typed_answer`: "nee niet nu, maar wel vaak" is a yes)."""
    from bot.safety.check_in_answer import typed_answer

    if text.startswith("/"):
        return {"/affirm_risk": "yes", "/deny_risk": "no"}.get(text) if pressed else None
    return typed_answer(text)


# Reply kinds (kept in the transcript) that tell where a check-in question stands.
ANSWERED = "check_in_answered"  # "Dank je voor je antwoord": a no
FOLLOWED_UP = "check_in_follow_up"  # "Je hoeft niet meteen te antwoorden …"
CHECK_IN_LOOKBACK = 40  # messages; a press of the question's buttons looks this far back
CARD_LOOKBACK = 12  # messages; a card this recent still says who the conversation is about


@dataclass(frozen=True)
class PendingCheckIn:
    text: str  # the message that raised the question
    followed_up: bool = False  # the gentle follow-up was said since
    late: bool = False  # pressed after the conversation went on: no carrying on with the text


def _plain_no(text: str, answer: Verdict) -> bool:
    """Whether a typed "no" is only a no. One that screens as a check-in itself only because it
    repeats the denial ("nee, ik denk niet aan zelfdoding": every signal in it is denied) still
    is; one that carries any risk sign said plainly is not, even when the screen asks nothing on
    it as a first message ("nee, soms denk ik wel aan doodgaan"): a doubt gets the gentle
    follow-up with the lines, never silence."""
    from bot.safety.concepts import find
    from bot.safety.rules import risk_sign

    if answer.check_in:
        return answer.rule == "rules:negated"
    return not risk_sign(find(text))


async def _say(turn: Turn, replies: list[Reply]) -> None:
    for reply in replies:
        await turn.say(reply)


class AlertSink:
    """Where staff alerts go. Carries a reference and a category, never message text."""

    async def crisis(self, *, reference: str, category: str) -> None:
        log.warning("staff alert: crisis reference=%s category=%s (no staff chat configured)", reference, category)


class CrisisHandler:
    def __init__(self, transcript: TranscriptStore, alerts: AlertSink, hooks: Hooks):
        self.transcript = transcript
        self.alerts = alerts
        self.hooks = hooks

    @staticmethod
    def first_replies(verdict: Verdict, language: str, text: str = "") -> list[Reply]:
        """The card for the category and voice, in the message's language when the card exists in
        it (else the conversation's): pure, sent before any I/O."""
        return crisis_replies(verdict.category, card_language(text, language) if text else language, verdict.about)

    async def follow_up(self, turn: Turn, verdict: Verdict, sent: list[Reply], tell_rasa: TellRasa,
                        source: str = "screen") -> None:
        """After the first replies went out: store them, the huisartsenpost, record, alert, Rasa."""
        conv = turn.conversation
        if conv is None:  # the database is down: the alert still goes out, without a reference
            await self.alerts.crisis(reference="(onbekend: database onbereikbaar)", category=verdict.category)
            return
        turn.outbound.extend(sent)
        if conv.huisartsenpost and verdict.category in HUISARTSENPOST_CATEGORIES:
            name, phone = conv.huisartsenpost
            extra = huisartsenpost_reply(turn.language, name=name, phone=phone)
            if extra is not None:
                await turn.say(extra)
        await self.alert(turn, verdict.category, source=source)
        # Rasa learns about it so the dialogue (and a handover) can follow up.
        payload = "/crisis" + json.dumps({"crisis_category": verdict.category, "crisis_source": "screen"})
        await tell_rasa(turn, payload)

    async def second_net(self, turn: Turn, category: str | None, about: str | None = None) -> list[Reply]:
        """Rasa's crisis intent fired where the screen did not: the same help lines."""
        category = category or "suicide"
        replies = crisis_replies(category, turn.language, about or "self")
        await self.alert(turn, category, source="rasa")
        return replies

    async def voice(self, turn: Turn, about: str, text: str) -> str:
        """Who the question or card speaks to: the screen's answer, unless the conversation tells
        who writes. A professional (the role button, "ik ben haar mentor") writes about a pupil
        or client ("Is iemand nu in gevaar?", never "denk je aan zelfdoding?"); a parent whose
        message is told about someone else writes about the child. Best effort: the database
        away, the screen's answer holds."""
        if about == "child" or turn.conversation is None:
            return about
        from bot.safety.fold import fold
        from bot.safety.who import names_nobody, told_about_someone_else
        from bot.waiting.writer import writer_role

        def role() -> tuple[str | None, str | None]:
            with self.transcript.store.session() as s:
                writer = writer_role(s, turn.conversation.id, self.transcript.store.cipher)
            card = self.last_card_voice(turn.conversation) if names_nobody(fold(text)) else None
            return writer, card

        try:
            writer, card = await asyncio.to_thread(role)
        except Exception as exc:
            log.error("could not read who writes conversation=%s error=%s", turn.conversation.reference,
                      type(exc).__name__)
            return about
        if writer == "professional":
            return "other"
        if about == "self" and card in ("child", "other"):
            return card  # "soms" after "Is hij of zij nu veilig?": still about the friend
        if writer == "ouder" and about == "other" and told_about_someone_else(fold(text)):
            from bot.safety.concepts import find

            hits = find(text)
            if not (hits.has("about_friend") or hits.has("about_pupil")):
                return "child"  # "ze zegt dat ze niet meer wil" from a parent: the child
        return about

    async def check_in(self, turn: Turn) -> None:
        """Ask the direct question and wait for the answer (the turn goes no further)."""
        verdict = turn.verdict
        about = await self.voice(turn, verdict.about, turn.text)
        language = card_language(turn.text, turn.language)  # "my dad hits me" in a Dutch conversation: English
        await turn.say(check_in_reply(language, verdict.category, about, buttons=True, text=turn.text))
        turn.route = "check_in"

    async def answer(self, turn: Turn, message: str, to_rasa: ToRasa, carry_on: TellRasa | None = None,
                     say_filtered: SayFiltered | None = None) -> bool:
        """Handle the answer to a pending check-in or to "Ben je nu veilig?"; False when this turn
        answers neither. ``carry_on(turn, text)`` goes on with a message as an ordinary turn (the
        features' handlers, then Rasa): the question may have interrupted a feature's own
        question (a step of the safety plan), which then gets its answer."""
        carry_on = carry_on or to_rasa
        if turn.conversation is None:
            return False
        if turn.pressed and turn.text.startswith("/deny_safe"):
            return await self._not_safe(turn, to_rasa)
        if not turn.pressed and not turn.verdict.crisis:
            typed = safety_answer_of(turn.text)
            card = await asyncio.to_thread(self.safety_question_pending, turn.conversation) if typed else None
            if card:
                log.info("typed answer to the safety question conversation=%s answer=%s",
                         turn.conversation.reference, typed)
                if typed == "unsafe":
                    return await self._not_safe(turn, to_rasa, card=card)
                turn.route = "safe_typed"
                await to_rasa(turn, "/affirm_safe", quiet_errors=True)
                return True
        pending = await asyncio.to_thread(self.pending_check_in, turn.conversation, pressed=turn.pressed)
        if pending is None:
            return False
        answer = answer_of(turn.text, pressed=turn.pressed)
        language = card_language(pending.text, turn.language)  # the question's own language
        if answer == "no" and not turn.pressed and not _plain_no(turn.text, turn.verdict):
            answer = None  # "nee, maar …" with a worry in it: not a plain no
        if answer == "unsure":
            answer = None  # "nee, nu even niet": the gentle follow-up, never "dan gaan we verder"
        if answer == "yes":
            earlier = screen(pending.text)
            verdict = Verdict(crisis=True, category=earlier.category or "suicide", rule="check_in:yes",
                              about=await self.voice(turn, earlier.about, pending.text))
            sent = crisis_replies(verdict.category, language, verdict.about)
            for reply in sent:
                await turn.emit(reply)
            turn.route = "check_in_yes"
            await self.follow_up(turn, verdict, sent, lambda t, m: to_rasa(t, m, quiet_errors=True), source="check_in")
            return True
        if answer == "no":
            thanks = Reply(t(language, CHECK_IN_THANKS), kind=ANSWERED)
            turn.route = "check_in_no"
            if pending.late:
                # Nothing more comes after the thanks: the reply filters add the usual next step.
                await (say_filtered or _say)(turn, [thanks])
                return True
            await turn.say(thanks)
            # As if it had just been sent: the features' handlers, then Rasa (or the queue for
            # Rasa when it is away), once.
            await carry_on(turn, pending.text[:2000])
            return True
        if pending.followed_up or pending.late:
            return False  # asked once, followed up once: this message is an ordinary one
        await turn.say(dataclasses.replace(check_in_follow_up(language), kind=FOLLOWED_UP))
        turn.route = "check_in_follow_up"
        await carry_on(turn, message)
        return True

    async def _not_safe(self, turn: Turn, to_rasa: ToRasa, card: tuple[str, str | None] | None = None) -> bool:
        """"Nee, niet veilig": 112 first and the lines for the category, in the card's language and
        voice (an English card gets its answer in English, also when the conversation is Dutch; a
        parent typing "nee" gets "blijf bij je kind"); Rasa stops any form."""
        category, about = parse_safe_payload(turn.text)
        if category is None:
            category = await asyncio.to_thread(self.last_crisis_category, turn.conversation)
        language, voice = card or (None, None)
        about = voice or about
        language = language or safe_payload_language(turn.text) or turn.language
        await turn.say(not_safe_reply(language, category or "suicide", about))
        turn.route = "not_safe"
        await to_rasa(turn, "/deny_safe", quiet_errors=True)
        return True

    def pending_check_in(self, conv, *, pressed: bool = False) -> PendingCheckIn | None:
        """The check-in question that this turn's message may answer, with the text that raised it.

        Typed: the message is the first since the question, or the first since the gentle
        follow-up. Pressed (the question's own buttons): also later, until the question was
        answered or the person began anew (/stop); the answer is then ``late``."""
        cipher = self.transcript.store.cipher
        with self.transcript.store.session() as s:
            rows = s.execute(
                select(Message.id, Message.direction, Message.kind, Message.body, Message.reply_to)
                .where(Message.conversation_id == conv.id)
                .order_by(Message.id.desc()).limit(CHECK_IN_LOOKBACK)
            ).all()
        if not rows or rows[0].direction != "in":
            return None
        followed_up, between = False, 0
        for i, row in enumerate(rows[1:], start=1):
            if row.direction == "in":
                if row.kind == "text" and cipher.decrypt(row.body).strip().lower().startswith("/stop"):
                    return None  # the person began anew
                between += 1
                continue
            if row.kind in (ANSWERED, "crisis"):
                return None  # answered already (a yes is the crisis card)
            if row.kind == FOLLOWED_UP:
                followed_up = True
            if row.kind != "check_in":
                continue
            # The message the question answers (reply_to): asked for a message that waited for
            # Rasa, the question comes after the person's later messages (bot.scale.waiting).
            raised = next((r for r in rows[i + 1:] if r.direction == "in" and r.id == row.reply_to), None)
            if raised is None:
                raised = next((r for r in rows[i + 1:] if r.direction == "in"), None)
            if raised is None:
                return None
            in_time = between == 0 or (between == 1 and followed_up)
            if not in_time and not pressed:
                return None
            return PendingCheckIn(cipher.decrypt(raised.body), followed_up=followed_up, late=not in_time)
        return None

    def safety_question_pending(self, conv) -> tuple[str, str | None] | None:
        """(language, voice) of the crisis card (with "Ben je nu veilig?") or not-safe answer when
        the bot's messages since the person's previous message hold one and this turn's message is
        the first since; else None. A card that cannot be told counts as the conversation's
        language, voice unknown."""
        with self.transcript.store.session() as s:
            rows = s.execute(
                select(Message.direction, Message.kind, Message.body).where(Message.conversation_id == conv.id)
                .order_by(Message.id.desc()).limit(12)
            ).all()
        if not rows or rows[0].direction != "in":
            return None
        card = False
        for row in rows[1:]:
            if row.direction != "out":
                break
            if row.kind == "crisis":
                card = True  # the card, the not-safe answer, or the huisartsenpost line that followed
                told = card_of(self.transcript.store.cipher.decrypt(row.body))
                if told:
                    return told
        return ((conv.language or "nl"), None) if card else None

    def last_card_voice(self, conv) -> str | None:
        """The voice of the latest crisis card or not-safe answer among the conversation's last
        messages (None when there is none): a message that names nobody ("soms", "vannacht al")
        after a card about a friend or a child is about them too."""
        with self.transcript.store.session() as s:
            rows = s.execute(
                select(Message.direction, Message.kind, Message.body).where(Message.conversation_id == conv.id)
                .order_by(Message.id.desc()).limit(CARD_LOOKBACK)
            ).all()
        rows = [row for row in rows if row.direction == "out" and row.kind == "crisis"]
        for row in rows:
            told = card_of(self.transcript.store.cipher.decrypt(row.body))
            if told:
                return told[1]
        return None

    def last_crisis_category(self, conv) -> str | None:
        with self.transcript.store.session() as s:
            c = s.get(Conversation, conv.id)
            return c.crisis_category if c is not None else None

    async def alert(self, turn: Turn, category: str, source: str) -> None:
        conv = turn.conversation
        try:
            await asyncio.to_thread(self.transcript.record_crisis, conv, category, source, self.hooks.crisis_listeners)
        except Exception as exc:
            log.error("could not record crisis conversation=%s error=%s", conv.reference, type(exc).__name__)
        try:
            await self.alerts.crisis(reference=conv.reference, category=category)
        except Exception as exc:
            log.error("staff alert failed conversation=%s error=%s", conv.reference, type(exc).__name__)
