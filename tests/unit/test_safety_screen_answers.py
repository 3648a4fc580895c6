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


# Who is writing and nothing else, as typed at "Voor wie schrijf je?" or as a first message: the
# classifier alone once gave "ik ben haar vader" the crisis card (a 24-writer model, P(crisis) 0.90).
@pytest.mark.parametrize("text", [
    "ik ben haar vader", "ik ben zijn vader", "ik ben de papa", "ik ben haar moeder", "moeder van drie jongens",
    "ik ben haar stiefvader", "stiefvader van een puber", "ik ben de stiefmoeder van een meisje van 12",
    "ik ben zijn oma", "opa van een jongen van 8", "ik ben haar voogd", "voogd van een jongen van 16",
    "ik ben pleegvader", "ik ben docent", "ik ben de mentor", "I'm her dad", "I am his stepdad", "his grandma",
    "over mezelf", "ik ben 17 jaar",
])
def test_saying_who_is_writing_gets_no_check_in_and_no_crisis_card(text):
    v = screen(text)
    assert not v.crisis and not v.check_in, v


@pytest.mark.parametrize("text, outcome, source", [("ik ben haar vader", "crisis", "classifier"),
                                                   ("ik ben zijn moeder", "check_in", "classifier"),
                                                   ("ik ben 15", "crisis", "classifier")])
def test_the_classifier_alone_never_answers_a_plain_answer(text, outcome, source):
    from bot.safety.concepts import find
    from bot.safety.screen import plain_answer_floor

    assert plain_answer_floor(outcome, source, text, find(text)) == "none"


@pytest.mark.parametrize("text, outcome, source", [
    ("ik ben haar vader en ze wil dood", "crisis", "rules"),  # more than who is writing, and a signal
    ("ik ben haar vader, ze is sinds gisteren weg", "crisis", "classifier"),  # more than who is writing
    ("ik ben zijn vader", "crisis", "rules+classifier"),  # the rules took part: never changed here
])
def test_more_than_a_plain_answer_keeps_its_outcome(text, outcome, source):
    from bot.safety.concepts import find
    from bot.safety.screen import plain_answer_floor

    assert plain_answer_floor(outcome, source, text, find(text)) == outcome


def test_a_role_with_a_risk_signal_still_gets_the_crisis_reply():
    assert screen("ik ben haar vader, ze heeft net een hele strip pillen ingenomen").crisis


@pytest.mark.parametrize("text", ["his wee brother is nine and hates school", "my wee girl won't sleep in her own bed",
                                  "her wee sister keeps crying at the school gate"])
def test_wee_meaning_small_is_no_sexual_abuse_card(text):
    # Scottish and Irish English: "wee" is small. The card for sexual abuse was sent on these.
    v = screen(text)
    assert not v.crisis, v


@pytest.mark.parametrize("text", ["she told me her uncle touched her wee", "he keeps touching my wee, said the little one"])
def test_wee_as_a_childs_word_with_touching_still_gets_the_card(text):
    v = screen(text)
    assert v.crisis and v.category == "sexual_abuse", v
