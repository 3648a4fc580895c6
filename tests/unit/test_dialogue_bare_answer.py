"""An age typed when no question asks for one ("dertien" at "Vertel maar waar ik je mee kan
helpen", after "Oké, ik stop met de vragen") gets the question what the person wants, with the ways
on, instead of the start of the intake's questions."""

import asyncio
from types import SimpleNamespace

import pytest

from bot.conversation import Hooks
from bot.dialogue import bare_answer
from bot.dialogue.practices import PracticeInfo
from tests.fakes.store import FakeStore


@pytest.mark.parametrize("text, age", [("dertien", 13), ("13", 13), ("13 jaar", 13), ("hij is 9", 9),
                                       ("thirteen", 13), ("ik ben 15", 15)])
def test_a_short_message_that_holds_an_age_is_a_bare_age(text, age):
    assert bare_answer.bare_age(text) == age


@pytest.mark.parametrize("text", ["mijn zoon van 13 wil niet naar school", "hoi", "weet ik niet", "/inform_age",
                                  "drie weken", ""])
def test_anything_more_or_else_is_not(text):
    assert bare_answer.bare_age(text) is None


class _Admin:
    def __init__(self, tracker):
        self._tracker = tracker

    async def tracker(self, sender_id):
        return self._tracker


def _handler(last, tracker):
    hooks = Hooks()
    bare_answer.register(hooks, store=FakeStore(last), admin=_Admin(tracker))
    ((order, name, handler),) = hooks.turn_handlers
    assert order > 60  # after the turn handlers that keep a message for later
    return handler


def _turn(text, pressed=False, language="nl"):
    said = []

    async def say(reply):
        said.append(reply)

    return SimpleNamespace(text=text, language=language, pressed=pressed, say=say, said=said,
                           conversation=SimpleNamespace(id=1, sender_id="s1", reference="c1"))


MENU = "Oké. Vertel maar waar ik je mee kan helpen."
NO_FORM = {"active_loop": {}}


def test_at_the_menu_an_age_gets_the_question_what_the_person_wants_with_the_ways_on():
    turn = _turn("dertien")
    assert asyncio.run(_handler(MENU, NO_FORM)(turn, "dertien")) is True
    (reply,) = turn.said
    assert reply.text.endswith("?") and "leeftijd" in reply.text
    # The appointment brings the age along: the intake does not ask it again.
    assert [b.payload for b in reply.buttons] == ['/request_appointment{"age":13}', "/help", "/request_human"]


def test_in_english_the_reply_is_english():
    turn = _turn("thirteen", language="en")
    asyncio.run(_handler("Okay, we'll continue in English.", NO_FORM)(turn, "thirteen"))
    assert turn.said[0].text.startswith("Do you mean an age?")


@pytest.mark.parametrize("last, tracker, pressed", [
    (MENU, {"active_loop": {"name": "intake_form"}}, False),  # the intake's age question is open
    (MENU, None, False),  # Rasa cannot tell: Rasa reads it
    ("Voor wie schrijf je?", NO_FORM, False),  # an age at the role question starts the intake, as before
    (None, NO_FORM, False),  # the first message: the greeting (who the bot is) comes first
    (MENU, NO_FORM, True),  # a pressed button is a choice
    ("Bedoel je een leeftijd? Die onthoud ik, voor als je een gesprek aanvraagt. Dan stel ik je eerst een paar korte "
     "vragen. Wat wil je doen?", NO_FORM, False),  # an age again right after it: not the same reply twice
])
def test_otherwise_the_message_goes_on_to_rasa(last, tracker, pressed):
    turn = _turn("13", pressed=pressed)
    assert asyncio.run(_handler(last, tracker)(turn, "13")) is False
    assert turn.said == []


def test_after_the_did_you_mean_an_age_gets_the_same_reply_as_at_the_menu():
    """"12" right after "Bedoel je een van deze?" started the intake, while at the menu it got
    "Bedoel je een leeftijd?": Rasa's two-stage fallback is a loop, but it asks no age."""
    turn = _turn("12", language="en")
    did_you_mean = {"active_loop": {"name": "action_two_stage_fallback"}}
    assert asyncio.run(_handler("I'm not sure I understand you. Do you mean one of these?", did_you_mean)(turn, "12"))
    assert turn.said[0].text.startswith("Do you mean an age?")


PRACTICES = [PracticeInfo("LINDE", "Huisartsenpraktijk De Linde", "Utrecht", "Lindelaan 12, 3521 AB Utrecht"),
             PracticeInfo("ANKER", "Gezondheidscentrum Het Anker", "Zwolle", "Havenstraat 3, 8011 XA Zwolle")]


@pytest.mark.parametrize("text, code", [("de linde in utrecht", "LINDE"), ("Utrecht", "LINDE"), ("3521AB", "LINDE"),
                                        ("8011", "ANKER"), ("het anker", "ANKER"), ("ik zit bij de linde", "LINDE")])
def test_a_practice_typed_nearly_exactly_is_its_button(text, code):
    assert bare_answer.practice_payload(text, PRACTICES) == f'/choose_practice{{"practice_code":"{code}"}}'


@pytest.mark.parametrize("text", ["ander", "linda", "hallo", "ja", "dank je", "mijn zoon wil niet naar school",
                                  "waar zit de linde?", "/start", "", "lindeboom"])
def test_a_word_that_only_looks_like_a_practice_is_not(text):
    assert bare_answer.practice_payload(text, PRACTICES) is None


