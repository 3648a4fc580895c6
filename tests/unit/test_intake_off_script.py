"""Off-script turns in the intake: an answer to a question still to come, and a worry typed where
the practice is asked (the form's logic, bot/intake/flow.py, and its Rasa action)."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import ActionIntakeSubmit, ValidateIntakeForm
from bot.intake.flow import advance, next_question
from tests.unit.test_dialogue_practices import PRACTICES

WORRY = "ze durft niet naar school, ze zit al weken thuis"


def _at(requested, **slots):
    return {"role": "ouder", "intake_started": True, "practice_code": None, **slots}, requested


def test_an_age_typed_at_the_topic_question_is_noted_and_the_topic_asked_again():
    slots, requested = _at("topic", practice_code="ANKER")
    step = advance(slots, requested=requested, text="hij is 13", value="hij is 13", intent="inform_age")
    assert step.updates["age"] == 13.0 and step.updates.get("topic") is None
    assert step.responses == ["utter_intake_prefilled"]  # not "Dat begreep ik niet"
    assert next_question(step.merged(slots)) == "topic"


def test_an_age_typed_at_the_practice_question_is_noted_and_costs_no_try():
    slots, requested = _at("practice_code")
    step = advance(slots, requested=requested, text="ze is 9", value="ze is 9", intent="inform_age",
                   practices=PRACTICES)
    assert step.updates["age"] == 9.0 and step.updates["practice_code"] is None
    assert "practice_tries" not in step.updates
    assert step.responses == ["utter_intake_prefilled"]  # not "Die praktijk kon ik niet vinden"
    assert next_question(step.merged(slots)) == "practice_code"
    # Said again, it holds nothing new: then it is a try that found no practice, as before.
    again = advance(step.merged(slots), requested=requested, text="ze is 9", value="ze is 9", intent="inform_age",
                    practices=PRACTICES)
    assert again.responses == ["utter_practice_not_found"] and again.updates["practice_tries"] == 1.0


def test_a_worry_at_the_practice_question_gets_its_theme_answer_and_the_offer_instead_of_the_intake():
    slots, requested = _at("practice_code")
    step = advance(slots, requested=requested, text=WORRY, value=WORRY, intent="ask_school", practices=PRACTICES)
    assert step.theme == "school" and step.offer
    assert step.updates["intake_outcome"] == "theme_answered" and step.updates["topic"] == "school"
    assert step.responses == [] and next_question(step.merged(slots)) is None  # the form ends here


def test_after_an_appointment_request_a_worry_at_the_practice_question_is_answered_and_the_practice_asked_again():
    slots, requested = _at("practice_code")
    step = advance(slots, requested=requested, text=WORRY, value=WORRY, intent="ask_school", practices=PRACTICES,
                   appointment_asked=True)
    assert step.theme == "school" and not step.offer
    assert "intake_outcome" not in step.updates and "practice_tries" not in step.updates
    assert next_question(step.merged(slots)) == "practice_code"


def test_a_practice_name_the_model_takes_for_a_worry_is_still_the_practice():
    slots, requested = _at("practice_code")
    step = advance(slots, requested=requested, text="de linde in utrecht", value="de linde in utrecht",
                   intent="ask_angst", practices=PRACTICES)
    assert step.theme is None and step.updates["practice_code"] == "LINDE"


def _tracker(slots, text, intent, confidence, events=()):
    return Tracker(
        sender_id="s1", slots={"worker_title": "POH-Jeugd", "practice_name": "de huisartsenpraktijk", "language": "nl",
                               **slots},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        events=list(events), paused=False, followup_action=None, active_loop={"name": "intake_form"},
        latest_action_name="action_listen")


def _run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {"actions": [], "forms": {}}))
    return dispatcher.messages, events


def test_the_form_action_sends_the_theme_answer_for_the_role_and_the_offer(monkeypatch):
    monkeypatch.setattr("actions.intake.load_practices", lambda: PRACTICES)
    slots = {"role": "ouder", "intake_started": True, "requested_slot": "practice_code", "practice_code": WORRY}
    messages, events = _run(ValidateIntakeForm(), _tracker(slots, WORRY, "ask_school", 0.93))
    assert [m.get("response") for m in messages] == ["utter_theme_school", "utter_offer_appointment"]
    assert all(m.get("role") == "ouder" for m in messages)
    values = {e["name"]: e["value"] for e in events}
    assert values["intake_outcome"] == "theme_answered" and values["requested_slot"] is None
    # Unsure of the theme: the message is looked up as a practice, as before.
    messages, events = _run(ValidateIntakeForm(), _tracker(slots, WORRY, "ask_school", 0.55))
    assert "utter_theme_school" not in [m.get("response") for m in messages]
    assert {e["name"]: e["value"] for e in events}["requested_slot"] == "practice_code"


def test_after_the_theme_answer_the_intake_keeps_who_writes_and_the_topic_for_the_offers_yes():
    t = _tracker({"intake_outcome": "theme_answered", "role": "ouder", "topic": "school", "themes": ["school"],
                  "intake_started": True}, "", "ask_school", 0.9)
    messages, events = _run(ActionIntakeSubmit(), t)
    assert messages == []
    assert SlotSet("intake_outcome", None) in events and SlotSet("intake_started", None) in events
    assert not any(e["name"] in ("role", "topic", "themes") for e in events)


def test_a_second_answer_that_cannot_be_read_skips_the_question_instead_of_asking_a_third_time():
    slots, requested = _at("consent_parents", practice_code="LINDE", topic="school", age=13.0)
    first = advance(slots, requested=requested, text="hij zit de hele dag op zijn kamer",
                    value="hij zit de hele dag op zijn kamer", intent="inform_impact", answers=1)
    assert first.responses == ["utter_intake_invalid_choice"] and first.updates["consent_parents"] is None
    second = advance(slots, requested=requested, text="hij zit de hele dag op zijn kamer",
                     value="hij zit de hele dag op zijn kamer", intent="inform_impact", answers=2)
    assert second.updates["consent_parents"] == "onbekend"  # staff ask; the intake goes on
    assert second.responses == ["utter_intake_skipped_unclear"]
    assert next_question(second.merged(slots)) == "duration_days"
    # A fact for a later question is no failed answer: noted, and the same question again.
    noted = advance(slots, requested=requested, text="sinds de zomervakantie", value="sinds de zomervakantie",
                    intent="inform_duration", answers=2)
    assert noted.updates["duration_days"] and noted.responses == ["utter_intake_prefilled"]
    assert next_question(noted.merged(slots)) == "consent_parents"
    # The role is never skipped this way.
    role = advance({"intake_started": True}, requested="role", text="hmm", value="hmm", intent="inform", answers=3)
    assert role.responses == ["utter_intake_invalid_role"]


def _ask(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def _user(text):
    return {"event": "user", "text": text}


def test_the_answers_to_a_question_are_counted_from_when_it_was_first_asked():
    from actions.intake import answers_to

    events = [_ask("topic"), _user("school"), _ask("consent_parents"), _ask("consent_parents"), _user("hmm")]
    t = _tracker({}, "hmm", "inform", 0.9, events)
    assert answers_to(t, "consent_parents") == 1
    events += [_ask("consent_parents"), _user("wat kost het?"), _ask("consent_parents"), _user("pff")]
    # the question in between was answered, not misread: "pff" is the second answer, not the third
    assert answers_to(_tracker({}, "pff", "inform", 0.9, events), "consent_parents") == 2
    faq = {"event": "user", "text": "en de kosten", "parse_data": {"intent": {"name": "faq/kosten"}}}
    events += [_ask("consent_parents"), faq, _ask("consent_parents"), _user("hm")]
    assert answers_to(_tracker({}, "hm", "inform", 0.9, events), "consent_parents") == 3
    assert answers_to(_tracker({}, "", "inform", 0.9, []), "age") == 1


def test_a_professional_back_after_the_redirect_is_called_back_instead_of_redirected_again(monkeypatch):
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: None)
    first = [{"event": "user", "text": "ik werk met een gezin", "parse_data": {"intent": {"name": "inform_role"}}}]
    asked = {"event": "user", "text": "Kunt u mij bellen? 0612345678",
             "parse_data": {"intent": {"name": "request_appointment"}}}
    t = _tracker({}, asked["text"], "request_appointment", 0.9, first)
    t.active_loop = {}
    messages, events = _run(ValidateIntakeForm(), t)  # the first time: the redirect
    assert any("Deze chat is voor ouders en jongeren zelf" in (m.get("text") or "") for m in messages)
    assert {e["name"]: e["value"] for e in events}["intake_outcome"] == "professional"
    again = _tracker({}, asked["text"], "request_appointment", 0.9,
                     [*first, {"event": "slot", "name": "intake_outcome", "value": "professional"}, asked])
    again.active_loop = {}
    messages, events = _run(ValidateIntakeForm(), again)
    assert not any("Deze chat is voor ouders en jongeren zelf" in (m.get("text") or "") for m in messages)
    assert {e["name"]: e["value"] for e in events}["intake_outcome"] == "call_back"
    dispatcher = CollectingDispatcher()
    submitted = asyncio.run(ActionIntakeSubmit().run(
        dispatcher, _tracker({"intake_outcome": "call_back"}, "", "request_appointment", 0.9),
        {"actions": [], "forms": {"call_back_form": {}}}))
    assert submitted[-1] == FollowupAction("call_back_form") and dispatcher.messages == []


def test_gibberish_at_the_topic_question_is_no_topic_asked_again_then_skipped():
    """"blabla qwerty" (not one word the model knows) was the topic "anders", and the intake went on."""
    slots, requested = _at("topic", practice_code="LINDE")
    first = advance(slots, requested=requested, text="blabla qwerty", value="blabla qwerty", intent="nlu_fallback",
                    unreadable=True, answers=1)
    assert first.updates["topic"] is None and first.responses == ["utter_intake_invalid_topic"]
    assert next_question(first.merged(slots)) == "topic"
    second = advance(slots, requested=requested, text="xkcd qwop", value="xkcd qwop", intent="nlu_fallback",
                     unreadable=True, answers=2)
    assert second.responses == ["utter_intake_skipped_unclear"]  # no third "Dat begreep ik niet"
    assert next_question(second.merged(slots)) == "age"
    # Words the model knows, about no theme, are still a topic of their own.
    words = advance(slots, requested=requested, text="hij is zo anders sinds de verhuizing",
                    value="hij is zo anders sinds de verhuizing", intent="nlu_fallback", answers=1)
    assert words.updates["topic"] == "anders" and not words.responses


def test_a_name_the_model_never_saw_is_still_a_name():
    slots, requested = _at("name", practice_code="LINDE", topic="school", age=13.0)
    step = advance(slots, requested=requested, text="Xiomara", value="Xiomara", intent="nlu_fallback", unreadable=True)
    assert step.updates["name"] == "Xiomara"


def test_the_form_reads_the_unknown_words_flag_of_the_parse():
    from actions.intake import unreadable

    def tracker(latest):
        return Tracker(sender_id="s1", slots={}, latest_message=latest, events=[], paused=False,
                       followup_action=None, active_loop={}, latest_action_name="action_listen")

    assert unreadable(tracker({"text": "blabla qwerty", "unknown_words": True}))
    assert not unreadable(tracker({"text": "school"}))


def test_a_vaccination_question_at_the_topic_gets_the_jgz_answer_not_the_huisarts():
    """"vaccinaties" at "Waar gaat het over?" was a physical complaint ("bel de huisarts"); vaccinations
    and baby questions are the consultatiebureau's (JGZ)."""
    slots, requested = _at("topic", practice_code="LINDE")
    for text in ["vaccinaties", "wanneer krijgt mijn baby haar volgende prikken", "inentingen van mijn dochter"]:
        step = advance(slots, requested=requested, text=text, value=text, intent="nlu_fallback")
        assert "utter_intake_redirect_physical" not in step.responses, text
        assert step.theme == "baby_jgz" and step.updates["topic"] == "baby_jgz", text
        assert step.updates["intake_outcome"] == "theme_answered"  # the answer, not the POH's questions
    # For a child of 5 or older the baby answer does not fit: the intake goes on, the topic noted.
    older = advance({**slots, "age": 12.0}, requested=requested, text="de hpv prik", value="de hpv prik", intent=None)
    assert older.theme is None and older.updates["topic"] == "baby_jgz" and not older.updates.get("intake_outcome")
    # "prikkelbaar" and "overprikkeld" are no vaccination; a fever is still the huisarts's.
    assert advance(slots, requested=requested, text="hij is snel overprikkeld", value="hij is snel overprikkeld",
                   intent=None).updates["topic"] == "anders"
    assert advance(slots, requested=requested, text="ze heeft koorts", value="ze heeft koorts",
                   intent=None).responses == ["utter_intake_redirect_physical"]


