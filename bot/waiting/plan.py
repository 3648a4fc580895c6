"""The safety plan: its steps, storage and rendering (no conversation I/O here).

The steps follow the Stanley-Brown Safety Planning Intervention, the method 113
Zelfmoordpreventie uses for its "veiligheidsplan": warning signs, what I can do myself, people
and places that help, who I call (113 and De Kindertelefoon are always in it), making my
surroundings safer, and what makes it worth it. See docs/safety.md.

Everything a person writes is stored encrypted with ``Store.cipher`` (``content`` for the
finished plan, ``draft`` while it is made or changed). Synchronous: callers run it in a thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.replies import t
from bot.safety.helplines import placeholders
from bot.store.crypto import Cipher
from bot.store.models import Message, utcnow
from bot.store.models_waiting import SafetyPlan
from bot.waiting import texts as T

log = logging.getLogger("bot.waiting.plan")

STEPS = tuple(code for code, _heading, _question in T.PLAN_STEPS)
HEADINGS = {code: heading for code, heading, _question in T.PLAN_STEPS}
QUESTIONS = {code: question for code, _heading, question in T.PLAN_STEPS}
MAX_ANSWER = 1000
MEANS_STEP = "safe_surroundings"  # Stanley-Brown's "making the environment safe"
# A crisis message counts as the answer to the open step only when that step was asked recently.
CRISIS_ANSWER_WINDOW = timedelta(hours=2)

NEW, EDIT, ONE = "new", "edit", "one"  # make a plan; walk through all steps to change; change one step


@dataclass
class PlanState:
    """One person's plan as the conversation needs it, decrypted."""

    exists: bool = False
    content: dict[str, str] = field(default_factory=dict)  # the finished plan
    draft: dict[str, str] = field(default_factory=dict)
    step: str | None = None
    mode: str | None = None
    sender_id: str | None = None
    paused: bool = False
    shared: bool = False
    shared_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return bool(self.content)

    @property
    def open(self) -> bool:
        return self.step is not None and not self.paused



def _load_json(cipher: Cipher, token: bytes | None) -> dict[str, str]:
    if not token:
        return {}
    try:
        value = json.loads(cipher.decrypt(token))
    except ValueError:
        return {}
    return {k: str(v) for k, v in value.items() if k in STEPS} if isinstance(value, dict) else {}


def _dump(cipher: Cipher, value: dict[str, str]) -> bytes | None:
    return cipher.encrypt(json.dumps(value, ensure_ascii=False)) if value else None


def row_of(session: Session, conversation_id: int) -> SafetyPlan | None:
    return session.execute(select(SafetyPlan).where(SafetyPlan.conversation_id == conversation_id)).scalar_one_or_none()


def state_of(row: SafetyPlan | None, cipher: Cipher) -> PlanState:
    if row is None:
        return PlanState()
    return PlanState(exists=True, content=_load_json(cipher, row.content), draft=_load_json(cipher, row.draft),
                     step=row.step, mode=row.mode, sender_id=row.sender_id, paused=bool(row.paused),
                     shared=bool(row.shared), shared_at=row.shared_at)


def save(session: Session, conversation_id: int, state: PlanState, cipher: Cipher) -> None:
    row = row_of(session, conversation_id)
    if row is None:
        row = SafetyPlan(conversation_id=conversation_id)
        session.add(row)
    row.content = _dump(cipher, state.content)
    row.draft = _dump(cipher, state.draft)
    row.step, row.mode, row.sender_id, row.paused = state.step, state.mode, state.sender_id, state.paused
    if bool(row.shared) != state.shared:
        row.shared_at = utcnow() if state.shared else None
    row.shared = state.shared
    row.updated_at = utcnow()


# -- moving through the steps (pure) -----------------------------------------------------------


def begin(state: PlanState, *, mode: str, sender_id: str, step: str | None = None) -> None:
    """Start answering: a new plan from its first step, or a change of the finished plan
    (all steps with ``EDIT``, one step with ``ONE``)."""
    state.mode, state.sender_id, state.paused = mode, sender_id, False
    state.draft = {} if mode == NEW else dict(state.content)
    state.step = step if mode == ONE else STEPS[0]


