"""The dialogue's Rasa actions with trackers built from plain data: language, fallbacks, guard."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue import (
    ActionDefaultAskAffirmation,
    ActionDefaultFallback,
    ActionValidateSlotMappings,
    candidates,
)
from bot.dialogue.unknown_words import is_unknown, vocabulary_of

DOMAIN = {"intents": ["ask_angst", "ask_school", "request_appointment", "deny", "greet", {"faq": {}}],
          "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}, "forms": {}}


def tracker(slots=None, latest=None, events=None, loop=None):
    return Tracker(sender_id="s1", slots={"language": "nl", **(slots or {})},
                   latest_message=latest or {"text": "", "intent": {"name": "nlu_fallback"}, "intent_ranking": []},
                   events=events or [], paused=False, followup_action=None,
                   active_loop={"name": loop} if loop else {}, latest_action_name="action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def test_the_language_slot_follows_the_language_the_bot_process_sends_every_turn():
    def events():
        return [{"event": "user", "text": "hello", "metadata": {"language": "en"}}]

    _, out = run(ActionValidateSlotMappings(), tracker({"language": "nl"}, events=events()))
    assert SlotSet("language", "en") in out
    _, same = run(ActionValidateSlotMappings(), tracker({"language": "en"}, events=events()))
    assert not any(e.get("name") == "language" for e in same)


def test_did_you_mean_offers_likely_intents_in_words_plus_something_else_and_a_person():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_angst", "confidence": 0.4},
               {"name": "deny", "confidence": 0.3}, {"name": "ask_school", "confidence": 0.2},
               {"name": "greet", "confidence": 0.01}]
    messages, events = run(ActionDefaultAskAffirmation(),
                           tracker(latest={"text": "ik lig wakker", "intent": {"name": "nlu_fallback"},
                                           "intent_ranking": ranking}))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_angst", "/ask_school", "/out_of_scope", "/request_human"]  # deny has no title
    assert messages[0]["buttons"][0]["title"] == "Angst, zorgen of piekeren"
    assert events == []


def test_did_you_mean_about_school_offers_school_even_when_the_model_ranks_it_low():
    # The model's ranking for "mijn dochter durft niet meer naar school" (main's model 8bbc4a1d):
    # Angst first, School nowhere near. A person who wrote about school must be able to say School.
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_angst", "confidence": 0.467},
               {"name": "inform_impact", "confidence": 0.121}, {"name": "ask_school", "confidence": 0.01}]
    messages, _ = run(ActionDefaultAskAffirmation(),
                      tracker(latest={"text": "mijn dochter durft niet meer naar school",
                                      "intent": {"name": "nlu_fallback"}, "intent_ranking": ranking}))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_angst", "/ask_school", "/out_of_scope", "/request_human"]
    # With no guess at all, the school it names is still offered rather than "say it differently".
    messages, _ = run(ActionDefaultAskAffirmation(),
                      tracker(latest={"text": "school...", "intent": {"name": "nlu_fallback"}, "intent_ranking": []}))
    assert [b["payload"] for b in messages[0]["buttons"]][0] == "/ask_school"
    # A message without school in it gets the model's guesses only.
    messages, _ = run(ActionDefaultAskAffirmation(),
                      tracker(latest={"text": "ik lig wakker", "intent": {"name": "nlu_fallback"},
                                      "intent_ranking": ranking}))
    assert "/ask_school" not in [b["payload"] for b in messages[0]["buttons"]]


def test_with_nothing_worth_guessing_the_fallback_asks_in_other_words_without_a_fixed_theme_list():
    messages, _ = run(ActionDefaultAskAffirmation(), tracker())
    assert "in een paar woorden" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_appointment", "/help", "/request_human"]


def test_candidates_skip_the_fallback_out_of_scope_unknown_and_unlikely_intents():
    ranking = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_angst", "confidence": 0.05},
               {"name": "ask_school", "confidence": 0.3}, {"name": "ask_slaap", "confidence": 0.3}]
    assert candidates(ranking, {"ask_angst", "ask_school", "out_of_scope"}) == ["ask_school"]


def test_the_core_fallback_reverts_the_turn_and_offers_a_way_forward_inside_and_outside_a_question():
    messages, events = run(ActionDefaultFallback(), tracker({"requested_slot": "age"}, loop="intake_form"))
    assert events == [UserUtteranceReverted()]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["overslaan", "terug", "stop", "/request_human"]
    messages, events = run(ActionDefaultFallback(), tracker({"language": "en"}))
    assert messages[0]["text"].startswith("Sorry, I didn't understand")
    assert "/request_human" in [b["payload"] for b in messages[0]["buttons"]]


def test_a_second_unclear_message_at_the_did_you_mean_asks_in_other_words_not_a_final_sorry():
    """Rasa's two-stage fallback gives up (action_default_fallback) when the answer to "Bedoel je een
    van deze?" is unclear too: that said "Sorry, I didn't understand. What can I help you with?"."""
    messages, events = run(ActionDefaultFallback(), tracker({"language": "en"}, loop="action_two_stage_fallback"))
    assert events == [UserUtteranceReverted()]
    assert "other words" in messages[0]["text"] and "What can I help you with?" not in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_human", "/request_appointment", "/help"]


