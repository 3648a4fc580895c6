"""The waiting actions hand Rasa's understanding to the bot process as custom payloads."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.waiting import ActionCheckinAnswer, ActionSafetyPlan


def tracker(intent: str) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "w1", "slots": {}, "events": [], "paused": False, "followup_action": None,
        "active_loop": {}, "latest_action_name": None,
        "latest_message": {"text": "het gaat slechter", "intent": {"name": intent, "confidence": 0.9}, "entities": []},
    })


async def test_a_typed_checkin_answer_becomes_the_checkin_payload():
    for intent, answer in (("checkin_better", "better"), ("checkin_same", "same"), ("checkin_worse", "worse")):
        dispatcher = CollectingDispatcher()
        assert await ActionCheckinAnswer().run(dispatcher, tracker(intent), {}) == []
        assert [m["custom"] for m in dispatcher.messages] == [{"checkin": answer}]


async def test_another_intent_says_nothing():
    dispatcher = CollectingDispatcher()
    await ActionCheckinAnswer().run(dispatcher, tracker("greet"), {})
    assert dispatcher.messages == []


async def test_asking_for_the_safety_plan_opens_it_in_the_bot_process():
    dispatcher = CollectingDispatcher()
    await ActionSafetyPlan().run(dispatcher, tracker("safety_plan"), {})
    assert [m["custom"] for m in dispatcher.messages] == [{"safety_plan": "open"}]
