"""A yes or no typed to "Voor wie schrijf je?" gets the question explained once, with its buttons;
never twice, and never for a message that says who is writing."""

import asyncio
from types import SimpleNamespace

import pytest

from bot.conversation import Hooks
from bot.dialogue import role_question
from tests.fakes.store import FakeStore

ROLE_BUTTONS = [{"title": "Ik ben ouder of verzorger", "payload": '/inform_role{"role":"ouder"}'},
                {"title": "Het gaat over mezelf", "payload": '/inform_role{"role":"jongere"}'},
                {"title": "Ik werk met een gezin", "payload": '/inform_role{"role":"professional"}'}]


class _Renderer:
    def render(self, request):
        assert request["response"] == "utter_ask_role"
        return {"text": "Voor wie schrijf je?", "buttons": ROLE_BUTTONS}


def _handler(last):
    hooks = Hooks()
    role_question.register(hooks, store=FakeStore(last), renderer=_Renderer())
    ((_order, _name, handler),) = hooks.turn_handlers
    return handler


def _turn(text, pressed=False):
    said = []

    async def say(reply):
        said.append(reply)

    return SimpleNamespace(text=text, language="nl", pressed=pressed, say=say, said=said,
                           conversation=SimpleNamespace(id=1, sender_id="s1", reference="c1"))


@pytest.mark.parametrize("text", ["ja", "Ja!", "oké", "ja hoor", "nee", "yes"])
def test_a_yes_or_no_to_who_writes_gets_the_question_explained_with_the_role_buttons_and_a_person(text):
    turn = _turn(text)
    assert asyncio.run(_handler("Voor wie schrijf je?")(turn, text)) is True
    (reply,) = turn.said
    assert reply.text.startswith("Voor wie schrijf je?"), reply.text  # a role typed next is read as its answer
    assert "ouder" in reply.text and "jezelf" in reply.text
    payloads = [b.payload for b in reply.buttons]
    assert payloads == [b["payload"] for b in ROLE_BUTTONS] + ["/request_human"]


@pytest.mark.parametrize("text", ["moeder", "ja ik ben de moeder", "ik ben 15", "mijn zoon is 12", "/inform_role",
                                  "hoi", "weet ik niet"])
def test_a_message_that_says_who_writes_or_something_else_is_not_taken(text):
    assert asyncio.run(_handler("Voor wie schrijf je?")(_turn(text), text)) is False


def test_explained_once_a_second_yes_goes_on_to_rasa():
    turn = _turn("ja")
    last = role_question.explained("nl", "Voor wie schrijf je?", ()).text
    assert asyncio.run(_handler(last)(turn, "ja")) is False
    assert turn.said == []


@pytest.mark.parametrize("last", ["Waar kan ik je mee helpen?", None])
def test_only_right_after_the_role_question(last):
    assert asyncio.run(_handler(last)(_turn("ja"), "ja")) is False


def test_a_pressed_button_is_never_taken():
    assert asyncio.run(_handler("Voor wie schrijf je?")(_turn("ja", pressed=True), "ja")) is False