def test_a_practice_chosen_before_the_questions_is_not_confirmed_again_when_they_start(monkeypatch):
    """Rasa validates every required slot filled before the form when the form starts: the practice
    chosen at the menu ("Fijn, dan weet ik het: De Linde.") was confirmed a second time."""
    monkeypatch.setattr("actions.intake.load_practices", lambda: PRACTICES)
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: None)
    monkeypatch.setattr("actions.intake.remember_practice", lambda sender, code: None)
    earlier = [{"event": "user", "text": "/choose_practice"}, {"event": "slot", "name": "practice_code", "value": "LINDE"},
               {"event": "bot", "text": "Fijn, dan weet ik het: De Linde."}, {"event": "user", "text": "/request_appointment"}]
    # The candidates Rasa sends at activation come after the latest message, as trailing slot events.
    before = earlier + [{"event": "slot", "name": "practice_code", "value": "LINDE"}]
    messages, events = _run(ValidateIntakeForm(), _tracker({"practice_code": "LINDE", "requested_slot": None}, "",
                                                           "request_appointment", 1.0, events=before))
    said = [m.get("text") or m.get("response") for m in messages]
    assert not any("Fijn, dan weet ik het" in (t or "") for t in said), said
    assert {e["name"]: e["value"] for e in events}["requested_slot"] == "role"
    # Chosen by this very message (a practice button as the form starts) it is still confirmed.
    now = [{"event": "user", "text": "/choose_practice"}, {"event": "slot", "name": "practice_code", "value": "LINDE"}]
    messages, _ = _run(ValidateIntakeForm(), _tracker({"practice_code": "LINDE", "requested_slot": None}, "",
                                                      "choose_practice", 1.0, events=now))
    assert any("Fijn, dan weet ik het" in (m.get("text") or "") for m in messages), messages


