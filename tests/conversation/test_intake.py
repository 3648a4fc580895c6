"""The intake through the real stack (Rasa server, action server, bot app, database).

A small driver answers whatever question the bot asks, the way a person would, so the tests
follow the dialogue instead of a fixed script; each test then checks the stored handover.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support.stack import INTAKE, ROOT, LiveChat

pytestmark = pytest.mark.stack

DONE = "Ik heb alles doorgegeven"
REQUEST = "/request_appointment"


def _button(reply_buttons, value_fragment):
    return next((b["payload"] for b in reply_buttons if value_fragment in b["payload"]), None)


class Person:
    """Answers the intake's questions from a dict of answers; records every turn. One `intake chat
    --json` process per person for the whole conversation (``close()`` ends it)."""

    def __init__(self, stack, answers: dict[str, str], prefix="intake"):
        self.stack = stack
        self.user = stack.new_user(prefix)
        self.answers = answers
        self.turns: list[tuple[dict, list[dict]]] = []
        self.chat = LiveChat(stack, self.user)

    def send(self, line: dict) -> list[dict]:
        replies = self.chat.send(**line)
        self.turns.append((line, replies))
        return replies

    def close(self) -> None:
        self.chat.close()

    def say(self, text: str) -> list[dict]:
        return self.send({"text": text})

    def press(self, payload: str) -> list[dict]:
        return self.send({"button": payload})

    def ask_appointment(self) -> list[dict]:
        """Press the appointment button when the bot offered it; otherwise type the wish."""
        offered = [b["payload"] for r in (self.turns[-1][1] if self.turns else []) for b in r.get("buttons") or []]
        if REQUEST in offered:
            return self.press(REQUEST)
        return self.say("ik wil graag een afspraak maken")

    def texts(self, replies=None) -> list[str]:
        return [r["text"] for r in (replies if replies is not None else self.turns[-1][1])]

    def answer(self, replies: list[dict]) -> list[dict] | None:
        """Answer the last question in ``replies``; None when the intake is done or nothing is asked."""
        last = replies[-1] if replies else {"text": "", "buttons": []}
        q, buttons = last["text"], last.get("buttons") or []
        a = self.answers
        if any(DONE in r["text"] for r in replies):
            return None
        if _button(buttons, "deny_risk"):
            # The screen's check-in ("ben je nu in gevaar?"): these people are not in danger.
            return self.press(_button(buttons, "deny_risk"))
        if "Wil je hierover praten" in q or _button(buttons, "request_appointment"):
            return self.ask_appointment()
        table = [
            ("Voor wie schrijf je", "role", "button"), ("Hoe oud", "age", "text"),
            ("dat je contact opneemt", "consent_parents", "button"), ("ouders erbij betrokken", "consent_parents", "button"),
            ("dat je hulp zoekt", "consent_parents", "button"), ("Waar gaat het over", "topic", "button"),
            ("Hoe lang speelt", "duration", "text"), ("naar school", "school", "button"),
            ("dagelijks leven", "impact", "text"), ("Hoe zwaar", "heaviness", "button"),
            ("Helpt er al iemand", "help", "text"), ("Wat hoop je", "hope", "text"),
            ("noemen", "name", "text"), ("contact met je opnemen", "contact", "text"),
            ("huisarts", "consent_huisarts", "button"),
        ]
        for fragment, key, kind in table:
            if fragment in q:
                value = a[key]
                if kind == "button":
                    payload = _button(buttons, f'"{value}"')
                    assert payload, f"no button {value!r} in {buttons}"
                    return self.press(payload)
                return self.say(value)
        if not any(line.get("button") == REQUEST or line.get("text") == "ik wil graag een afspraak maken"
                   for line, _ in self.turns):
            return self.ask_appointment()  # as a person would ask when no button is offered
        return None

    def run(self, first: list[str], limit: int = 25) -> list[dict]:
        replies: list[dict] = self.turns[-1][1] if self.turns else []
        for text in first:
            replies = self.say(text)
        for _ in range(limit):
            nxt = self.answer(replies)
            if nxt is None:
                return replies
            replies = nxt
        raise AssertionError("the intake did not finish: " + json.dumps(self.turns[-3:], ensure_ascii=False))

    @property
    def finished(self) -> bool:
        return any(DONE in r["text"] for _, replies in self.turns for r in replies)

    def turns_to_done(self, skip: int = 1) -> int:
        """User turns from the first real message (after /start) to the completed intake."""
        for i, (_, replies) in enumerate(self.turns):
            if any(DONE in r["text"] for r in replies):
                return i + 1 - skip
        raise AssertionError("not finished")


@pytest.fixture
def person(stack):
    """Makes the test's people and ends their chat processes afterwards."""
    made: list[Person] = []

    def make(answers: dict[str, str], prefix: str) -> Person:
        made.append(Person(stack, answers, prefix))
        return made[-1]

    yield make
    for p in made:
        p.close()


def _handovers_for(stack, user: str) -> list:
    """The handovers of this user's conversation, read straight from the stack's database."""
    from sqlalchemy import select

    from bot.config import Settings
    from bot.intake import repo as hrepo
    from bot.store import repo
    from bot.store.db import Store
    from bot.store.models_handover import Handover

    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            conv = repo.find_conversation(s, channel="terminal", external_id=user)
            rows = s.execute(select(Handover).where(Handover.conversation_id == conv.id)).scalars()
            return [hrepo.handover_view(s, handover=h, cipher=store.cipher) for h in rows]
    finally:
        store.dispose()


PARENT = {"consent_parents": "ja", "impact": "hij slaapt slecht en komt zijn kamer bijna niet uit",
          "heaviness": "7", "help": "nee, nog niemand", "hope": "dat hij weer naar school kan",
          "name": "Sanne", "contact": "06 12345678", "consent_huisarts": "ja", "school": "geen",
          "duration": "drie weken", "age": "13", "role": "ouder", "topic": "school"}


def test_parent_of_a_13_year_old_three_weeks_without_school_is_urgent(stack, person):
    p = person(PARENT, "parent")
    p.say("/start LINDE")
    p.run(["mijn zoon van 13 durft al drie weken niet naar school"])
    assert p.finished
    asked = " ".join(t for _, replies in p.turns for t in p.texts(replies))
    # Nothing asked that was already said: no age, duration or school question.
    assert "Hoe oud" not in asked and "Hoe lang speelt" not in asked and "Gaat je kind op dit moment" not in asked
    (h,) = _handovers_for(stack, p.user)
    assert h.urgency == "urgent"
    assert "school_absent_over_2_weeks" in h.flags
    assert h.practice_code == "LINDE" and h.age == 13 and h.themes[0] == "school"
    assert h.answers["phone"] == "+31612345678"
    assert "S — Situatie" in h.summary and "A — Advies/vraag" in h.summary
    assert any("drie weken" in line.text for line in h.transcript)

    out = subprocess.run([INTAKE, "handovers", "--json"], env=stack.client_env(), capture_output=True,
                         text=True, cwd=ROOT, check=True)
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert rows[h.id]["urgency"] == "urgent" and rows[h.id]["practice"] == "LINDE"


def test_16_year_old_who_does_not_want_parents_involved_is_regular_and_consent_is_recorded(stack, person):
    answers = {"consent_parents": "nee", "duration": "twee maanden", "impact": "ik kan me slecht concentreren",
               "heaviness": "5", "help": "nee", "hope": "iemand om mee te praten", "name": "liever niet",
               "contact": "via de chat", "consent_huisarts": "nee", "topic": "angst", "age": "16",
               "role": "jongere", "school": "gewoon"}
    p = person(answers, "young16")
    p.say("/start ANKER")
    p.say("ik ben 16 en ik pieker de hele tijd")
    replies = p.ask_appointment()
    consent_q = replies[-1]["text"]
    assert "je beslist zelf" in consent_q and "lezen dit gesprek" in consent_q
    # An FAQ in the middle is answered, and the same question comes back.
    replies = p.press(_button(replies[-1]["buttons"], '"nee"'))
    question = replies[-1]["text"]
    faq = p.say("wat kost het")
    assert any("kost niets" in t for t in p.texts(faq)), p.texts(faq)
    assert faq[-1]["text"] == question
    p.run([])
    assert p.finished
    (h,) = _handovers_for(stack, p.user)
    assert h.urgency == "regular"
    assert h.consent["band"] == "16_17" and h.consent["parents_involved"] == "nee"
    assert h.consent["share_with_huisarts"] is False
    assert h.answers["contact_method"] == "telegram" and h.answers["name"] is None


def test_15_year_old_is_told_the_consent_rule_and_can_correct_and_stop(stack, person):
    p = person({}, "young15")
    p.say("/start LINDE")
    p.say("hoi")
    p.press('/inform_role{"role":"jongere"}')
    replies = p.press('/inform_topic{"topic":"angst"}')
    assert replies[-1]["text"] == "Hoe oud ben je?"
    replies = p.say("14")
    text = replies[-1]["text"]
    assert "eerste gesprek" in text and "zonder je ouders" in text and "jij én je ouders" in text
    assert "lezen dit gesprek" in text
    replies = p.say("nee, ik ben 15")
    # The same age band: the question again, without the paragraph about the rule just read.
    assert replies[-1]["text"] == "Weten je ouders dat je hulp zoekt?", p.texts(replies)
    replies = p.say("terug")
    assert "Hoe oud" in replies[-1]["text"]
    replies = p.say("stop")
    assert any("ik stop met de vragen" in t for t in p.texts(replies))
    assert _handovers_for(stack, p.user) == []


def test_26_year_old_is_redirected_kindly_and_gets_no_handover(stack, person):
    p = person({}, "adult26")
    p.say("/start LINDE")
    p.say("ik ben 26 en ik voel me al maanden somber")
    replies = p.ask_appointment()
    joined = " ".join(p.texts(replies))
    assert "tot en met 23" in joined and "huisarts" in joined and "POH-GGZ" in joined
    assert not any(b for r in replies for b in r.get("buttons") or [] if "choose_slot" in b["payload"])
    assert _handovers_for(stack, p.user) == []


def test_a_crisis_in_the_middle_of_the_intake_gets_the_safety_reply_first_and_the_handover_becomes_crisis(stack, person):
    answers = {**PARENT, "age": "14", "impact": "ze zit alleen op haar kamer", "school": "soms",
               "duration": "een paar weken", "topic": "angst"}
    p = person(answers, "crisis")
    p.say("/start LINDE")
    p.say("mijn dochter van 14 is al weken heel somber")
    replies = p.ask_appointment()
    replies = p.press(_button(replies[-1]["buttons"], '"ja"'))
    question = replies[-1]["text"]
    replies = p.say("ze zegt dat ze dood wil")
    assert "113" in replies[0]["text"]  # the safety reply comes first
    assert replies[-1]["text"] == question  # then the intake resumes
    (h,) = _handovers_for(stack, p.user)
    assert h.urgency == "crisis" and not h.complete and "crisis_signal" in h.flags
    p.run([])
    assert p.finished
    (h,) = _handovers_for(stack, p.user)
    assert h.urgency == "crisis" and h.complete
    assert "crisis_signal" in h.flags


PARENT_OPENERS = [
    "mijn zoon van 13 durft al drie weken niet naar school",
    "onze dochter van 9 is sinds twee maanden heel bang om naar school te gaan",
    "mijn zoon is 15 en zit al een maand thuis, hij wil niet meer naar school",
    "mijn dochter van 11 heeft sinds de zomervakantie veel driftbuien en ruzie thuis",
    "mijn kind van 7 is al een paar weken erg angstig en slaapt slecht",
]


def test_turns_from_first_message_to_completed_intake_for_a_parent_who_gives_several_facts(sqlite_stack):
    # On SQLite only: it counts the dialogue's turns, which Rasa and the actions decide, not the
    # database. The intake on PostgreSQL (facts from the first message kept, nothing asked twice,
    # the stored handover) is checked by the other tests of this module, which run on both.
    counts = []
    for opener in PARENT_OPENERS:
        p = Person(sqlite_stack, {**PARENT, "topic": "school", "duration": "drie weken", "age": "10"}, "bench")
        try:
            p.say("/start LINDE")
            p.run([opener])
        finally:
            p.close()
        # The screen's check-in ("ben je nu in gevaar?") after an answer about withdrawal is the
        # safety net's cost, measured by make safety-eval; it is counted apart, not hidden.
        check_ins = sum(1 for line, _ in p.turns if "deny_risk" in (line.get("button") or ""))
        counts.append((p.turns_to_done(skip=1) - check_ins, check_ins))
    median = statistics.median(c for c, _ in counts)
    if os.environ.get("INTAKE_RECORD_BENCHMARKS") == "1":
        _append_benchmark(counts, median)
    assert median <= 10, counts


def _append_benchmark(counts: list[tuple[int, int]], median: float) -> None:
    path = Path(ROOT) / "docs" / "benchmarks.md"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"\n## Intake: turns to a completed intake ({stamp})\n\n"
        "Measured by `tests/conversation/test_intake.py::test_turns_from_first_message_to_completed_intake_"
        "for_a_parent_who_gives_several_facts` on the real stack: a parent opens with one sentence that "
        "holds several facts, presses the appointment button, and answers each question (buttons where "
        "offered). A turn is one message or button press, from the first message to the confirmation.\n\n"
        "| opener | turns | safety check-in questions on top |\n|---|---|---|\n"
        + "".join(f"| {o} | {c} | {k} |\n" for o, (c, k) in zip(PARENT_OPENERS, counts, strict=True))
        + f"\n**Median: {median:g} turns** (goal: at most 10).\n"
    )
    with path.open("a", encoding="utf-8") as fh:
        fh.write(section)
