"""First contact in Arabic, Turkish, Polish and Ukrainian: the card in the person's language
instead of a Dutch "I did not understand", and a request for a conversation with an interpreter
that the practice sees as a handover. Through the real conversation service (Rasa mocked)."""

import json

import httpx
import pytest

from bot.content import first_contact as fc
from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_hooks
from bot.i18n import translator

ARABIC = "مرحبا، ابني عمره عشر سنوات ولا يريد الذهاب إلى المدرسة. ماذا أفعل؟"
TURKISH = "Merhaba, oğlum on yaşında ve okula gitmek istemiyor. Ne yapmalıyım?"
POLISH = "Dzień dobry, mój syn ma dziesięć lat i nie chce chodzić do szkoły. Co mam robić?"
UKRAINIAN = "Добрий день, моєму сину десять років і він не хоче ходити до школи. Що мені робити?"


def make(settings, store, answer=None):
    requests = []

    def handler(request):
        requests.append(json.loads(request.content))
        return httpx.Response(200, json=answer if answer is not None else [{"text": "Hoi!"}])

    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    return ConversationService(settings, store, client, hooks=build_hooks(settings, store)), requests


@pytest.mark.parametrize("language, text", [("ar", ARABIC), ("tr", TURKISH), ("pl", POLISH), ("uk", UKRAINIAN)])
async def test_a_message_in_another_language_gets_the_first_contact_card_in_that_language(settings, store, language, text):
    service, requests = make(settings, store)
    out = await service.handle(Inbound("terminal", f"fc-{language}", text=text))
    assert requests == []  # Rasa, which reads only Dutch and English, is not asked
    (card,) = out
    assert card.text == translator(language).gettext(fc.CARD).format(practice_name="de huisartsenpraktijk")
    assert card.text != fc.CARD.format(practice_name="de huisartsenpraktijk")
    payloads = [b.payload for b in card.buttons]
    assert payloads == [f'/first_contact_interpreter{{"language":"{language}"}}', '/set_language{"language":"nl"}',
                        '/set_language{"language":"en"}']


async def test_dutch_and_english_messages_go_to_rasa(settings, store):
    service, requests = make(settings, store)
    await service.handle(Inbound("terminal", "fc-nl", text="mijn zoon wil niet meer naar school, wat moet ik doen"))
    await service.handle(Inbound("terminal", "fc-en", text="my son does not want to go to school anymore"))
    assert len(requests) == 2


async def test_asking_for_an_interpreter_makes_a_handover_the_practice_sees(settings, store):
    from bot.intake.repo import list_handovers

    service, requests = make(settings, store)
    (card,) = await service.handle(Inbound("terminal", "fc-int", text=ARABIC))
    out = await service.handle(Inbound("terminal", "fc-int", button=card.buttons[0].payload))
    assert requests == []
    assert out[0].text.startswith(translator("ar").gettext(fc.INTERPRETER_ASKED)[:20])
    with store.session() as s:
        (handover,) = list_handovers(s)
        assert "interpreter_requested" in json.loads(handover.flags)
        assert "Arabisch" in store.cipher.decrypt(handover.summary)
        assert handover.urgency == "regular" and handover.complete is False


async def test_the_language_menu_shows_the_card_in_the_chosen_language(settings, store):
    menu = [{"text": "In welke taal wil je praten?",
             "buttons": [{"title": "Polski", "payload": '/first_contact{"language":"pl"}'}]}]
    service, requests = make(settings, store, answer=menu)
    await service.handle(Inbound("terminal", "fc-menu", text="/taal"))
    (card,) = await service.handle(Inbound("terminal", "fc-menu", button='/first_contact{"language":"pl"}'))
    assert len(requests) == 1  # only /taal went to Rasa
    assert card.text.startswith("Dzień dobry")


def test_a_payload_for_another_language_is_not_read():
    assert fc.read_payload('/first_contact{"language":"de"}') is None
    assert fc.read_payload('/first_contact_interpreter{"language":"uk"}') == (fc.INTERPRETER_PAYLOAD, "uk")
