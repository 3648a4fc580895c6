"""Things a stranger types when the bot did not ask for them, on the real stack: an age when no
question asks for one ("dertien" at the menu, after stopping the questions) gets the question what
they want instead of the start of the intake's questions, and "hoi" later in the conversation
(after switching the language back) gets a short hello instead of the whole introduction again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.stack

WAYS_ON = {"/request_appointment", "/help", "/request_human"}
INTAKE_START_NL = "Ik stel je nu een paar korte vragen"
INTAKE_START_EN = "I'll now ask you a few short questions"
INTRODUCTION = "Ik ben de digitale assistent"


def _texts(out: dict) -> list[str]:
    return [r["text"] for r in out["replies"]]


def _payloads(out: dict) -> set[str]:
    return {b["payload"] for r in out["replies"] for b in r.get("buttons") or []}


def _intents(out: dict) -> set[str]:
    """The buttons' intents, without the entities a payload brings along."""
    return {p.split("{")[0] for p in _payloads(out)}


def test_dertien_at_the_menu_of_an_english_stranger_asks_what_they_want_and_the_intake_waits_for_a_yes(stack):
    """The conversation a stranger had on main (English first message, Dutch asked for, a question in
    between, English again): "dertien" started the intake's questions with the first message's facts."""
    user = stack.new_user("dertien-menu")
    script = ["my son is 14 and won't go to school", "Nederlands graag", "weet ik niet", "hoe lang is de wachttijd?",
              "English please", "dertien"]
    outs = stack.chat([{"user": user, "text": text} for text in script])
    said = _texts(outs[-1])
    assert not any(INTAKE_START_EN in t or INTAKE_START_NL in t for t in said), said
    assert said[-1].startswith("Do you mean an age?"), said
    assert WAYS_ON <= _intents(outs[-1]), outs[-1]
    # The appointment brings the age along (/request_appointment{"age":13}): the intake will not ask it.
    appointment = next(p for p in _payloads(outs[-1]) if p.startswith("/request_appointment"))
    (yes,) = stack.chat([{"user": user, "button": appointment}])
    assert any(INTAKE_START_EN in t for t in _texts(yes)), _texts(yes)


def test_an_age_at_the_intakes_own_age_question_is_still_its_answer(stack):
    user = stack.new_user("age-question")
    outs = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": "ik ben de moeder"},
                       {"user": user, "text": "mijn zoon wil niet meer naar school"},
                       {"user": user, "text": "dertien"}])
    assert _texts(outs[2])[-1] == "Hoe oud is je kind?", _texts(outs[2])
    said = _texts(outs[3])
    assert not any(t.startswith("Bedoel je een leeftijd?") for t in said), said
    assert "Hoe oud" not in said[-1], said


@pytest.mark.parametrize("switch", [["English please", "Nederlands graag"], ["/taal en", "/taal nl"]],
                         ids=["typed", "taal"])
def test_hoi_after_switching_the_language_back_is_a_short_hello_not_the_introduction_again(stack, switch):
    user = stack.new_user("hoi-back")
    outs = stack.chat([{"user": user, "text": text} for text in ["/start LINDE", *switch, "hoi"]])
    assert any(INTRODUCTION in t for t in _texts(outs[0])), _texts(outs[0])
    # The open role question comes again in the new language (it was the menu, and the question was gone).
    assert _texts(outs[1])[-1] == "Who are you writing for?", _texts(outs[1])
    assert _texts(outs[2])[-1] == "Voor wie schrijf je?", _texts(outs[2])
    said = _texts(outs[-1])
    assert said[0] == "Hoi!", said
    assert not any(INTRODUCTION in t for t in said), said
    assert said[-1] == "Voor wie schrijf je?", said


def test_hi_in_english_after_a_dutch_introduction_gets_the_introduction_in_english(stack):
    """Who switched to English has not read the introduction (the bot says it is automated) in English."""
    user = stack.new_user("hi-english")
    outs = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": "/taal en"},
                       {"user": user, "text": "hi"}])
    said = _texts(outs[-1])
    assert said[0] != "Hoi!" and "computer program" in said[0], said


CALLED_BACK = "Ik heb de praktijk gevraagd om contact met je op te nemen"
PRACTICE_QUESTION = "Bij welke huisartsenpraktijk ben je ingeschreven?"


def test_a_practice_typed_instead_of_who_is_writing_is_chosen_then_ik_ben_15_is_who_writes_and_asking_for_a_person_needs_no_practice(stack):
    """"de linde in utrecht" got "Oké. Vertel maar waar ik je mee kan helpen." (not taken as the practice);
    "ik ben 15" after it got "Bedoel je een leeftijd?": it says who is writing, and the age is kept."""
    user = stack.new_user("practice-typed")
    outs = stack.chat([{"user": user, "text": "/start"}, {"user": user, "text": "de linde in utrecht"},
                       {"user": user, "text": "ik ben 15"}, {"user": user, "text": "ik wil iemand spreken"}])
    said = _texts(outs[1])
    assert any("Huisartsenpraktijk De Linde" in t for t in said), said
    assert not any(INTAKE_START_NL in t for t in said), said
    said = _texts(outs[2])
    assert not any(t.startswith("Bedoel je een leeftijd?") for t in said), said
    assert any(INTAKE_START_NL in t for t in said), said  # the questions start, as the button "Voor mezelf"
    assert "Hoe oud" not in said[-1] and "Voor wie schrijf je?" not in said[-1], said  # role and age kept
    said = _texts(outs[3])
    assert any(CALLED_BACK in t for t in said) and not any(PRACTICE_QUESTION in t for t in said), said


def test_after_stopping_an_age_asks_what_they_want_and_a_phone_number_is_a_call_back_with_the_practice_asked_first(stack):
    """A stranger stops the questions before the practice was known. "dertien" then started the
    intake's questions again, and so did a phone number; now the age gets the question what they
    want, and the number the call-back: the practice is asked for it, and the number goes with it."""
    user = stack.new_user("after-stop")
    # The intake's questions started by asking for an appointment: a worry typed here gets its
    # theme's answer and the offer first (since the linear intent classifier reads it as the worry).
    outs = stack.chat([{"user": user, "text": "hallo"},
                       {"user": user, "text": "ik wil graag een afspraak maken"},
                       {"user": user, "text": "ik ben de moeder"},
                       {"user": user, "text": "stop"}, {"user": user, "text": "dertien"},
                       {"user": user, "text": "0612345678"}, {"user": user, "text": "de linde"}])
    outs = outs[1:]
    assert PRACTICE_QUESTION in _texts(outs[1])[-1], _texts(outs[1])  # no practice yet when stopping
    assert "ik stop met de vragen" in _texts(outs[2])[0], _texts(outs[2])
    said = _texts(outs[3])
    assert not any(INTAKE_START_NL in t for t in said), said
    assert said[-1].startswith("Bedoel je een leeftijd?"), said
    assert WAYS_ON <= _intents(outs[3]), outs[3]
    said = _texts(outs[4])
    assert not any(INTAKE_START_NL in t for t in said) and PRACTICE_QUESTION in said[-1], said
    said = _texts(outs[5])
    assert any(CALLED_BACK in t for t in said), said
    assert not any("Stuur dan je telefoonnummer" in t for t in said), said  # the number came with the wish
