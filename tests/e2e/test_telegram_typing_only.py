"""Typing only, on Telegram: a parent, a young person and a professional each start with a bare
/start and type every answer (no button is ever pressed), through the real bot app
(python-telegram-bot) against the fake Bot API and the shared stack's Rasa. The same people and
answers as tests/conversation/test_typing_only.py (tests/support/typing_journeys.py), which goes
through `intake chat`."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from tests.support.typing_journeys import (
    BOOKED,
    CALL_BACK,
    PARENT,
    PROFESSIONAL,
    STRANGER,
    STRANGER_FIRST,
    YOUNG,
    answer_for,
)

pytestmark = pytest.mark.stack

SORRY = "Sorry, er gaat nu iets mis"
_chat_ids = itertools.count(random.randint(5 * 10**8, 6 * 10**8))


def said(message: dict) -> str:
    return message.get("text") or message.get("caption") or ""


def type_until(fake, answers: list[tuple[str, str]], goal: str, limit: int,
               first: str = "/start") -> tuple[int, list[tuple[str, list[str]]]]:
    """Sends ``first`` (a bare /start), then types the answer to each last question until ``goal``
    is said. Each message waits for the bot's replies first, as a person would (and the flood
    limit wants)."""
    chat = next(_chat_ids)
    log: list[tuple[str, list[str]]] = []
    typed = first
    for _ in range(limit):
        out = fake.exchange(chat, lambda text=typed: fake.send_text(chat, text), quiet=2.0, timeout=120.0)
        log.append((typed, [said(m) for m in out]))
        transcript = json.dumps(log[-6:], ensure_ascii=False, indent=1)
        assert not any(SORRY in said(m) for m in out), transcript
        if any(goal in said(m) for m in out):
            return chat, log
        question = next((m["text"] for m in reversed(out) if m.get("text")), "")
        typed = answer_for(answers, question, so_far=lambda shown=transcript: shown)
    raise AssertionError(f"{goal!r} not reached: {json.dumps(log[-6:], ensure_ascii=False, indent=1)}")


@pytest.mark.parametrize("answers", [PARENT, YOUNG], ids=["parent", "young person"])
def test_a_parent_and_a_young_person_book_by_typing_only_on_telegram(bot_app, fake, answers):
    chat, log = type_until(fake, answers, BOOKED, limit=30)
    everything = " ".join(t for _, texts in log for t in texts)
    assert "Ik heb alles doorgegeven" in everything  # the handover came before the booking
    calendar = [m for m in fake.sent(chat) if (m.get("document") or {}).get("file_name", "").endswith(".ics")]
    assert calendar, "the appointment comes with a calendar file"
    assert not any(c.params.get("chat_id") == str(chat) for c in fake.calls_of("answerCallbackQuery")), "typed only"
    assert bot_app.alive()


def test_a_professional_is_called_back_by_typing_only_on_telegram(bot_app, fake):
    # From a bare /start the professional is redirected before the practice is known; asking for
    # a person asks which practice, then the call-back is made with when and the crisis lines.
    chat, log = type_until(fake, PROFESSIONAL, CALL_BACK, limit=6)
    everything = " ".join(t for _, texts in log for t in texts)
    assert "Deze chat is voor ouders en jongeren zelf" in everything
    last = " ".join(log[-1][1])
    assert "113" in last and "112" in last
    assert "Voor wie schrijf je" not in last, "not the intake again"
    assert bot_app.alive()


def test_a_stranger_who_asks_for_a_person_first_is_asked_the_practice_and_called_back_on_telegram(bot_app, fake):
    # No link and no code: the first message asks for a person. It got "Stuur /start met de code",
    # a dead end for a stranger; now the practice is asked and typed, and the call-back is made.
    chat, log = type_until(fake, STRANGER, CALL_BACK, limit=4, first=STRANGER_FIRST)
    everything = " ".join(t for _, texts in log for t in texts)
    assert "/start" not in everything
    last = " ".join(log[-1][1])
    assert "113" in last and "112" in last
    assert not any(c.params.get("chat_id") == str(chat) for c in fake.calls_of("answerCallbackQuery")), "typed only"
    assert bot_app.alive()
