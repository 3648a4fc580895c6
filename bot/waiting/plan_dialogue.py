"""The safety plan in the chat: make it step by step, see it, change it, share it.

Every step offers skip, back and stop (buttons, or typed "overslaan", "terug", "stop"); a
question in between gets a short answer and the same step again (:mod:`bot.waiting.plan_questions`);
any other typed text is the answer, in the person's own words. The plan is the young person's:
a parent or professional who asks for it gets an explanation (:mod:`bot.waiting.writer`). The core screens every message
before it gets here: a crisis answer gets the help lines and pauses the plan
(:func:`bot.waiting.plan.pause_after_crisis`); after "Ja, ik ben nu veilig" the person may go on.

Synchronous, one short transaction per call: the conversation side runs it in a thread.
"""

from __future__ import annotations

import json
import logging
import re

from sqlalchemy import select

from bot.conversation.model import ConversationRef
from bot.intake.parsing import normalise
from bot.replies import Button, Reply, t
from bot.safety.helplines import placeholders
from bot.store.models import Conversation, Practice
from bot.store.models_handover import Handover
from bot.waiting import plan as P
from bot.waiting import texts as T
from bot.waiting import writer as W
from bot.waiting.parsing import asks_something
from bot.waiting.plan_questions import ANSWERS, OTHER, question_kind

log = logging.getLogger("bot.waiting.plan")

_PAYLOAD_RE = re.compile(r"^/plan_(\w+?)(\{.*\})?$")
# Typed instead of pressed, as the whole message.
_SKIP_RE = re.compile(r"^(?:overslaan|sla over|sla deze over|skip|volgende|weet ik niet|weet ik nog niet)[.!]?$")
_BACK_RE = re.compile(r"^(?:terug|ga terug|vorige|vorige vraag|back)[.!]?$")
_STOP_RE = re.compile(r"^(?:stop|stoppen|ik wil stoppen|ik stop|laat maar|later|nu niet)[.!]?$")
_KEEP_RE = re.compile(r"^(?:zo laten|laat maar zo|hetzelfde|klopt nog)[.!]?$")
# The buttons of a message as the transcript keeps them: "text\n[Title] | [Title]".
_TITLES_RE = re.compile(r"\[([^\]]+)\]")
# Typed to a menu of the plan instead of pressing its first button ("Ja, begin maar", "Verder…").
_GO_RE = re.compile(r"^(?:verder|ga verder|doorgaan|ga door|begin|beginnen|begin maar|start|starten|"
                    r"laat zien|laat maar zien|go on|continue)[.!]?$")
# A yes or no typed to a menu counts only in a short message; a longer one is someone's own words.
MENU_WORDS = 4
# The menu buttons "no" means, in order of preference.
_NO_CHOICES = ("later", "noshare", "close")
_YES_CHOICES = ("start", "resume", "show")  # never "share" from the menu: only its own question


def _payload(name: str, **values) -> str:
    return f"/plan_{name}" + (json.dumps(values, separators=(",", ":")) if values else "")


def _choose(text: str, offered: list[tuple[str, str]]) -> str | None:
    """The payload a typed text picks from a menu's buttons (title, payload), or None."""
    from bot.intake.parsing import parse_yes_no

    words = normalise(text).strip().rstrip(".!")
    for title, payload in offered:
        if words == normalise(title).rstrip(".!"):
            return payload
    if words.isdigit() and 1 <= int(words) <= len(offered):
        return offered[int(words) - 1][1]
    if asks_something(text) or len(words.split()) > MENU_WORDS:
        return None
    names = {payload.removeprefix("/plan_"): payload for _title, payload in offered}
    yes = parse_yes_no(words)
    if yes is True or _GO_RE.match(words):
        if "share" in names and "noshare" in names:  # the question whether to share: a yes is consent
            return names["share"]
        return next((names[n] for n in _YES_CHOICES if n in names), None)
    if yes is False or _STOP_RE.match(words):
        return next((names[n] for n in _NO_CHOICES if n in names), None)
    return None


