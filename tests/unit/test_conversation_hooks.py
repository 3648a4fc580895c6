"""Features plug into the conversation core through Hooks; the core imports no feature."""

import json

import httpx
import pytest

from bot.conversation import ConversationService, Hooks, Inbound, RasaClient
from bot.replies import Reply


def make(settings, store, hooks, answer=None):
    requests = []

    def handler(request):
        requests.append(json.loads(request.content))
        return httpx.Response(200, json=answer if answer is not None else [{"text": "Hoi!"}])

    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    return ConversationService(settings, store, client, hooks=hooks), requests


async def test_a_feature_command_answers_without_rasa_and_its_reply_is_in_the_transcript(settings, store):
    from bot.store import repo

    hooks = Hooks()

    async def forget(turn, argument):
        await turn.say(Reply(f"Weet je het zeker? {argument}".strip()))
        return None

    hooks.command("vergeet", forget, description="Wis je gegevens")
    service, requests = make(settings, store, hooks)
    out = await service.handle(Inbound("terminal", "h1", text="/vergeet"))
    assert [r.text for r in out] == ["Weet je het zeker?"] and requests == []
    assert ("vergeet", "Wis je gegevens") in service.commands.menu()
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="h1")
        lines = repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)
    assert [ln.text for ln in lines] == ["/vergeet", "Weet je het zeker?"]


async def test_turn_handlers_run_in_order_and_the_first_that_handles_the_turn_wins(settings, store):
    hooks, seen = Hooks(), []

    async def late(turn, message):
        seen.append("late")
        return False

    async def human_mode(turn, message):
        seen.append("human")
        await turn.say(Reply("Een medewerker leest mee."))
        return True

    hooks.turn_handler("late", late, order=90)
    hooks.turn_handler("human", human_mode, order=10)
    service, requests = make(settings, store, hooks)
    out = await service.handle(Inbound("terminal", "h2", text="hallo"))
    assert seen == ["human"] and requests == [] and out[0].text == "Een medewerker leest mee."


async def test_turn_handlers_never_see_a_crisis_the_help_lines_go_first(settings, store):
    hooks, seen = Hooks(), []

    async def human_mode(turn, message):
        seen.append(message)
        return True

    hooks.turn_handler("human", human_mode, order=10)
    service, _ = make(settings, store, hooks)
    out = await service.handle(Inbound("terminal", "h3", text="ik wil er niet meer zijn"))
    assert out[0].kind == "crisis" and seen == []


async def test_payload_handlers_and_reply_filters_see_rasas_replies_in_order(settings, store):
    hooks = Hooks()

    async def sticker(turn, custom, replies):
        replies.append(Reply(f"[{custom['sticker']}]"))

    async def no_shouting(turn, replies):
        return [Reply(r.text.lower(), r.buttons) for r in replies]

    hooks.payload("sticker", sticker)
    hooks.reply_filter(no_shouting)
    service, _ = make(settings, store, hooks, answer=[{"text": "EEN"}, {"custom": {"sticker": "ZON"}}])
    out = await service.handle(Inbound("terminal", "h4", text="hoi"))
    assert [r.text for r in out] == ["een", "[zon]"]


async def test_crisis_listeners_run_after_the_crisis_is_recorded(settings, store):
    hooks, seen = Hooks(), []
    hooks.on_crisis(lambda session, *, conversation_id, category, cipher: seen.append(category))
    service, _ = make(settings, store, hooks)
    await service.handle(Inbound("terminal", "h5", text="ik wil er niet meer zijn"))
    assert seen == ["suicide"]


def test_a_command_or_payload_cannot_be_registered_twice():
    hooks = Hooks()

    async def handler(turn, argument):
        return None

    hooks.command("vergeet", handler)
    with pytest.raises(ValueError):
        hooks.command("/vergeet", handler)


async def test_the_language_goes_to_rasa_with_every_message(settings, store):
    service, requests = make(settings, store, Hooks())
    await service.handle(Inbound("terminal", "h6", text="hoi"))
    assert requests[0]["metadata"]["language"] == "nl"
    assert len(requests[0]["metadata"]["turn_id"]) == 32, "an id to find the turn in the tracker"


