"""The fuzzer's rules catch what they are meant to catch (a check that cannot fail is no check)."""

import random

import pytest

from bot.replies import Button, Reply
from tests.support.fuzz import ANSWERS, Turn, Violation, answer_for, check

Q = Reply("Hoe oud is je kind?")
B = Reply("Kies:", (Button("Ja", "/affirm"),))


def turns(*reply_lists, risk=False):
    return [Turn({"text": "x"}, list(replies), risk) for replies in reply_lists]


@pytest.mark.parametrize("history,rule", [
    ([[Q], [Q], [Q]], "three times in a row"),
    ([[Reply("Sorry?"), Reply("Sorry?"), Reply("Sorry?"), Q]], "three times in a row"),
    ([[Reply("Dank je. Dank je.")]], "a sentence twice in one reply"),
    ([[Reply("Sorry, er gaat nu iets mis aan mijn kant.", kind="error")]], "unavailable"),
    ([[Reply("Traceback (most recent call last): ...")]], "unavailable"),
    ([[Reply("Nee, het kost niets.")]], "no next step"),
    ([[]], "no reply"),
    ([[Reply("Bel 113.", (Button("Ja", "/x"),), kind="crisis")]], "crisis text without any risk signal"),
])
def test_each_rule_catches_its_breakdown(history, rule):
    with pytest.raises(Violation) as caught:
        check(7, turns(*history))
    assert rule in caught.value.rule
    assert "INTAKE_FUZZ_SEED=7" in str(caught.value)


def test_a_healthy_conversation_passes_and_a_crisis_after_a_risk_signal_is_allowed():
    check(1, turns([B], [Q], [Reply("Nee, het kost niets."), Q]))
    history = turns([B]) + [Turn({"text": "ik wil niet meer leven"}, [Reply("Bel 113.", (B.buttons), kind="crisis")], True)]
    check(1, history)


def test_every_question_the_intake_asks_has_typed_answers_to_try():
    from bot.intake.texts import MESSAGES

    rng = random.Random(0)
    for name, (text, _buttons) in MESSAGES.items():
        if name.startswith("utter_ask_"):
            assert answer_for(text.split("\n")[-1], rng) is not None, name
    assert all(answers for _, answers in ANSWERS)
