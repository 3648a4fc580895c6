"""After "/taal en" (or "English please") right after "Voor wie schrijf je?", the role question comes
again in the new language, with its buttons, instead of the menu."""

import asyncio
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.dialogue.language_switch import AskAgainAfterTheSwitch, chose_a_language
from bot.nlg import ResponseRenderer
from bot.replies import Reply
from tests.fakes.store import FakeStore

DOMAIN = Path(__file__).resolve().parents[2] / "nlu_data" / "domain"
SWITCHED = Reply("Okay, we'll continue in English.")


def _turn(text, before="nl", after="en"):
    return SimpleNamespace(text=text, language=after, pressed=False,
                           conversation=SimpleNamespace(id=1, language=before, reference="c1", sender_id="s1"))


def _filter(last):
    return AskAgainAfterTheSwitch(FakeStore(last), ResponseRenderer(DOMAIN))


@pytest.mark.parametrize("text", ["/taal en", "English please", '/set_language{"language":"en"}'])
def test_the_role_question_comes_again_in_the_new_language(text):
    assert chose_a_language(text)
    replies = asyncio.run(_filter("Voor wie schrijf je?")(_turn(text), [SWITCHED]))
    assert replies[0] == SWITCHED
    asked = replies[-1]
    assert asked.text == "Who are you writing for?"
    assert [b.payload for b in asked.buttons] == ['/inform_role{"role":"ouder"}', '/inform_role{"role":"jongere"}',
                                                  '/inform_role{"role":"professional"}']


@pytest.mark.parametrize("last, text, before, replies", [
    ("Oké. Vertel maar waar ik je mee kan helpen.", "/taal en", "nl", [SWITCHED]),  # no role question was open
    ("Voor wie schrijf je?", "my son won't go to school", "nl", [SWITCHED]),  # no language chosen
    ("Voor wie schrijf je?", "/taal en", "nl", [SWITCHED, Reply("How old is your child?")]),  # a question follows
])
def test_otherwise_the_replies_stay_as_they_are(last, text, before, replies):
    assert asyncio.run(_filter(last)(_turn(text, before=before), list(replies))) == list(replies)
