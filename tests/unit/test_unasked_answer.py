"""A worry told in answer form ("ze zit al weken thuis", read as the answer to the school question)
while that question is not open: outside the intake it gets the theme's first-line answer (the
message is read again as the model's best theme question), at the practice question the same; a
real answer, a far theme or a pressed button starts the intake as before."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import _confident_intent
from actions.themes import ActionUnaskedAnswer
from bot.content.themes import UNASKED_THEME_FLOOR, unasked_answer_theme

SCHOOL_WORRY = [{"name": "inform_school", "confidence": 0.55}, {"name": "ask_school", "confidence": 0.38},
                {"name": "inform_impact", "confidence": 0.04}]


def parse(ranking, text="ze durft niet naar school, ze zit al weken thuis"):
    return {"text": text, "intent": dict(ranking[0]), "intent_ranking": ranking, "entities": []}


def tracker(text, ranking, slots=None):
    latest = parse(ranking, text)
    user = {"event": "user", "text": text, "parse_data": latest, "input_channel": "telegram",
            "metadata": {"chat": 1}, "message_id": "m1"}
    return Tracker.from_dict({
        "sender_id": "u1", "slots": slots or {}, "events": [user], "paused": False, "followup_action": None,
        "active_loop": {}, "latest_action_name": None, "latest_message": latest,
    })


def test_a_situation_answer_with_a_near_theme_reads_as_that_theme():
    assert unasked_answer_theme(parse(SCHOOL_WORRY)) == {"name": "ask_school", "confidence": 0.38}


@pytest.mark.parametrize("ranking", [
    # a far theme: the intake reads it
    [{"name": "inform_duration", "confidence": 0.8}, {"name": "ask_angst", "confidence": UNASKED_THEME_FLOOR - 0.01}],
    # an answer that tells no situation (an age, a name)
    [{"name": "inform_age", "confidence": 0.6}, {"name": "ask_school", "confidence": 0.39}],
    # a theme question with something else than an answer form next: the theme rules answer it
    [{"name": "ask_school", "confidence": 0.9}, {"name": "request_appointment", "confidence": 0.05}],
    # no theme in the ranking at all
    [{"name": "inform_impact", "confidence": 0.7}, {"name": "request_appointment", "confidence": 0.3}],
])
def test_other_messages_are_not_read_again(ranking):
    assert unasked_answer_theme(parse(ranking)) is None


def test_a_near_tie_of_a_theme_and_its_answer_form_is_the_theme_not_a_did_you_mean():
    # the FallbackClassifier's near tie (gap under 0.1): both readings say the same worry
    tie = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_school", "confidence": 0.51},
           {"name": "inform_school", "confidence": 0.43}]
    assert unasked_answer_theme({**parse(tie), "intent": tie[0]}) == {"name": "ask_school", "confidence": 0.51}
    # a near tie of two themes, or of a theme and anything else, stays a question to the person
    two_themes = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_school", "confidence": 0.46},
                  {"name": "ask_angst", "confidence": 0.41}, {"name": "inform_school", "confidence": 0.1}]
    assert unasked_answer_theme({**parse(two_themes), "intent": two_themes[0]}) is None
    booking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "reschedule_appointment", "confidence": 0.43},
               {"name": "inform_school", "confidence": 0.14}]
    assert unasked_answer_theme({**parse(booking), "intent": booking[0]}) is None


def test_after_the_fallback_the_models_own_first_guess_counts():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, *SCHOOL_WORRY]
    assert unasked_answer_theme({**parse(ranking), "intent": {"name": "nlu_fallback", "confidence": 0.5}}) == {
        "name": "ask_school", "confidence": 0.38}


async def test_outside_the_intake_the_message_is_read_again_as_the_theme_question():
    events = await ActionUnaskedAnswer().run(CollectingDispatcher(), tracker(
        "ze durft niet naar school, ze zit al weken thuis", SCHOOL_WORRY), {})
    reverted, listen, user = events
    assert reverted == UserUtteranceReverted() and listen == ActionExecuted("action_listen")
    assert user["text"] == "ze durft niet naar school, ze zit al weken thuis"
    assert user["parse_data"]["intent"] == {"name": "ask_school", "confidence": 0.38}
    assert [i["name"] for i in user["parse_data"]["intent_ranking"]] == ["ask_school", "inform_school", "inform_impact"]
    assert user["metadata"] == {"chat": 1} and user["message_id"] == "m1"  # the same message, not a new one


async def test_a_pressed_answer_button_or_a_far_theme_starts_the_intake_as_before():
    button = [{"name": "inform_school", "confidence": 1.0}, {"name": "ask_school", "confidence": 0.3}]
    assert await ActionUnaskedAnswer().run(CollectingDispatcher(), tracker(
        '/inform_school{"school_attendance":"geen"}', button), {}) == []
    far = [{"name": "inform_duration", "confidence": 0.9}, {"name": "ask_slaap", "confidence": 0.05}]
    assert await ActionUnaskedAnswer().run(CollectingDispatcher(), tracker("al drie weken", far), {}) == []


def test_at_the_practice_question_a_worry_in_answer_form_is_the_theme():
    at_practice = tracker("ze durft niet naar school, ze zit al weken thuis", SCHOOL_WORRY,
                          slots={"requested_slot": "practice_code"})
    assert _confident_intent(at_practice) == "ask_school"
    # at the school question itself the same words are its answer
    at_school = tracker("ze durft niet naar school, ze zit al weken thuis", SCHOOL_WORRY,
                        slots={"requested_slot": "school_attendance"})
    assert _confident_intent(at_school) == "inform_school"