def test_the_age_an_appointment_button_brings_along_is_not_asked_again(monkeypatch):
    """"13" at the menu gets "Bedoel je een leeftijd?" from the bot app (Rasa never sees it); its
    "Een afspraak maken" is /request_appointment{"age":13}, and the form starting reads the entity."""
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: {"practice_code": "LINDE"})
    events = [{"event": "user", "text": '/request_appointment{"age":13}'}, {"event": "slot", "name": "age", "value": 13}]
    messages, out = _run(ValidateIntakeForm(), _tracker({"age": 13, "requested_slot": None}, "", "request_appointment",
                                                        1.0, events=events))
    values = {e["name"]: e["value"] for e in out}
    assert values["age"] == 13.0 and values["requested_slot"] == "role"


def test_a_word_the_model_tags_as_another_answer_does_not_undo_that_answer(monkeypatch):
    """"het gaat over zijn woede" at "Waar gaat het over?" (main's model tags role="woede"): the role the
    intake knew (a parent, from "mijn zoon is 12") was emptied and "Voor wie schrijf je?" came again."""
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: None)
    text = "het gaat over zijn woede"
    events = [{"event": "slot", "name": "role", "value": "ouder"}, {"event": "slot", "name": "requested_slot", "value": "topic"},
              {"event": "user", "text": text}, {"event": "slot", "name": "role", "value": "woede"},
              {"event": "slot", "name": "topic", "value": text}]
    slots = {"role": "woede", "topic": text, "practice_code": "LINDE", "age": 12.0, "intake_started": True,
             "requested_slot": "topic"}
    _, out = _run(ValidateIntakeForm(), _tracker(slots, text, "nlu_fallback", 0.5, events=events))
    values = {e["name"]: e["value"] for e in out}
    assert values["role"] == "ouder", values  # set again: Rasa keeps a candidate that is not validated
    assert values["topic"] == "anders" and values["requested_slot"] != "role", values