def test_the_composition_root_registers_the_booking_and_intake_features(settings, store):
    from bot.features import build_hooks

    hooks = build_hooks(settings, store)
    assert "ics" in hooks.payload_handlers and "afspraak" in hooks.commands
    assert hooks.crisis_listeners, "the intake raises its handover on a crisis"


async def test_a_short_typed_answer_to_the_role_question_goes_to_rasa_as_the_role_button(settings, store):
    """'myself' typed at "Voor wie schrijf je?" is the button "Het gaat over mezelf", never a
    guess of the model (which read it as the crisis intent); elsewhere it stays plain text."""
    from bot.intake import conversation as intake

    hooks = Hooks()
    intake.register(hooks, settings=settings, store=store)
    role_question = [{"text": "Voor wie schrijf je?", "buttons": [
        {"title": "Ik ben ouder of verzorger", "payload": '/inform_role{"role":"ouder"}'},
        {"title": "Het gaat over mezelf", "payload": '/inform_role{"role":"jongere"}'}]}]
    service, requests = make(settings, store, hooks, answer=role_question)
    await service.handle(Inbound("terminal", "r1", text="hallo"))
    await service.handle(Inbound("terminal", "r1", text="myself"))
    await service.handle(Inbound("terminal", "r1", text="mijn zoon van 14 wil niet meer naar school"))
    assert [r["message"] for r in requests] == [
        "hallo", '/inform_role{"role":"jongere"}', "mijn zoon van 14 wil niet meer naar school"]

    other = [{"text": "Hoe oud is je kind?"}]
    service, requests = make(settings, store, hooks, answer=other)
    await service.handle(Inbound("terminal", "r2", text="hallo"))
    await service.handle(Inbound("terminal", "r2", text="myself"))
    assert requests[-1]["message"] == "myself", "not after another question"


def test_typed_role_answers():
    from bot.intake.conversation import role_payload

    assert role_payload("myself") == '/inform_role{"role":"jongere"}'
    assert role_payload("ik ben leerkracht van een leerling") == '/inform_role{"role":"professional"}'
    assert role_payload("moeder") == '/inform_role{"role":"ouder"}'
    assert role_payload("weet ik niet") is None and role_payload("14") is None
    assert role_payload("mijn zoon van 14 wil al weken niet meer naar school") is None  # Rasa reads it
    # A plain statement of who is writing, longer than a short answer, still counts.
    assert role_payload("ik ben de moeder van een jongen") == '/inform_role{"role":"ouder"}'
    assert role_payload("I'm his dad, he is in year nine") == '/inform_role{"role":"ouder"}'
    # Someone else's parent or mentor is not who is writing.
    assert role_payload("mijn moeder is ziek") is None and role_payload("my mum says I should ask") is None
    assert role_payload("ik ben zijn moeder") == '/inform_role{"role":"ouder"}'


async def test_the_bots_own_words_for_asking_for_a_person_go_to_rasa_as_that_request_in_any_state(settings, store):
    """Typed "ik wil iemand spreken" is the call-back request also where no such button was
    offered (the role question, a form's question); the model read it as an appointment."""
    from bot.dialogue.asking_for_a_person import read_typed_request

    hooks = Hooks()
    hooks.typed_request(read_typed_request)
    service, requests = make(settings, store, hooks, answer=[{"text": "Hoe oud is je kind?"}])
    for text in ("hallo", "ik wil iemand spreken", "Ik wil graag iemand spreken!", "ik wil niemand spreken",
                 "ik wil iemand spreken over mijn zoon van 14, hij gaat niet meer naar school"):
        await service.handle(Inbound("terminal", "p1", text=text))
    assert [r["message"] for r in requests] == [
        "hallo", "/request_human", "/request_human", "ik wil niemand spreken",
        "ik wil iemand spreken over mijn zoon van 14, hij gaat niet meer naar school"]


def test_the_composition_root_reads_typed_requests_for_a_person(settings, store):
    from bot.dialogue.asking_for_a_person import read_typed_request
    from bot.features import build_hooks

    assert read_typed_request in build_hooks(settings, store).typed_requests
