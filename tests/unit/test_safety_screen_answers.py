"""Short intake answers are no risk signal on their own; the same words with a risk word are."""

import pytest

from bot.safety.screen import screen


@pytest.mark.parametrize("text", ["ik ben 15", "nee, ik ben 15", "15", "vijftien", "liever niet", "weet ik niet", "terug", "overslaan", "stop"])
def test_a_plain_answer_to_an_intake_question_gets_no_check_in(text):
    v = screen(text)
    assert not v.crisis and not v.check_in, v


@pytest.mark.parametrize("text", ["ik ben 15 en ik wil dood", "ik ben 15 en ik snij mezelf"])
def test_an_age_with_a_risk_signal_still_gets_the_crisis_reply(text):
    assert screen(text).crisis


def test_a_short_concern_without_an_age_still_gets_the_check_in():
    v = screen("ik wil niet meer")
    assert v.crisis or v.check_in