def test_a_phone_number_at_the_contact_question_does_not_change_the_age_given_before(monkeypatch):
    """CI on b6873be: "06 12345678" typed at the phone question, the model tagged "06" as an age, and the
    handover of a boy of 13 said 6."""
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: None)
    text = "06 12345678"
    events = [{"event": "slot", "name": "age", "value": 13.0}, {"event": "slot", "name": "requested_slot", "value": "contact"},
              {"event": "user", "text": text}, {"event": "slot", "name": "age", "value": "06"},
              {"event": "slot", "name": "contact", "value": text}]
    slots = {"role": "ouder", "age": "06", "contact": text, "practice_code": "LINDE", "intake_started": True,
             "requested_slot": "contact"}
    _, out = _run(ValidateIntakeForm(), _tracker(slots, text, "inform", 0.9, events=events))
    values = {e["name"]: e["value"] for e in out}
    assert values["age"] == 13.0, values  # set back: Rasa keeps the tagged candidate otherwise
    assert values["contact"] == "+31612345678", values


def test_a_phone_number_alone_at_another_question_sets_no_age_the_model_tagged(monkeypatch):
    """The model tags "06" of "06 12345678" as an age; typed at the impact question before the age was
    asked, it must not become the age (nor the impact)."""
    monkeypatch.setattr("actions.intake.known_practice", lambda sender: None)
    text = "06 12345678"
    events = [{"event": "slot", "name": "requested_slot", "value": "impact"},
              {"event": "user", "text": text}, {"event": "slot", "name": "age", "value": "06"},
              {"event": "slot", "name": "impact", "value": text}]
    slots = {"role": "ouder", "topic": "opvoeding", "age": "06", "impact": text, "practice_code": "LINDE",
             "intake_started": True, "requested_slot": "impact"}
    _, out = _run(ValidateIntakeForm(), _tracker(slots, text, "inform", 0.9, events=events))
    values = {e["name"]: e["value"] for e in out}
    assert values["age"] is None and values["impact"] is None, values
    assert values["contact"] == "+31612345678", values
