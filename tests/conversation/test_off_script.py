"""Off the script on the real stack: /stop in the middle and coming back, and a question asked
in between that is answered before the same question comes back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.stack

AGE = "Hoe oud is je kind?"


def _to_the_age_question(stack, prefix: str) -> str:
    user = stack.new_user(prefix)
    out = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": "ik ben de moeder"},
                      {"user": user, "text": "mijn zoon wil niet meer naar school"}])
    assert out[1]["replies"][-1]["text"] == "Waar gaat het over?", out[1]
    assert out[2]["replies"][-1]["text"] == AGE, out[2]
    return user


def test_after_stop_in_the_middle_a_new_message_starts_again_and_the_practice_is_not_asked_twice(stack):
    user = _to_the_age_question(stack, "stop-back")
    stopped, hello, role = stack.chat([{"user": user, "text": "/stop"}, {"user": user, "text": "hallo"},
                                       {"user": user, "text": "ik ben de moeder"}])
    assert "Ik ben gestopt met dit gesprek" in stopped["replies"][0]["text"]
    # A way on, not a dead end: a button or an open question (the fuzzer's rule).
    assert any(r["buttons"] for r in stopped["replies"]) or "?" in stopped["replies"][-1]["text"], stopped
    assert hello["replies"][-1]["text"] == "Voor wie schrijf je?", hello
    texts = [r["text"] for r in role["replies"]]
    assert texts[-1] == "Waar gaat het over?", texts  # the practice chosen before still holds
    assert not any("huisartsenpraktijk ben je ingeschreven" in t for t in texts), texts


def test_a_question_in_between_is_answered_and_the_same_question_comes_back(stack):
    user = _to_the_age_question(stack, "in-between")
    # A training example of faq/wachttijd: this checks the dialogue, not the understanding.
    asked, age = stack.chat([{"user": user, "text": "hoe lang moet ik wachten"}, {"user": user, "text": "dertien"}])
    texts = [r["text"] for r in asked["replies"]]
    assert len(texts) >= 2 and texts[-1] == AGE, texts
    assert not any("begreep ik niet" in t for t in texts), texts
    assert "Weet je kind dat je contact opneemt?" in age["replies"][-1]["text"], age


def _said(out: dict) -> list[str]:
    return [r["text"] for r in out["replies"]]


def test_hoi_after_opening_the_practices_link_asks_who_is_writing_without_the_introduction_again(stack):
    user = stack.new_user("hoi-after-link")
    opened, hoi = stack.chat([{"user": user, "text": "/start ANKER"}, {"user": user, "text": "hoi"}])
    assert any("digitale assistent" in t for t in _said(opened)), opened
    said = _said(hoi)
    assert said[-1] == "Voor wie schrijf je?", said
    assert not any("digitale assistent" in t for t in said), said  # the introduction once, not twice
