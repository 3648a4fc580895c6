"""call_back_form: the practice is asked before a call-back request when it is not known (actions/call_back.py)."""

from actions.call_back import NONE_FOUND, SLOT, read_answer
from bot.dialogue.practices import PracticeInfo

PRACTICES = [PracticeInfo("LINDE", "Huisartsenpraktijk De Linde", "Utrecht", "Lindelaan 1, 3511 AB Utrecht", "POH-Jeugd"),
             PracticeInfo("ANKER", "Huisartsenpraktijk Het Anker", "Zwolle", "Ankerweg 2, 8011 AA Zwolle", "SOJ")]


def answer(text="", *, value=None, intent="inform_practice", tries=None):
    return read_answer(requested=SLOT, intent=intent, value=value, text=text, tries=tries, known=None,
                       practices=PRACTICES)


def test_a_known_practice_ends_the_form_at_once_and_an_unknown_one_is_asked():
    updates, responses = read_answer(requested=None, intent="request_human", value=None, text="ik wil iemand spreken",
                                     tries=None, known={"practice_code": "LINDE"}, practices=[])
    assert updates == {SLOT: "LINDE"} and responses == []
    updates, _ = read_answer(requested=None, intent="request_human", value=None, text="", tries=2.0, known=None,
                             practices=[])
    assert updates[SLOT] is None and updates["practice_tries"] is None, "a fresh start: earlier tries do not count"


def test_a_typed_place_or_a_pressed_code_chooses_the_practice_and_names_it():
    updates, responses = answer("de linde in utrecht", value="de linde in utrecht")
    assert updates[SLOT] == "LINDE" and updates["practice_name"] == "Huisartsenpraktijk De Linde"
    assert responses == ["utter_practice_chosen"]
    updates, _ = answer("/choose_practice", value="ANKER", intent="choose_practice")
    assert updates[SLOT] == "ANKER"


def test_no_practice_asks_again_and_the_third_time_ends_without_one():
    updates, responses = answer("weet ik niet", value="weet ik niet", intent="dont_know")
    assert updates[SLOT] is None and responses == ["utter_practice_unknown"]
    updates, responses = answer("geen idee", value="geen idee", intent="dont_know", tries=2.0)
    assert updates[SLOT] == NONE_FOUND and responses == []


def test_stop_ends_without_a_practice_and_a_question_in_between_is_left_to_its_rule():
    assert answer("stop", intent="stop_intake")[0][SLOT] == NONE_FOUND
    assert answer("kost het geld?", intent="faq") is None


def test_asking_for_a_person_again_while_the_practice_is_asked_asks_the_practice_again():
    updates, responses = answer("ik wil iemand spreken", intent="request_human", tries=1.0)
    assert updates == {"practice_tries": 1.0} and responses == [], "a slot is set: the form goes on, not rejected"


def test_the_call_back_reads_the_phone_from_the_message_that_asked_not_from_the_practices_name():
    from rasa_sdk import Tracker

    from actions.staffchat import asking_text

    def user(text, intent):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    events = [user("bel me 06-12345678", "request_human"), {"event": "action", "name": "call_back_form"},
              user("de linde", "inform_practice")]
    tracker = Tracker("s1", {}, events[-1], events, False, None, {}, "action_listen")
    assert asking_text(tracker) == "bel me 06-12345678"


def test_the_call_back_reads_the_phone_from_the_message_that_started_the_form_when_it_was_no_request_human():
    """The professional's "Kunt u mij bellen? 06…" after the redirect is an appointment request to
    the model; the intake turns it into the call-back (call_back_form asks the practice first). The
    number typed with it must not be asked again."""
    from rasa_sdk import Tracker

    from actions.staffchat import asking_text

    def user(text, intent):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    events = [user("ik wil iemand spreken", "request_human"), {"event": "action", "name": "action_request_call_back"},
              user("Kunt u mij bellen? 0612345678", "request_appointment"),
              {"event": "action", "name": "call_back_form"}, {"event": "active_loop", "name": "call_back_form"},
              user("de linde", "inform_practice")]
    tracker = Tracker("s1", {}, events[-1], events, False, None, {}, "action_listen")
    assert asking_text(tracker) == "Kunt u mij bellen? 0612345678"
    # Without either, the latest message.
    tracker = Tracker("s1", {}, {"text": "bel me"}, [], False, None, {}, "action_listen")
    assert asking_text(tracker) == "bel me"