def test_a_question_or_a_command_is_answered_without_loading_the_practices():
    """The practices are loaded (a query, about 2 ms) only for a message that could name one; Rasa's
    tracker (about 26 ms, scripts/bare_answer_cost.py) only when something was found."""
    store, admin = FakeStore(MENU, practices=PRACTICES), _Admin(NO_FORM)
    admin.calls = 0

    async def tracker(sender_id):
        admin.calls += 1
        return NO_FORM

    admin.tracker = tracker
    hooks = Hooks()
    bare_answer.register(hooks, store=store, admin=admin)
    (reader,) = hooks.typed_requests
    for text in ["waar zit de linde?", "hoe lang is de wachttijd?", "/start"]:
        assert asyncio.run(reader(_turn(text), text)) is None
    assert (store.sessions, admin.calls) == (0, 0)
    assert asyncio.run(reader(_turn("hallo"), "hallo")) is None and (store.sessions, admin.calls) == (1, 0)
    assert asyncio.run(reader(_turn("de linde"), "de linde")) and (store.sessions, admin.calls) == (2, 1)


@pytest.mark.parametrize("text, payload", [("0612345678", "/request_human"), ("06 12345678", "/request_human"),
                                           ("bel me op 06-12345678", "/request_human"), ("13", None), ("hij is 9", None),
                                           ("mijn zoon van 13 wil al drie weken niet naar school 0612345678", None)])
def test_a_phone_number_typed_alone_is_a_request_to_be_called(text, payload):
    assert bare_answer.phone_payload(text) == payload


@pytest.mark.parametrize("text, payload", [("can someone call me", "/request_human"), ("Can someone call me back?", "/request_human"),
                                           ("bel me terug aub", "/request_human"), ("kunnen jullie mij bellen", "/request_human"),
                                           ("bel me niet", None), ("don't call me", None),
                                           ("ik moet de school bellen", None), ("hoe laat bellen jullie me op woensdag", None),
                                           ("/request_human", None)])
def test_only_asking_to_be_called_is_a_request_to_be_called(text, payload):
    assert bare_answer.call_me_payload(text) == payload


@pytest.mark.parametrize("tracker, expected", [
    (NO_FORM, "/request_human"), ({"active_loop": {"name": "booking_form"}}, None), (None, None),
    ({"active_loop": {"name": "intake_form"}, "slots": {"requested_slot": "consent_parents"}}, "/request_human"),
    ({"active_loop": {"name": "intake_form"}, "slots": {"requested_slot": "contact"}}, None),
    ({"active_loop": {"name": "call_back_form"}, "slots": {"requested_slot": "call_back_phone"}}, None),
])
def test_bel_me_is_a_call_request_unless_the_open_question_is_about_how_to_talk(tracker, expected):
    """ "bel me" also answers the booking's "Hoe wil je het gesprek?" and the intake's phone question:
    there the form reads it. At any other intake question it was an unclear answer and the question was
    skipped (session 13, off-script); now it is the call-back request, and the intake resumes after it."""
    turn = _turn("bel me")
    assert asyncio.run(_reader(tracker)(turn, turn.text)) == expected


def _reader(tracker, last=MENU):
    hooks = Hooks()
    bare_answer.register(hooks, store=FakeStore(last, practices=PRACTICES), admin=_Admin(tracker))
    (reader,) = hooks.typed_requests
    return reader


@pytest.mark.parametrize("tracker, expected", [
    (NO_FORM, '/choose_practice{"practice_code":"LINDE"}'),
    ({"active_loop": {"name": "action_two_stage_fallback"}}, '/choose_practice{"practice_code":"LINDE"}'),
    ({"active_loop": {"name": "intake_form"}}, None),  # the intake's (or call-back's) practice question reads it
    (None, None),  # Rasa cannot tell: the model's
])
def test_a_practice_goes_to_rasa_as_its_button_only_when_no_question_is_open(tracker, expected):
    turn = _turn("de linde in utrecht")
    assert asyncio.run(_reader(tracker)(turn, turn.text)) == expected


@pytest.mark.parametrize("text", ["ik ben 15", "Ik ben 15 jaar", "I'm 16", "ik ben vijftien", "im 14 years old"])
def test_ik_ben_15_at_the_menu_is_a_young_person_writing_not_a_question_about_an_age(text):
    """"ik ben 15" at "Vertel maar waar ik je mee kan helpen" got "Bedoel je een leeftijd?": it says
    who is writing. It goes to Rasa as the button "Voor mezelf" (the service keeps the typed words
    with it, from which the intake reads the age), and the age reply is not said."""
    turn = _turn(text)
    assert asyncio.run(_handler(MENU, NO_FORM)(turn, text)) is False and turn.said == []
    assert asyncio.run(_reader(NO_FORM)(turn, text)) == '/inform_role{"role":"jongere"}'


@pytest.mark.parametrize("text, last, tracker", [
    ("ik ben 15", MENU, {"active_loop": {"name": "intake_form"}}),  # the intake's own question reads it
    ("ik ben 15", None, NO_FORM),  # the first message: the introduction comes first
    ("ik ben 15 en ik pieker veel", MENU, NO_FORM),  # says more: the model's
    ("hij is 15", MENU, NO_FORM),  # someone else's age: not the young person writing
])
def test_ik_ben_15_is_the_role_only_at_the_menu_and_only_when_it_says_nothing_else(text, last, tracker):
    turn = _turn(text)
    assert asyncio.run(_reader(tracker, last)(turn, text)) is None