class PlanDialogue:
    def __init__(self, store):
        self.store = store

    # -- what the conversation asks ------------------------------------------------------------

    def is_answering(self, conv: ConversationRef) -> bool:
        """A step waits for typed text (cheap: one indexed row)."""
        with self.store.session() as s:
            row = P.row_of(s, conv.id)
            return row is not None and row.step is not None and not row.paused

    def menu(self, conv: ConversationRef) -> list[Reply]:
        """``/veiligheidsplan`` (or asking for it in words)."""
        with self.store.session() as s:
            state = P.state_of(P.row_of(s, conv.id), self.store.cipher)
            practice = self._practice(s, conv)
            role = None
            if not state.exists:  # nothing started here yet: is it the young person asking?
                role = W.writer_role(s, conv.id, self.store.cipher)
                if role in ("ouder", "professional"):
                    return [W.for_others(role, conv.language, practice)]
            return self._menu_of(s, conv, state, practice, parent_button=role is None and not state.exists)

    def _menu_of(self, s, conv: ConversationRef, state: P.PlanState, practice: Practice | None, *,
                 parent_button: bool = False) -> list[Reply]:
        """The plan's menu for the young person: go on, see it, or begin. ``parent_button``: nothing
        says who is writing, so the start also offers a parent the way to their explanation."""
        language = conv.language
        if state.step is not None and not state.paused and state.sender_id == conv.sender_id:
            return [self._ask(state, language)]
        if state.step is not None and not state.paused:  # /stop since the question: it stopped there
            P.stop(state)
            P.save(s, conv.id, state, self.store.cipher)
        if P.waiting(state):
            buttons = [Button(t(language, T.CONTINUE_BUTTON), _payload("resume"))]
            if state.finished:
                buttons.append(Button(t(language, T.SHOW_BUTTON), _payload("show")))
            else:
                buttons.append(Button(t(language, T.RESTART_BUTTON), _payload("restart")))
            buttons.append(Button(t(language, T.LATER_BUTTON), _payload("later")))
            return [Reply(t(language, T.PLAN_RESUME), tuple(buttons))]
        if state.finished:
            return self._show(state, language, practice)
        return [self._intro(language, practice, parent_button=parent_button)]

    def pressed(self, conv: ConversationRef, payload: str) -> list[Reply] | None:
        m = _PAYLOAD_RE.match(payload.strip())
        if not m:
            return None
        name = m.group(1)
        try:
            values = json.loads(m.group(2)) if m.group(2) else {}
        except ValueError:
            values = {}
        language = conv.language
        with self.store.session() as s:
            state = P.state_of(P.row_of(s, conv.id), self.store.cipher)
            practice = self._practice(s, conv)
            replies = self._on_press(s, conv, state, practice, name, values if isinstance(values, dict) else {})
            if replies is None:
                return [Reply(t(language, T.PLAN_CLOSED), kind="notice")]
            return replies

    def typed(self, conv: ConversationRef, text: str) -> list[Reply] | None:
        """The answer to the open step; None when no step waits (the message goes on to Rasa)."""
        with self.store.session() as s:
            row = P.row_of(s, conv.id)
            if row is None or row.step is None or row.paused:
                return None
            state = P.state_of(row, self.store.cipher)
            if state.sender_id != conv.sender_id:  # /stop since the question: it no longer waits
                P.stop(state)
                P.save(s, conv.id, state, self.store.cipher)
                return None
            practice = self._practice(s, conv)
            kind = question_kind(text)
            if kind == OTHER:
                return None  # the dialogue answers it; bot.waiting.conversation asks the step again
            if kind is not None:  # a question about the plan: a short answer, and the same step again
                log.info("safety plan question conversation=%s step=%s kind=%s", conv.reference, state.step, kind)
                answer = t(conv.language, ANSWERS[kind], **placeholders())
                return [Reply(answer), self._ask(state, conv.language)]
            words = normalise(text).strip()
            control = ("skip" if _SKIP_RE.match(words) else "back" if _BACK_RE.match(words)
                       else "stop" if _STOP_RE.match(words) else "keep" if _KEEP_RE.match(words) else None)
            if control is not None:
                return self._on_press(s, conv, state, practice, control, {})
            cut = P.answer(state, text)
            more = P.advance(state)
            replies = [Reply(t(conv.language, T.PLAN_TOO_LONG), kind="notice")] if cut else []
            if more:
                P.save(s, conv.id, state, self.store.cipher)
                return replies + [self._ask(state, conv.language, noted=not cut)]
            return replies + self._finish(s, conv, state, practice)

    def answers_means_step(self, conv: ConversationRef, text: str) -> bool:
        """The open step is the one about means, and this answer names means and nothing else the
        screen would ask about (it got a check-in, never a crisis: bot.waiting.plan_means)."""
        from bot.waiting.plan_means import only_names_means

        with self.store.session() as s:
            row = P.row_of(s, conv.id)
            if (row is None or row.step != P.MEANS_STEP or row.paused or row.sender_id != conv.sender_id
                    or question_kind(text) is not None):
                return False
        return only_names_means(text)

    def after_dialogue_answer(self, conv: ConversationRef, dialogue_asks: bool) -> list[Reply]:
        """The dialogue answered a question typed at an open step: that step again. When the
        dialogue asked something of its own (it offered buttons), the plan waits for
        /veiligheidsplan instead, so that the next message answers the dialogue."""
        with self.store.session() as s:
            state = P.state_of(P.row_of(s, conv.id), self.store.cipher)
            if not state.open or state.sender_id != conv.sender_id:
                return []
            if dialogue_asks:
                state.paused = True
                P.save(s, conv.id, state, self.store.cipher)
                return [Reply(t(conv.language, T.PLAN_WAITS), kind="notice")]
            return [self._ask(state, conv.language)]

    def typed_menu(self, conv: ConversationRef, text: str) -> list[Reply] | None:
        """Typed instead of pressed, to the plan's menu the bot sent last ("ja" to "Zullen we
        beginnen?", "verder", "nee", a button's title or its number): that button. None when the
        last message was no plan menu, or the text is no choice (it goes on to Rasa)."""
        with self.store.session() as s:
            from bot.store.models import Message

            rows = s.execute(select(Message).where(Message.conversation_id == conv.id)
                             .order_by(Message.id.desc()).limit(2)).scalars().all()
            if len(rows) < 2 or rows[0].direction != "in" or rows[1].direction != "out":
                return None
            titles = _TITLES_RE.findall(self.store.cipher.decrypt(rows[1].body).rsplit("\n", 1)[-1])
            if not titles:
                return None
            table = self._menu_table(conv.language, self._practice(s, conv))
        if any(title not in table for title in titles):
            return None
        offered = [(title, table[title]) for title in titles]
        choice = _choose(text, offered)
        if choice is None and any(payload == "/plan_parent" for _title, payload in offered):
            from bot.content.themes import read_role  # "ik ben zijn moeder" to the plan's start

            choice = {"ouder": "/plan_parent", "professional": "/plan_professional"}.get(
                read_role(text, answering=True) or "")
        return None if choice is None else self.pressed(conv, choice)

    @staticmethod
    def _menu_table(language: str, practice: Practice | None) -> dict[str, str]:
        """Every menu button of the plan (not a step's own buttons): title -> payload."""
        table = {t(language, title): _payload(name) for title, name in (
            (T.START_BUTTON, "start"), (T.LATER_BUTTON, "later"), (T.SHOW_BUTTON, "show"),
            (T.CONTINUE_BUTTON, "resume"), (T.RESTART_BUTTON, "restart"), (T.EDIT_BUTTON, "edit"),
            (T.UNSHARE_BUTTON, "unshare"), (T.CLOSE_BUTTON, "close"), (T.SHARE_YES_BUTTON, "share"),
            (T.SHARE_NO_BUTTON, "noshare"), (T.ALL_STEPS_BUTTON, "edit_all"),
            (T.FOR_PARENT_BUTTON, "parent"))}
        if practice is not None:
            table[t(language, T.SHARE_BUTTON).format(worker_title=practice.worker_title)] = _payload("share")
        for n, code in enumerate(P.STEPS, start=1):
            table[f"{n}. {t(language, P.HEADINGS[code])}"] = _payload("edit", step=code)
        return table

    def offer_after_safe(self, conv: ConversationRef, *, about: str | None = None) -> list[Reply]:
        """The person said they are safe now (after the help lines): offer the plan to a young
        person about themselves. ``about`` None: read it from the message that raised the alarm."""
        with self.store.session() as s:
            if about is None:
                about = self._voice_of_last_alarm(s, conv)
            if about != "self":
                return []
            if W.writer_role(s, conv.id, self.store.cipher) in ("ouder", "professional"):
                return []  # a parent or professional safe now: the plan is the young person's
            state = P.state_of(P.row_of(s, conv.id), self.store.cipher)
            language = conv.language
            later = Button(t(language, T.LATER_BUTTON), _payload("later"))
            if P.waiting(state):
                return [Reply(t(language, T.PLAN_OFFER_CONTINUE),
                              (Button(t(language, T.CONTINUE_BUTTON), _payload("resume")), later),
                              meta={"plan_offer": True})]
            if state.finished:
                return [Reply(t(language, T.PLAN_OFFER_SHOW),
                              (Button(t(language, T.SHOW_BUTTON), _payload("show")), later),
                              meta={"plan_offer": True})]
            return [Reply(t(language, T.PLAN_OFFER_AFTER_SAFE),
                          (Button(t(language, T.START_BUTTON), _payload("start")), later),
                          meta={"plan_offer": True})]

    # -- buttons -------------------------------------------------------------------------------

    def _on_press(self, s, conv: ConversationRef, state: P.PlanState, practice, name: str,
                  values: dict) -> list[Reply] | None:
        language, cipher = conv.language, self.store.cipher
        answering = state.step is not None and not state.paused and state.sender_id == conv.sender_id
        if name == "start" and P.waiting(state):
            name = "resume"  # an earlier start is waiting: go on with it
        if name in ("start", "restart"):
            if state.finished and name == "start":
                return self._show(state, language, practice)
            P.begin(state, mode=P.NEW, sender_id=conv.sender_id)
            P.save(s, conv.id, state, cipher)
            return [self._ask(state, language)]
        if name == "resume":
            if not P.resume(state, sender_id=conv.sender_id):
                return self._finish(s, conv, state, practice)
            P.save(s, conv.id, state, cipher)
            return [self._ask(state, language)]
        if name in ("parent", "professional"):
            return [W.for_others("ouder" if name == "parent" else name, language, practice)]
        if name == "later":
            if state.paused:
                state.paused = False
                P.stop(state)
                P.save(s, conv.id, state, cipher)
            return [Reply(t(language, T.PLAN_LATER))]
        if name in ("skip", "keep", "back", "stop"):
            if not answering:
                return None
            if name == "stop":
                text = T.PLAN_STOPPED if state.mode == P.NEW else T.PLAN_STOPPED_EDIT
                P.stop(state)
                P.save(s, conv.id, state, cipher)
                return [Reply(t(language, text))]
            if name == "back":
                P.back(state)
                P.save(s, conv.id, state, cipher)
                return [self._ask(state, language)]
            if name == "skip" and state.mode == P.NEW:
                state.draft.pop(state.step, None)
            if P.advance(state):
                P.save(s, conv.id, state, cipher)
                return [self._ask(state, language)]
            return self._finish(s, conv, state, practice)
        if not state.finished:
            return [Reply(t(language, T.PLAN_NONE)), self._intro(language, practice)]
        if name == "show":
            return self._show(state, language, practice)
        if name == "edit":
            step = values.get("step")
            if step in P.STEPS:
                P.begin(state, mode=P.ONE, sender_id=conv.sender_id, step=step)
                P.save(s, conv.id, state, cipher)
                return [self._ask(state, language)]
            buttons = [Button(f"{n}. {t(language, P.HEADINGS[code])}", _payload("edit", step=code))
                       for n, code in enumerate(P.STEPS, start=1)]
            buttons.append(Button(t(language, T.ALL_STEPS_BUTTON), _payload("edit_all")))
            return [Reply(t(language, T.PLAN_PICK_STEP), tuple(buttons))]
        if name == "edit_all":
            P.begin(state, mode=P.EDIT, sender_id=conv.sender_id)
            P.save(s, conv.id, state, cipher)
            return [self._ask(state, language)]
        if name in ("share", "unshare", "noshare"):
            return self._share(s, conv, state, practice, share=name == "share")
        if name == "close":
            return [Reply(t(language, T.PLAN_CLOSED))]
        return None

    # -- pieces --------------------------------------------------------------------------------

    def _ask(self, state: P.PlanState, language: str, *, noted: bool = False) -> Reply:
        number = P.STEPS.index(state.step) + 1
        lines = [t(language, T.PLAN_NOTED)] if noted else []
        lines.append(t(language, T.PLAN_STEP_HEADER).format(number=number, count=len(P.STEPS))
                     + ": " + t(language, P.HEADINGS[state.step]))
        lines.append(t(language, P.QUESTIONS[state.step]))
        current = state.draft.get(state.step) if state.mode != P.NEW else None
        if current:
            lines.append(t(language, T.PLAN_CURRENT).format(answer=current))
        buttons = [Button(t(language, T.PLAN_KEEP_BUTTON if current else T.PLAN_SKIP_BUTTON),
                          _payload("keep" if current else "skip"))]
        if number > 1 and state.mode != P.ONE:
            buttons.append(Button(t(language, T.PLAN_BACK_BUTTON), _payload("back")))
        buttons.append(Button(t(language, T.PLAN_STOP_BUTTON), _payload("stop")))
        return Reply("\n".join(lines), tuple(buttons))

    def _intro(self, language: str, practice: Practice | None, *, parent_button: bool = False) -> Reply:
        text = (t(language, T.PLAN_INTRO).format(count=len(P.STEPS), worker_title=practice.worker_title)
                if practice is not None else t(language, T.PLAN_INTRO_NO_PRACTICE).format(count=len(P.STEPS)))
        buttons = [Button(t(language, T.START_BUTTON), _payload("start")),
                   Button(t(language, T.LATER_BUTTON), _payload("later"))]
        if parent_button:
            buttons.append(Button(t(language, T.FOR_PARENT_BUTTON), _payload("parent")))
        return Reply(text, tuple(buttons))

    def _show(self, state: P.PlanState, language: str, practice: Practice | None) -> list[Reply]:
        buttons = [Button(t(language, T.EDIT_BUTTON), _payload("edit"))]
        if state.shared:
            buttons.append(Button(t(language, T.UNSHARE_BUTTON), _payload("unshare")))
        elif practice is not None:
            buttons.append(Button(t(language, T.SHARE_BUTTON).format(worker_title=practice.worker_title),
                                  _payload("share")))
        buttons.append(Button(t(language, T.CLOSE_BUTTON), _payload("close")))
        return [Reply(P.render(state.content, language)), Reply(t(language, T.PLAN_MENU), tuple(buttons))]

    def _finish(self, s, conv: ConversationRef, state: P.PlanState, practice: Practice | None) -> list[Reply]:
        language = conv.language
        new = state.mode in (P.NEW, None) and not state.finished
        P.finish(state)
        P.save(s, conv.id, state, self.store.cipher)
        log.info("safety plan %s conversation=%s steps=%d", "made" if new else "changed", conv.reference,
                 len(state.content))
        if not new:
            return [Reply(t(language, T.PLAN_CHANGED))] + self._show(state, language, practice)
        replies = [Reply(t(language, T.PLAN_DONE)), Reply(P.render(state.content, language))]
        if practice is not None and not state.shared:
            replies.append(Reply(t(language, T.PLAN_ASK_SHARE).format(worker_title=practice.worker_title,
                                                                      practice=practice.name),
                                 (Button(t(language, T.SHARE_YES_BUTTON), _payload("share")),
                                  Button(t(language, T.SHARE_NO_BUTTON), _payload("noshare")))))
        return replies

    def _share(self, s, conv: ConversationRef, state: P.PlanState, practice: Practice | None, *,
               share: bool) -> list[Reply]:
        language = conv.language
        if share and practice is None:
            return [Reply(t(language, T.PLAN_SHARE_NEEDS_PRACTICE))]
        was = state.shared
        state.shared = share
        P.save(s, conv.id, state, self.store.cipher)
        log.info("safety plan shared=%s conversation=%s", share, conv.reference)
        title = practice.worker_title if practice is not None else ""
        if share:
            has_handover = s.execute(select(Handover.id).where(Handover.conversation_id == conv.id)
                                     .limit(1)).scalar_one_or_none() is not None
            text = T.PLAN_SHARED if has_handover else T.PLAN_SHARED_NO_HANDOVER
            return [Reply(t(language, text).format(worker_title=title, practice=practice.name))]
        return [Reply(t(language, T.PLAN_UNSHARED if was else T.PLAN_NOT_SHARED).format(worker_title=title))]

    @staticmethod
    def _practice(s, conv: ConversationRef) -> Practice | None:
        return s.get(Practice, conv.practice_id) if conv.practice_id else None

    def _voice_of_last_alarm(self, s, conv: ConversationRef) -> str:
        """Whose safety the last crisis was about, from the newest message the screen raised it on."""
        from bot.safety import screen
        from bot.store.models import Message

        rows = s.execute(select(Message).where(Message.conversation_id == conv.id, Message.direction == "in",
                                               Message.kind == "text")
                         .order_by(Message.id.desc()).limit(6)).scalars()
        for message in rows:
            verdict = screen(self.store.cipher.decrypt(message.body))
            if verdict.crisis:
                about = getattr(verdict, "about", None) or "self"
                return "child" if verdict.category == "parent_worry" else about
        return "self"


def conversation_ref(s, conversation_id: int) -> ConversationRef | None:
    conv = s.get(Conversation, conversation_id)
    if conv is None:
        return None
    return ConversationRef(id=conv.id, reference=conv.reference, sender_id=conv.sender_id,
                           language=conv.language, practice_id=conv.practice_id)