def test_words_the_model_never_saw_are_unknown_but_digits_and_near_typos_are_not():
    vocab = vocabulary_of(["mijn zoon wil niet naar school", "ik ben bang", "hallo", "weet ik niet"])
    assert is_unknown("xkcdqwe", vocab) and is_unknown("asdkjh qwpoe", vocab) and is_unknown("merhaba", vocab)
    assert not is_unknown("schooll", vocab)  # a typo of a known word
    assert not is_unknown("14", vocab) and not is_unknown("06 12345678", vocab)
    assert not is_unknown("hallo xkcd", vocab) and not is_unknown("", vocab)


def test_a_second_unclear_message_gets_another_reply_than_the_first_with_a_person_first():
    """Two gibberish messages after a bare /start got the same "Kun je in een paar woorden …" twice:
    the did-you-mean without options, then Rasa giving up (the fallback inside the two-stage loop)."""
    first, _ = run(ActionDefaultAskAffirmation(), tracker(latest={"text": "blabla qwerty",
                                                                  "intent": {"name": "nlu_fallback"},
                                                                  "intent_ranking": []}))
    second, events = run(ActionDefaultFallback(), tracker(loop="action_two_stage_fallback"))
    assert first[0]["text"] != second[0]["text"]
    assert "iemand van de praktijk" in second[0]["text"].lower()
    assert second[0]["buttons"][0]["payload"] == "/request_human"
    assert {b["payload"] for b in second[0]["buttons"]} >= {"/request_human", "/request_appointment", "/help"}
    assert events == [UserUtteranceReverted()]


def test_the_guard_says_in_the_parse_that_no_word_was_known():
    from rasa.shared.nlu.training_data.message import Message

    from bot.dialogue import UNKNOWN_WORDS
    from bot.dialogue.unknown_words import UnknownWordsGuard

    guard = UnknownWordsGuard({}, None, None, vocabulary={"school", "bang", "mijn", "zoon"})
    gibberish = Message(data={"text": "blabla qwerty", "intent": {"name": "deny", "confidence": 0.9}})
    words = Message(data={"text": "mijn zoon is bang", "intent": {"name": "ask_angst", "confidence": 0.9}})
    guard.process([gibberish, words])
    assert gibberish.as_dict(only_output_properties=True).get(UNKNOWN_WORDS) is True
    assert gibberish.get("intent")["confidence"] == 0.0
    assert not words.get(UNKNOWN_WORDS)


def test_did_you_mean_about_a_vaccination_for_a_young_child_offers_the_baby_answer():
    """Main's model ranked "hello, my daughter is 2 and I have questions about her vaccinations" as
    nlu_fallback, then Rouw and thanks: the did-you-mean offered Rouw only."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_rouw", "confidence": 0.22},
               {"name": "thanks", "confidence": 0.19}]
    domain_intents = {**DOMAIN, "intents": [*DOMAIN["intents"], "ask_rouw", "ask_baby_jgz"]}
    dispatcher = CollectingDispatcher()
    text = "hello, my daughter is 2 and I have questions about her vaccinations"
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker(latest={"text": text, "intent": {"name": "nlu_fallback"},
                                                                              "intent_ranking": ranking}), domain_intents))
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert "/ask_baby_jgz" in payloads, payloads
    # Not for an older child: the consultatiebureau is for children up to 4.
    older = "my son is 9 and I have questions about his vaccinations"
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker(latest={"text": older, "intent": {"name": "nlu_fallback"},
                                                                              "intent_ranking": ranking}), domain_intents))
    assert "/ask_baby_jgz" not in [b["payload"] for b in dispatcher.messages[0]["buttons"]]


def test_did_you_mean_offers_a_person_once_when_the_model_guessed_it():
    """"can someone call me" (main's model unsure): "Iemand van de praktijk spreken" and "Ik wil iemand
    spreken" were both offered, two buttons with the same payload."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "request_human", "confidence": 0.4},
               {"name": "request_appointment", "confidence": 0.3}]
    messages, _ = run(ActionDefaultAskAffirmation(), tracker(latest={"text": "can someone call me",
                                                                     "intent": {"name": "nlu_fallback"},
                                                                     "intent_ranking": ranking}))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads.count("/request_human") == 1, payloads
    assert "/out_of_scope" in payloads
