"""action_crisis_net: quiet after the screen, the second net when the screen missed."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import ActionCrisisNet, ActionNotSafe, second_net_payload
from bot.safety import Verdict
from bot.safety.screen import with_rasa


def tracker(text, entities=()):
    return Tracker.from_dict({
        "sender_id": "t1", "slots": {}, "events": [], "paused": False, "followup_action": None,
        "active_loop": {}, "latest_action_name": None,
        "latest_message": {"text": text, "intent": {"name": "crisis", "confidence": 0.9},
                           "entities": [{"entity": k, "value": v} for k, v in entities]},
    })


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionCrisisNet().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_after_the_screen_the_action_only_records_the_category():
    payload = '/crisis{"crisis_category": "violence_home", "crisis_source": "screen"}'
    messages, events = await run(tracker(payload, [("crisis_category", "violence_home"), ("crisis_source", "screen")]))
    assert messages == []
    assert events == [SlotSet("crisis_category", "violence_home")]


async def test_when_only_the_model_saw_it_the_bot_process_is_asked_for_the_crisis_reply(monkeypatch):
    monkeypatch.setattr("bot.safety.screen", lambda text: Verdict(crisis=False))
    messages, events = await run(tracker("het wordt me allemaal te veel, ik wil weg uit deze wereld"))
    assert messages[0]["custom"] == {"crisis": True, "category": "suicide", "about": "self"}
    assert events == [SlotSet("crisis_category", "suicide")]


def test_a_parent_gets_the_parent_voice_from_the_third_net():
    decided = with_rasa(Verdict(crisis=False), "mijn dochter doet de laatste tijd zo raar", "crisis")
    assert decided.crisis and decided.about == "child"


def test_the_third_net_adds_nothing_where_the_screen_already_answered_or_rasa_saw_no_crisis():
    asked = Verdict(crisis=False, check_in=True, category="suicide")
    assert with_rasa(asked, "wat dan ook", "crisis") is asked
    assert not with_rasa(Verdict(crisis=False), "hoe laat is het spreekuur", "faq").crisis


@pytest.mark.parametrize("text", ["zijn stiefvader hier", "ik ben haar vader", "mum here", "ik ben 15", "weet ik niet"])
def test_the_third_net_sends_no_card_for_a_plain_answer_that_can_hold_no_worry(text):
    """One trained model read "zijn stiefvader hier" as a crisis and the card went out (a stack test)."""
    assert not with_rasa(Verdict(crisis=False), text, "crisis").crisis


@pytest.mark.parametrize("text", ["stiefvader hier, hij heeft een mes gepakt", "ik ben 15 en ik wil er niet meer zijn",
                                  "mijn dochter doet de laatste tijd zo raar"])
def test_the_third_net_still_answers_anything_more_than_a_plain_answer(text):
    assert with_rasa(Verdict(crisis=False), text, "crisis").crisis


async def test_the_model_cannot_turn_a_negation_into_the_alarm_and_the_person_still_gets_an_answer():
    messages, events = await run(tracker("ik heb geen gedachten aan zelfmoord"))
    assert [m.get("response") for m in messages] == ["utter_ask_rephrase"] and events == []


def test_the_screen_category_wins_over_the_default():
    payload = second_net_payload("ik heb een overdosis genomen en word duizelig", None)
    assert payload == {"crisis": True, "category": "medical_danger", "about": "self"}


@pytest.mark.parametrize("text", [
    "ik verveelde me echt dood vandaag",
    "waarom ging oma dood?",
    "mijn batterij is dood",
    "ik snij de uien voor de soep",
    "we zagen een documentaire over zelfmoord",
    "ik ben doodmoe",
])
def test_the_model_cannot_turn_an_idiom_or_a_question_about_death_into_the_alarm(text):
    assert second_net_payload(text, None) is None


def test_the_veto_never_applies_when_the_screen_itself_sees_a_crisis():
    assert second_net_payload("ik schaam me dood en ik wil zelfmoord plegen", None)["category"] == "suicide"


async def test_not_safe_stops_any_running_form_without_saying_anything():
    from rasa_sdk.events import ActiveLoop

    dispatcher = CollectingDispatcher()
    events = await ActionNotSafe().run(dispatcher, tracker("/deny_safe"), {})
    assert dispatcher.messages == []
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
