"""The actions around a theme's answer: the offer of the support worker comes from them, with the
role, and never before the role is known (a role-less offer has no text, and Rasa drops the
turn's events on an NLG answer without text)."""

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.themes import ActionAfterRole, ActionThemeFollowup


def tracker(intent, slots=None, text="iets", entities=()):
    return Tracker.from_dict({
        "sender_id": "t1", "slots": slots or {}, "events": [], "paused": False, "followup_action": None,
        "active_loop": {}, "latest_action_name": None,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                           "entities": [{"entity": k, "value": v} for k, v in entities]},
    })


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_with_a_known_role_the_followup_makes_the_offer_for_that_role():
    messages, events = await run(ActionThemeFollowup(), tracker("ask_slaap", {"role": "jongere"}))
    assert [(m["response"], m.get("role")) for m in messages] == [("utter_offer_appointment", "jongere")]
    assert SlotSet("topic", "slaap") in events


async def test_without_a_role_the_followup_waits_and_says_nothing():
    messages, events = await run(ActionThemeFollowup(), tracker("ask_slaap", {"role": None}))
    assert messages == []
    assert SlotSet("pending_theme", "slaap") in events and SlotSet("theme_waits_for_role", True) in events


async def test_low_mood_sends_the_check_in_before_the_offer():
    messages, _ = await run(ActionThemeFollowup(), tracker("ask_somberheid", {"role": "ouder"}))
    assert messages[0]["custom"]["safety_check_in"]["about"] == "child"
    assert messages[-1]["response"] == "utter_offer_appointment"


async def test_the_role_answer_gives_the_waiting_answer_and_then_the_offer():
    t = tracker("inform_role", {"pending_theme": "angst", "theme_waits_for_role": True}, text="/inform_role",
                entities=[("role", "ouder")])
    messages, events = await run(ActionAfterRole(), t)
    assert [(m["response"], m.get("role")) for m in messages] == [
        ("utter_theme_angst", "ouder"), ("utter_offer_appointment", "ouder")]
    assert SlotSet("role", "ouder") in events


async def test_a_role_answer_that_says_nothing_asks_again_and_keeps_waiting():
    t = tracker("inform_role", {"pending_theme": "angst", "theme_waits_for_role": True}, text="weet ik niet")
    messages, events = await run(ActionAfterRole(), t)
    assert [m["response"] for m in messages] == ["utter_theme_angst"]
    assert events == [SlotSet("theme_waits_for_role", True)]


async def test_babies_go_to_the_consultatiebureau_without_the_offer_of_the_support_worker_but_with_a_way_on():
    messages, events = await run(ActionThemeFollowup(), tracker("ask_baby_jgz", {"role": "ouder"}))
    assert "utter_offer_appointment" not in [m.get("response") for m in messages]
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/help", "/request_human"]
    assert SlotSet("topic", "baby_jgz") in events
    t = tracker("inform_role", {"pending_theme": "baby_jgz", "theme_waits_for_role": True}, text="/inform_role",
                entities=[("role", "ouder")])
    messages, _ = await run(ActionAfterRole(), t)
    assert messages[0]["response"] == "utter_theme_baby_jgz"
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/help", "/request_human"]


async def test_a_worry_about_a_child_typed_at_the_role_question_is_answered_for_the_parent():
    """'hij wil al weken niet meer naar school, ...' typed at "Voor wie schrijf je?": a parent writes;
    the same words elsewhere say nothing about who is writing."""
    from actions.themes import ActionThemeRole

    text = "hij wil al weken niet meer naar school, hij zit alleen maar op zijn kamer"
    at_role = tracker("ask_school", {"role": None}, text=text)
    at_role.events = [{"event": "bot", "text": "Hoi! Ik ben de digitale assistent."},
                      {"event": "bot", "text": "Voor wie schrijf je?"},
                      {"event": "user", "text": text}]
    _, events = await run(ActionThemeRole(), at_role)
    assert events == [SlotSet("role", "ouder")]

    elsewhere = tracker("ask_school", {"role": None}, text=text)
    elsewhere.events = [{"event": "bot", "text": "Voor wie schrijf je?"}, {"event": "user", "text": "hallo"},
                        {"event": "bot", "text": "Waar kan ik je mee helpen?"}, {"event": "user", "text": text}]
    _, events = await run(ActionThemeRole(), elsewhere)
    assert events == []

    # A young person's words about someone else ("ze pesten me") are not a parent's.
    own = tracker("ask_pesten", {"role": None}, text="ze pesten me elke dag op school")
    own.events = [{"event": "bot", "text": "Voor wie schrijf je?"}, {"event": "user", "text": "ze pesten me"}]
    _, events = await run(ActionThemeRole(), own)
    assert events == []