def waiting(state: PlanState) -> bool:
    """Something was started and not finished: paused after a crisis, or a new plan stopped halfway."""
    return state.paused or (state.mode == NEW and state.step is None and bool(state.draft))


def resume(state: PlanState, *, sender_id: str) -> bool:
    """Go on where it stopped; False when every step is answered (the caller finishes it)."""
    state.sender_id, state.paused = sender_id, False
    state.mode = state.mode or NEW
    if state.step is None and state.mode == NEW:
        state.step = next((s for s in STEPS if s not in state.draft), None)
    return state.step is not None


def answer(state: PlanState, text: str) -> bool:
    """Note the answer for the open step; True when it was cut to MAX_ANSWER."""
    text = text.strip()
    state.draft[state.step] = text[:MAX_ANSWER]
    return len(text) > MAX_ANSWER


def advance(state: PlanState) -> bool:
    """To the next step; False when there is none left for this mode (then ``step`` is None)."""
    if state.mode == ONE:
        state.step = None
        return False
    index = STEPS.index(state.step) + 1
    state.step = STEPS[index] if index < len(STEPS) else None
    return state.step is not None


def back(state: PlanState) -> None:
    index = STEPS.index(state.step)
    if index > 0 and state.mode != ONE:
        state.step = STEPS[index - 1]


def finish(state: PlanState) -> None:
    state.content = {k: v for k, v in state.draft.items() if v}
    state.draft, state.step, state.mode, state.paused = {}, None, None, False


def stop(state: PlanState) -> None:
    """Stop answering: a new plan keeps what was written (to go on later); a change is dropped."""
    if state.mode != NEW:
        state.draft, state.mode = {}, None
    state.step, state.paused = None, False


# -- after a crisis in the middle of a step ---------------------------------------------------


def pause_after_crisis(session: Session, *, conversation_id: int, cipher: Cipher) -> bool:
    """A crisis message came in while a step was open; the help lines went out first (the core
    does that before anything else). Keep the message as the answer to that step when the step
    was asked recently, and pause: the plan goes on only when the person chooses to."""
    row = row_of(session, conversation_id)
    if row is None or row.step is None or row.paused:
        return False
    state = state_of(row, cipher)
    if utcnow() - row.updated_at <= CRISIS_ANSWER_WINDOW:
        words = _risky_answer(session, conversation_id, cipher, since=row.updated_at)
        if words is not None:
            answer(state, words)
            advance(state)
    state.paused = True
    save(session, conversation_id, state, cipher)
    log.info("safety plan paused after a crisis conversation=%s", conversation_id)
    return True


def _risky_answer(session: Session, conversation_id: int, cipher: Cipher, *, since: datetime) -> str | None:
    """The message that raised the alarm: the newest typed one since the step was asked that the
    screen does not pass as "none" (the crisis message itself, or, when the alarm came from a
    "yes" to the screen's direct question, the message that raised that question)."""
    from bot.safety import screen

    rows = session.execute(select(Message).where(
        Message.conversation_id == conversation_id, Message.direction == "in", Message.kind == "text",
        Message.created_at >= since - timedelta(seconds=1)).order_by(Message.id.desc()).limit(3)).scalars()
    for message in rows:
        words = cipher.decrypt(message.body)
        verdict = screen(words)
        if verdict.crisis or verdict.check_in:
            return words
    return None


# -- showing the plan --------------------------------------------------------------------------


def render(content: dict[str, str], language: str, *, title: bool = True) -> str:
    lines = [t(language, T.PLAN_TITLE)] if title else []
    for number, code in enumerate(STEPS, start=1):
        lines.append("")
        lines.append(f"{number}. {t(language, HEADINGS[code])}")
        lines.append(content.get(code) or t(language, T.PLAN_EMPTY_ANSWER))
        if code == "contacts":
            lines.append(t(language, T.PLAN_HELP_LINES, **placeholders()))
    return "\n".join(lines)


def staff_view(content: dict[str, str]) -> list[tuple[str, str]]:
    """(heading, the person's words) in Dutch, for the handover page."""
    return [(HEADINGS[code], content.get(code, "")) for code in STEPS]
