"""The intake's Rasa actions, with a tracker built from plain data (no Rasa server)."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import ActionAskConsentParents, ActionIntakeSubmit, ValidateIntakeForm


def tracker(slots=None, text="", intent="inform", events=None, active=True):
    return Tracker(
        sender_id="s1", slots={"worker_title": "POH-Jeugd", "practice_name": "De Linde", "language": "nl",
                               "practice_code": "LINDE",
                               **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent}, "entities": []},
        events=events or [], paused=False, followup_action=None,
        active_loop={"name": "intake_form"} if active else {}, latest_action_name="action_listen",
    )


def run(action, t, domain=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain or {"actions": []}))
    return dispatcher.messages, events


def test_activation_prefills_from_earlier_messages_and_asks_the_next_question():
    history = [{"event": "user", "text": "mijn zoon van 13 durft al drie weken niet naar school"},
               {"event": "user", "text": "/request_appointment"}]
    messages, events = run(ValidateIntakeForm(), tracker(text="/request_appointment", intent="request_appointment",
                                                         events=history, active=False))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["role"] == "ouder" and slots["age"] == 13 and slots["duration_days"] == 21
    assert slots["requested_slot"] == "consent_parents"
    assert "Ik stel je nu een paar korte vragen" in messages[0]["text"]


def test_an_faq_mid_form_sets_nothing_so_rasa_answers_it_and_keeps_the_question():
    slots = {"role": "ouder", "age": 13.0, "intake_started": True, "requested_slot": "topic"}
    messages, events = run(ValidateIntakeForm(), tracker(slots, text="wat kost het?", intent="faq"))
    assert messages == []
    assert events == [SlotSet("requested_slot", "topic")]


def test_asking_for_a_person_before_the_practice_is_known_makes_the_practice_the_next_question(monkeypatch):
    # "Ik wil iemand spreken" at "Voor wie schrijf je?" after a bare /start: action_request_call_back
    # says the practice comes first, so the form resumes at the practice, not at the role again.
    monkeypatch.setattr("actions.intake.known_practice", lambda sender_id: None)
    asked = [{"event": "user", "text": "ik wil iemand spreken", "parse_data": {"intent": {"name": "request_human"}}}]
    slots = {"practice_code": None, "intake_started": True, "requested_slot": "role"}
    _, events = run(ValidateIntakeForm(), tracker(slots, text="ik wil iemand spreken", intent="request_human",
                                                  events=asked))
    assert events == [SlotSet("requested_slot", "practice_code")]
    # Without that wish the role is asked first, as always.
    _, events = run(ValidateIntakeForm(), tracker(slots, text="wat kost het?", intent="faq"))
    assert events == [SlotSet("requested_slot", "role")]


def test_the_consent_question_follows_the_age_band():
    messages, _ = run(ActionAskConsentParents(), tracker({"role": "jongere", "age": 15.0}))
    assert "jij én je ouders" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/inform_consent{"consent_parents":"ja"}'


def test_the_consent_question_asked_again_says_only_the_question_not_the_explanation_again():
    """A parent who typed something else five times got the whole paragraph five times."""
    slots = {"role": "ouder", "age": 13.0}
    (first,), _ = run(ActionAskConsentParents(), tracker(slots))
    asked = [{"event": "slot", "name": "requested_slot", "value": "age"}, {"event": "bot", "text": "Hoe oud is je kind?"},
             {"event": "slot", "name": "requested_slot", "value": "consent_parents"},
             {"event": "bot", "text": first["text"]}, {"event": "user", "text": "ik ben zijn vader"},
             {"event": "bot", "text": "Dat begreep ik niet helemaal."},
             {"event": "slot", "name": "requested_slot", "value": "consent_parents"}]
    (again,), _ = run(ActionAskConsentParents(), tracker(slots, events=asked))
    assert again["text"] == "Weet je kind dat je contact opneemt?"
    assert again["buttons"] == first["buttons"]
    # Asked again after another question came between: the explanation again.
    later = [*asked, {"event": "slot", "name": "requested_slot", "value": "age"}]
    (whole,), _ = run(ActionAskConsentParents(), tracker(slots, events=later))
    assert whole["text"] == first["text"]


def test_a_question_asked_again_in_one_paragraph_says_its_last_sentence():
    from actions.intake import question_again

    assert question_again("Goed dat je schrijft. Medewerkers lezen mee. Weten je ouders dat je ons schrijft?") == \
        "Weten je ouders dat je ons schrijft?"
    assert question_again("Typ je naam. Een bijnaam mag ook.") == "Typ je naam. Een bijnaam mag ook."


def test_submit_after_a_redirect_stores_nothing_and_clears_the_intake():
    messages, events = run(ActionIntakeSubmit(), tracker({"intake_outcome": "over_age", "age": 26.0}, active=False))
    assert messages == []
    assert SlotSet("age", None) in events and SlotSet("intake_outcome", None) in events


def test_when_already_handed_over_the_booking_step_follows_if_it_exists():
    _, events = run(ActionIntakeSubmit(), tracker({"intake_outcome": "already_done", "handover_id": 3}, active=False),
                    domain={"actions": [], "forms": {"booking_form": {}}})
    assert events[-1] == FollowupAction("booking_form")
    _, events = run(ActionIntakeSubmit(), tracker({"intake_outcome": "already_done", "handover_id": 3}, active=False))
    assert not any(e.get("event") == "followup" for e in events)


def test_a_typed_answer_sent_as_its_button_still_prefills_what_it_said():
    # "ik ben 16" to "Voor wie schrijf je?" went to Rasa as the button "Voor mezelf"; the typed
    # words ride along in the metadata, so the form does not ask the age again.
    history = [{"event": "user", "text": '/inform_role{"role":"jongere"}', "metadata": {"typed": "ik ben 16"}},
               {"event": "user", "text": "/request_appointment"}]
    messages, events = run(ValidateIntakeForm(), tracker(text="/request_appointment", intent="request_appointment",
                                                         events=history, active=False))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["age"] == 16 and slots["requested_slot"] != "age"


def test_a_phone_number_sent_after_a_call_back_request_is_the_contact_and_not_asked_again(store, monkeypatch):
    # "Ik wil iemand spreken", then "0612345678" on its own: staff chat's turn handler adds the
    # number to the request before Rasa sees it. The intake later must not ask for contact again.
    from bot.staffchat import callback
    from bot.store import repo
    from bot.store.seed import seed_demo

    monkeypatch.setattr("actions.common.store", lambda: store)
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="p1")
        conv.practice_id = repo.practice_by_code(s, code="LINDE").id
        s.flush()
        callback.request(s, conversation=conv, text="ik wil iemand spreken")
        assert callback.add_phone(s, conversation_id=conv.id, phone="+31612345678")
        sender = conv.sender_id
    slots = {"role": "ouder", "topic": "opvoeding", "age": 13.0, "consent_parents": "ja", "duration_days": 21.0,
             "impact": "hij slaapt slecht", "heaviness": 7.0, "help": "nee", "hope": "tips", "intake_started": True,
             "requested_slot": "name"}
    answered = [{"event": "user", "text": "Anna"}, {"event": "slot", "name": "name", "value": "Anna"}]
    t = tracker({**slots, "name": "Anna"}, text="Anna", intent="inform_name", events=answered)
    t.sender_id = sender
    _, events = run(ValidateIntakeForm(), t)
    values = {e["name"]: e["value"] for e in events}
    assert values["name"] == "Anna" and values["contact"] == "+31612345678"
    assert values["requested_slot"] == "consent_huisarts"
    # Without a call-back number the contact question comes as before.
    other = tracker({**slots, "name": "Anna"}, text="Anna", intent="inform_name", events=answered)
    other.sender_id = "someone-else"
    _, events = run(ValidateIntakeForm(), other)
    assert {e["name"]: e["value"] for e in events}["requested_slot"] == "contact"


def test_asking_for_a_person_while_the_intake_asks_the_practice_makes_the_call_back_once_it_is_named(store, monkeypatch):
    # From a bare /start: "Ik ben ouder", then "ik wil iemand spreken" at "Bij welke
    # huisartsenpraktijk…?". It said "stuur /start met de code" (a dead end); now the practice
    # comes first and the request is made as soon as the intake has it.
    from sqlalchemy import select

    from actions.staffchat import ActionRequestCallBack
    from bot.store import repo
    from bot.store.models_booking import UrgentRequest
    from bot.store.seed import seed_demo

    monkeypatch.setattr("actions.common.store", lambda: store)
    monkeypatch.setattr("actions.staffchat.store", lambda: store)
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="p2")
        s.flush()
        sender, conv_id = conv.sender_id, conv.id
    asked = {"event": "user", "text": "ik wil iemand spreken", "parse_data": {"intent": {"name": "request_human"}}}
    slots = {"role": "ouder", "intake_started": True, "requested_slot": "practice_code", "practice_code": None}
    t = tracker(slots, text="ik wil iemand spreken", intent="request_human", events=[asked])
    t.sender_id = sender
    messages, events = run(ActionRequestCallBack(), t)
    assert [m["text"] for m in messages] == [
        "Dan vraag ik de praktijk om contact met je op te nemen. Eerst moet ik weten bij welke praktijk je hoort."]
    named = [asked, {"event": "user", "text": "de linde in utrecht", "parse_data": {"intent": {"name": "inform_practice"}}},
             {"event": "slot", "name": "practice_code", "value": "de linde in utrecht"}]
    t = tracker({**slots, "practice_code": "de linde in utrecht"}, text="de linde in utrecht", intent="inform_practice",
                events=named)
    t.sender_id = sender
    messages, events = run(ValidateIntakeForm(), t)
    said = " ".join(m.get("text") or "" for m in messages)
    assert "Ik heb de praktijk gevraagd om contact met je op te nemen" in said
    assert {e["name"]: e["value"] for e in events}["requested_slot"] == "topic"
    with store.session() as s:
        assert len(s.execute(select(UrgentRequest).where(UrgentRequest.conversation_id == conv_id)).all()) == 1
    # The practice named again (a correction) does not make a second request.
    run(ValidateIntakeForm(), t)
    with store.session() as s:
        assert len(s.execute(select(UrgentRequest).where(UrgentRequest.conversation_id == conv_id)).all()) == 1
