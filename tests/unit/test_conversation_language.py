"""The conversation follows the language a person clearly writes in, and /taal takes a language
(fake Rasa, real temp database)."""

import json

import httpx

from bot.conversation import ConversationService, Inbound, RasaClient
from bot.store import repo

ENGLISH = "I am the dad, my daughter (15) will not go to school"


class FakeRasa:
    def __init__(self):
        self.requests = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        return httpx.Response(200, json=[{"text": f"answer in {body['metadata']['language']}"}])


def make(settings, store):
    fake = FakeRasa()
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(fake)))
    return ConversationService(settings, store, client), fake


def stored_language(store, user):
    with store.session() as s:
        return repo.find_conversation(s, channel="terminal", external_id=user).language


async def test_an_english_message_switches_the_conversation_says_so_once_and_is_answered_in_english(settings, store):
    service, fake = make(settings, store)
    out = await service.handle(Inbound("terminal", "en1", text=ENGLISH))
    assert [r.text for r in out] == [
        "You are writing in English, so I will continue in English. Type /taal nl for Dutch.", "answer in en"]
    assert fake.requests[-1]["message"] == ENGLISH  # the message itself is answered
    assert stored_language(store, "en1") == "en"
    out = await service.handle(Inbound("terminal", "en1", text="And she does not sleep well either, every night"))
    assert [r.text for r in out] == ["answer in en"]  # said once, not every turn


async def test_short_or_mixed_messages_never_switch(settings, store):
    service, fake = make(settings, store)
    for text in ("ok", "hi", "no", "help", "mijn zoon is super depressed en ik weet niet wat ik moet doen"):
        out = await service.handle(Inbound("terminal", "nl1", text=text))
        assert [r.text for r in out] == ["answer in nl"], text
    assert stored_language(store, "nl1") == "nl"


async def test_only_the_person_switches_back_and_after_choosing_a_language_it_holds(settings, store):
    service, fake = make(settings, store)
    await service.handle(Inbound("terminal", "back1", text=ENGLISH))
    # An English speaker who writes Dutch words, a short Dutch answer or a whole Dutch sentence is
    # not sent back.
    for text in ("leerplichtambtenaar", "ja", "nee hoor", "moeder", "dertien",
                 "mijn dochter durft niet meer naar school"):
        out = await service.handle(Inbound("terminal", "back1", text=text))
        assert [r.text for r in out] == ["answer in en"] and stored_language(store, "back1") == "en", text
    await service.handle(Inbound("terminal", "back1", text="/taal nl"))
    assert stored_language(store, "back1") == "nl"
    out = await service.handle(Inbound("terminal", "back1", text=ENGLISH))
    assert [r.text for r in out] == ["answer in nl"], "whoever chose a language keeps it"


async def test_a_language_chosen_with_its_button_holds_too(settings, store):
    service, fake = make(settings, store)
    await service.handle(Inbound("terminal", "btn1", text="/taal"))
    with store.session() as s:  # the bot offered the /taal buttons (Rasa's reply, faked here)
        from bot.conversation.transcript import remember_offered
        from bot.replies import Button, Reply
        remember_offered(repo.find_conversation(s, channel="terminal", external_id="btn1"),
                         [Reply("", (Button("Nederlands", '/set_language{"language":"nl"}'),))], store.cipher)
    await service.handle(Inbound("terminal", "btn1", button='/set_language{"language":"nl"}', kind="button"))
    out = await service.handle(Inbound("terminal", "btn1", text=ENGLISH))
    assert [r.text for r in out] == ["answer in nl"] and stored_language(store, "btn1") == "nl"


async def test_a_pressed_button_or_a_command_never_switches(settings, store):
    service, fake = make(settings, store)
    await service.handle(Inbound("terminal", "cmd1", text="/start"))
    await service.handle(Inbound("terminal", "cmd1", text="/help please tell me what you can do for me"))
    assert stored_language(store, "cmd1") == "nl"


async def test_taal_with_a_language_chooses_it_as_its_button_does(settings, store):
    service, fake = make(settings, store)
    out = await service.handle(Inbound("terminal", "taal1", text="/taal en"))
    assert json.loads(fake.requests[-1]["message"].removeprefix("/set_language")) == {"language": "en"}
    assert out[-1].text == "answer in en" and stored_language(store, "taal1") == "en"
    await service.handle(Inbound("terminal", "taal1", text="/taal Nederlands"))
    assert stored_language(store, "taal1") == "nl"
    await service.handle(Inbound("terminal", "taal1", text="/taal klingon"))
    assert fake.requests[-1]["message"] == "/taal" and stored_language(store, "taal1") == "nl"  # the buttons


async def test_the_check_in_question_is_asked_in_the_language_the_message_was_written_in(settings, store):
    service, fake = make(settings, store)
    out = await service.handle(Inbound("terminal", "ci1", text="I have no thoughts of suicide at all, but I sleep very badly"))
    assert out[0].kind == "notice" and out[1].kind == "check_in"
    assert "112" in out[1].text and "Dank" not in out[1].text and "denk je" not in out[1].text.lower()
    assert fake.requests == []  # waits for the answer


async def test_asking_for_a_language_by_name_chooses_it_as_taal_does(settings, store):
    """"Nederlands graag" went to Rasa as text: its set_language intent confirmed the language the
    conversation already had ("Okay, we'll continue in English")."""
    from bot.conversation.commands import typed_language_choice

    service, fake = make(settings, store)
    await service.handle(Inbound("terminal", "ask1", text="/taal en"))
    for text, language in (("Nederlands graag", "nl"), ("English please", "en"),
                           ("ik wil toch liever verder in het Nederlands praten", "nl")):
        out = await service.handle(Inbound("terminal", "ask1", text=text))
        assert json.loads(fake.requests[-1]["message"].removeprefix("/set_language")) == {"language": language}, text
        assert out[-1].text == f"answer in {language}" and stored_language(store, "ask1") == language, text
    # A message that says more than which language is no choice: it goes on as it is.
    for text in ("ik spreek geen Nederlands", "hij haalt slechte cijfers voor Engels", "en", "nl", "Nederlands of English?"):
        assert typed_language_choice(text) is None, text
    # A typed choice counts as choosing: a whole English message no longer switches.
    out = await service.handle(Inbound("terminal", "ask1", text=ENGLISH))
    assert [r.text for r in out] == ["answer in nl"]
