"""The baby/JGZ answer (the consultatiebureau, for children up to 4) is never given about a child
of 5 or older: the one rule (bot.content.themes.without_the_baby_guess), applied to every message in
the NLU pipeline (the age the message gives) and by the actions with the age the conversation knows
(actions/themes.py, the intake's worry at the practice question in actions/intake.py). The answer
itself ends with a way on."""

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import _confident_intent
from actions.themes import ActionAfterRole, ActionThemeFollowup, ActionThemeRole
from bot.content.themes import baby_answer_fits, child_age, intent_after, without_the_baby_guess
from bot.dialogue.unknown_words import UnknownWordsGuard


@pytest.mark.parametrize("text, known, fits", [
    ("mijn kind van 7 is al een paar weken erg angstig en slaapt slecht", None, False),
    ("mijn dochter is 12 en eet bijna niets", None, False),
    ("my son is 6 and wakes up every night", None, False),
    ("mijn zoon van 3 slaapt heel slecht", None, True),
    ("mijn zoontje van 8 maanden drinkt slecht", 14, True),  # months, and a baby named: not the older age
    ("ik ben 17 en mijn baby huilt de hele nacht", None, True),  # a young parent's own age
    ("hij slaapt slecht", 9, False),  # the age the conversation knows
    ("hij slaapt slecht", None, True),  # no age at all: the model's reading stands
    ("hij slaapt slecht", "onbekend", True),
    ("mijn dochter van vijf huilt veel", None, False),  # an age in words
])
def test_the_baby_answer_fits_only_a_child_up_to_4(text, known, fits):
    assert baby_answer_fits(text, known) is fits


def test_the_message_age_comes_before_the_conversation_age():
    assert child_age("mijn jongste is 2", 11) == 2
    assert child_age("/ask_baby_jgz", 11) == 11


RANKING = [{"name": "ask_baby_jgz", "confidence": 0.55}, {"name": "request_appointment", "confidence": 0.2},
           {"name": "ask_slaap", "confidence": 0.15}, {"name": "ask_angst", "confidence": 0.05}]


def _parse(text, ranking=RANKING):
    return {"text": text, "intent": ranking[0], "intent_ranking": ranking}


def _names(parse):
    return [i["name"] for i in parse["intent_ranking"]]


def test_without_the_baby_guess_the_models_other_guesses_are_raised_and_the_next_one_leads():
    again = without_the_baby_guess(_parse("mijn kind van 7 slaapt slecht"))
    assert _names(again) == ["request_appointment", "ask_slaap", "ask_angst"]
    assert again["intent"]["name"] == "request_appointment"
    assert round(again["intent"]["confidence"], 3) == round(0.2 / 0.45, 3)
    assert intent_after(again)["name"] == "nlu_fallback"  # not sure enough: the did-you-mean, without the baby
    sure = without_the_baby_guess(_parse("mijn dochter van 6 slaapt slecht", [
        {"name": "ask_baby_jgz", "confidence": 0.6}, {"name": "ask_slaap", "confidence": 0.3}]))
    assert intent_after(sure) == {"name": "ask_slaap", "confidence": 0.75}


def test_a_guess_the_model_barely_made_stays_unlikely():
    again = without_the_baby_guess(_parse("my son is 9 and wakes up every night", [
        {"name": "ask_baby_jgz", "confidence": 0.99}, {"name": "ask_slaap", "confidence": 0.01}]))
    assert again["intent"] == {"name": "ask_slaap", "confidence": 0.05}


def test_a_baby_guess_below_another_intent_is_dropped_from_the_choices_too():
    ranking = [{"name": "ask_school", "confidence": 0.4}, {"name": "ask_baby_jgz", "confidence": 0.35},
               {"name": "nlu_fallback", "confidence": 0.5}]
    again = without_the_baby_guess({"text": "my son is 9 and scared to go to school",
                                    "intent": {"name": "nlu_fallback", "confidence": 0.5}, "intent_ranking": ranking})
    assert _names(again) == ["ask_school"] and again["intent"]["name"] == "ask_school"


@pytest.mark.parametrize("text, known", [("mijn zoon van 3 slaapt heel slecht", None), ("hij slaapt slecht", None),
                                         ("/ask_baby_jgz", 9), ("mijn baby van 4 maanden slaapt slecht", 12)])
def test_the_parse_stands_for_a_young_child_no_age_or_a_pressed_button(text, known):
    assert without_the_baby_guess(_parse(text), known) is None


def test_the_parse_stands_without_a_baby_guess():
    assert without_the_baby_guess(_parse("mijn kind van 7 is bang", RANKING[1:])) is None


def _through_the_pipeline(text, ranking=RANKING):
    guard = UnknownWordsGuard({}, None, None, vocabulary={"mijn", "kind", "van", "slaapt", "slecht", "baby"})
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    guard.process([message])
    return message


def test_the_nlu_pipeline_drops_the_baby_guess_for_an_older_child_before_the_fallback_decides():
    message = _through_the_pipeline("mijn kind van 7 slaapt slecht")
    assert message.get("intent")["name"] == "request_appointment"
    assert "ask_baby_jgz" not in [i["name"] for i in message.get("intent_ranking")]
    assert message.get("baby_guess_dropped") is True and "baby_guess_dropped" in message.output_properties
    message = _through_the_pipeline("mijn baby slaapt slecht")
    assert message.get("intent")["name"] == "ask_baby_jgz" and message.get("baby_guess_dropped") is None


