"""A short typed yes or no to the offer of a talk counts as the offer's button."""

import asyncio
from types import SimpleNamespace

from bot.conversation import Hooks
from bot.dialogue import offer
from tests.fakes.store import FakeStore


def test_a_short_yes_or_no_is_the_offers_button_and_anything_else_goes_to_the_model():
    for text in ["ja", "Ja graag!", "ja, graag een gesprek", "oké", "graag", "yes please"]:
        assert offer.answer_to_offer(text) == offer.YES, text
    for text in ["nee", "Nee, dank je", "nee hoor", "liever niet", "no thanks"]:
        assert offer.answer_to_offer(text) == offer.NO, text
    for text in ["het gaat niet goed", "ja maar niet nu", "mijn zoon wil niet naar school, ja echt niet",
                 "wat kost het?", "/request_appointment", "", "ja ik wil graag weten hoe lang het duurt"]:
        assert offer.answer_to_offer(text) is None, text


def _reader(last):
    hooks = Hooks()
    offer.register(hooks, store=FakeStore(last))
    (reader,) = hooks.typed_answers
    return reader


def _turn(text, language="nl"):
    return SimpleNamespace(text=text, language=language, conversation=SimpleNamespace(id=1))


def test_it_counts_only_right_after_the_offer_in_the_conversations_language():
    said = "Wil je hierover praten met de POH-Jeugd? Dat is gratis."
    assert asyncio.run(_reader(said)(_turn("ja graag"), "ja graag")) == offer.YES
    assert asyncio.run(_reader(said)(_turn("nee"), "nee")) == offer.NO
    assert asyncio.run(_reader("Waar gaat het over?")(_turn("ja"), "ja")) is None
    assert asyncio.run(_reader(None)(_turn("ja"), "ja")) is None