def _tracker(text, ranking=RANKING, slots=None, loop=None, events=None):
    intent = ranking[0]
    latest = {"text": text, "intent": intent, "intent_ranking": ranking, "entities": [],
              "metadata": {"language": "nl"}}
    user = {"event": "user", "text": text, "parse_data": latest, "metadata": {"language": "nl"},
            "input_channel": "terminal", "message_id": "m1"}
    return Tracker.from_dict({
        "sender_id": "t1", "slots": slots or {}, "events": [*(events or []), user], "paused": False,
        "followup_action": None, "active_loop": {"name": loop} if loop else {}, "latest_action_name": "action_listen",
        "latest_message": latest,
    })


async def _run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


SURE_OF_SLAAP = [{"name": "ask_baby_jgz", "confidence": 0.6}, {"name": "ask_slaap", "confidence": 0.3},
                 {"name": "ask_angst", "confidence": 0.05}]


async def test_a_baby_question_about_a_child_the_conversation_knows_to_be_7_is_read_again_as_the_next_theme():
    messages, events = await _run(ActionThemeRole(), _tracker("hij slaapt slecht", SURE_OF_SLAAP, slots={"age": 7.0}))
    assert messages == []
    assert [e["event"] for e in events] == ["rewind", "action", "user"]
    assert events[1]["name"] == "action_listen"
    user = events[2]
    assert user["text"] == "hij slaapt slecht"
    assert user["parse_data"]["intent"] == {"name": "ask_slaap", "confidence": 0.75}
    assert "ask_baby_jgz" not in [i["name"] for i in user["parse_data"]["intent_ranking"]]
    assert user["metadata"] == {"language": "nl"} and user["input_channel"] == "terminal"


async def test_without_a_likely_next_theme_the_did_you_mean_asks_without_the_baby_option():
    ranking = [RANKING[0], {"name": "faq", "confidence": 0.1}]
    _, events = await _run(ActionThemeRole(), _tracker("ze wil niet eten", ranking, slots={"age": 10.0}))
    assert events[2]["parse_data"]["intent"]["name"] == "nlu_fallback"
    assert [i["name"] for i in events[2]["parse_data"]["intent_ranking"]] == ["faq"]


async def test_a_baby_question_about_a_baby_or_a_pressed_button_is_not_read_again():
    _, events = await _run(ActionThemeRole(), _tracker("mijn baby van 4 maanden slaapt slecht", slots={"role": "ouder"}))
    assert events == []
    _, events = await _run(ActionThemeRole(), _tracker("/ask_baby_jgz", slots={"role": "ouder", "age": 12.0}))
    assert events == []


async def test_the_baby_answer_ends_with_a_way_on_instead_of_nothing():
    tracker = _tracker("mijn baby slaapt slecht", slots={"role": "ouder", "language": "nl"})
    messages, events = await _run(ActionThemeFollowup(), tracker)
    assert "utter_offer_appointment" not in [m.get("response") for m in messages]
    (way_on,) = messages
    assert way_on["text"].endswith("?")
    assert [b["payload"] for b in way_on["buttons"]] == ["/help", "/request_human"]
    assert SlotSet("topic", "baby_jgz") in events


async def test_the_way_on_is_in_the_conversations_language():
    tracker = _tracker("my baby does not sleep", slots={"role": "ouder", "language": "en"})
    (way_on,), _ = await _run(ActionThemeFollowup(), tracker)
    assert way_on["text"] != "Wil je nog iets anders vragen, of iemand van de praktijk spreken?"
    assert way_on["buttons"][0]["title"] == "Something else"


async def test_a_waiting_baby_answer_gives_the_next_theme_when_the_role_answer_gives_an_older_child():
    asked = _tracker("mijn kind slaapt niet", SURE_OF_SLAAP).events[-1]
    role_answer = [{"name": "inform_role", "confidence": 0.9}]
    tracker = _tracker("moeder, hij is 8", role_answer, slots={"pending_theme": "baby_jgz", "theme_waits_for_role": True},
                       events=[asked])
    messages, events = await _run(ActionAfterRole(), tracker)
    assert [(m.get("response"), m.get("role")) for m in messages] == [
        ("utter_theme_slaap", "ouder"), ("utter_offer_appointment", "ouder")]
    assert SlotSet("topic", "slaap") in events


def test_at_the_practice_question_the_baby_theme_does_not_count_for_an_older_child():
    tracker = _tracker("mijn zoon van 9 slaapt slecht", [{"name": "ask_baby_jgz", "confidence": 0.9},
                                                         {"name": "ask_slaap", "confidence": 0.08}])
    assert _confident_intent(tracker) is None
    tracker = _tracker("mijn zoon van 2 slaapt slecht", [{"name": "ask_baby_jgz", "confidence": 0.9}])
    assert _confident_intent(tracker) == "ask_baby_jgz"


async def test_a_waiting_baby_answer_for_an_older_child_without_a_likely_next_theme_asks_the_topic():
    """Never the consultatiebureau for an 8-year-old: the topic question instead."""
    asked = _tracker("mijn kind slaapt niet").events[-1]  # RANKING: nothing sure enough without the baby
    role_answer = [{"name": "inform_role", "confidence": 0.9}]
    tracker = _tracker("moeder, hij is 8", role_answer, slots={"pending_theme": "baby_jgz", "theme_waits_for_role": True},
                       events=[asked])
    messages, _ = await _run(ActionAfterRole(), tracker)
    assert [m.get("response") for m in messages] == ["utter_ask_topic"]
