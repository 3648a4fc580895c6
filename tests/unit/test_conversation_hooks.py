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
    model = {"mijn zoon van 14 wil niet meer naar school": "ask_school", "hij zit al weken thuis": "nlu_fallback"}

    async def intent_of(text):
        return model.get(text)

    intake.register(hooks, settings=settings, store=store, intent_of=intent_of)
    role_question = [{"text": "Voor wie schrijf je?", "buttons": [
        {"title": "Ik ben ouder of verzorger", "payload": '/inform_role{"role":"ouder"}'},
        {"title": "Het gaat over mezelf", "payload": '/inform_role{"role":"jongere"}'}]}]
    service, requests = make(settings, store, hooks, answer=role_question)
    await service.handle(Inbound("terminal", "r1", text="hallo"))
    await service.handle(Inbound("terminal", "r1", text="myself"))
    # A worry the model is sure of goes whole (its answer reads the role); one it is unsure of
    # ("hij zit al weken thuis" got "Bedoel je een van deze?" and the role question came back)
    # goes as the role with the typed words, which the intake reads.
    await service.handle(Inbound("terminal", "r1", text="mijn zoon van 14 wil niet meer naar school"))
    await service.handle(Inbound("terminal", "r1", text="hij zit al weken thuis"))
    assert [r["message"] for r in requests] == [
        "hallo", '/inform_role{"role":"jongere"}', "mijn zoon van 14 wil niet meer naar school",
        '/inform_role{"role":"ouder"}']
    assert requests[-1]["metadata"]["typed"] == "hij zit al weken thuis"

    other = [{"text": "Hoe oud is je kind?"}]
    service, requests = make(settings, store, hooks, answer=other)
    await service.handle(Inbound("terminal", "r2", text="hallo"))
    await service.handle(Inbound("terminal", "r2", text="myself"))
    assert requests[-1]["message"] == "myself", "not after another question"


def test_typed_role_answers():
    from bot.intake.conversation import role_payload

    assert role_payload("myself") == '/inform_role{"role":"jongere"}'
    assert role_payload("ik ben leerkracht van een leerling") == '/inform_role{"role":"professional"}'
    assert role_payload("ik ben de mentor van een leerling") == '/inform_role{"role":"professional"}'
    assert role_payload("ik ben zijn docent") == '/inform_role{"role":"professional"}'
    assert role_payload("moeder") == '/inform_role{"role":"ouder"}'
    assert role_payload("weet ik niet") is None and role_payload("14") is None
    assert role_payload("mijn zoon van 14 wil al weken niet meer naar school") == '/inform_role{"role":"ouder"}'
    # A plain statement of who is writing, longer than a short answer, still counts.
    assert role_payload("ik ben de moeder van een jongen") == '/inform_role{"role":"ouder"}'
    assert role_payload("I'm his dad, he is in year nine") == '/inform_role{"role":"ouder"}'
    # Someone else's parent or mentor is not who is writing.
    assert role_payload("mijn moeder is ziek") is None and role_payload("my mum says I should ask") is None
    assert role_payload("ik ben zijn moeder") == '/inform_role{"role":"ouder"}'
    # About a child in the third person: a parent is writing ("hij is 14", "ze wil niet naar
    # school"); the worry goes along as the typed words the intake reads.
    assert role_payload("hij wil niet naar school") == '/inform_role{"role":"ouder"}'
    assert role_payload("ze is 9") == '/inform_role{"role":"ouder"}'
    assert role_payload("he won't go to school") == '/inform_role{"role":"ouder"}'
    assert role_payload("ze pesten me op school") is None  # a young person about others
    assert role_payload("hij wil al weken niet meer naar school en ik weet niet wat ik moet doen") is None


def test_a_message_that_only_says_who_is_writing_is_told_from_one_that_says_more():
    from bot.intake.parsing import says_only_who_writes as only

    assert only("ik ben de moeder van een jongen") == "ouder"
    assert only("Hoi, ik ben vader van een meisje van dertien en een zoon.") == "ouder"
    assert only("I'm the mum of two boys") == "ouder"
    assert only("vader van een meid van 13") == "ouder"  # "meid": everyday Dutch for a girl
    # English step- and foster parents and grandparents (H2's classifier asked "I am his stepdad"
    # the check-in, about sexual abuse, until the plain-answer floor knew the word).
    for text in ("I am his stepdad", "I'm her stepmum", "step-dad of a boy of 14", "foster mum of two kids",
                 "I'm his nan", "ik ben zijn stiefpa"):
        assert only(text) == "ouder", text
    assert only("my stepdad hits me") is None and only("I am his stepdad and he is scared") is None
    assert only("over mezelf") == "jongere" and only("ik ben 15") == "jongere"
    assert only("ik ben mentor") == "professional"
    # A professional who says whose teacher they are: still only who is writing (on a retrained
    # model "ik ben leerkracht van een leerling" read as an FAQ and got its answer instead).
    assert only("ik ben leerkracht van een leerling") == "professional"
    assert only("Hallo, ik ben de mentor van een leerling uit mijn klas.") == "professional"
    assert only("ik ben zijn docent") == "professional" and only("I'm her teacher") == "professional"
    assert only("ik ben juf van een meisje van 7") == "professional"
    assert only("zijn stiefvader hier") == "ouder" and only("mum here") == "ouder"
    # Anything more than who is writing is not this: a worry, a risk, a wish.
    for text in ("ik ben de moeder van een jongen die zichzelf snijdt", "ik ben de moeder van een jongen en hij wil dood",
                 "mijn zoon wil niet naar school", "ik ben 15 en wil dood", "ik ben klaar met alles", "ik ben bang",
                 "ik ben de vader, ze is weggelopen", "moeder van een jongen van 14 die niet meer eet",
                 "ik ben mentor van een leerling die zichzelf snijdt", "ik ben de juf, hij wil niet naar huis"):
        assert only(text) is None, text


async def test_a_check_in_of_the_classifier_alone_on_an_answer_that_only_says_who_is_writing_is_not_asked(
        settings, store, monkeypatch):
    """'ik ben de moeder van een jongen' drew the check-in (the classifier's 0.73), and the role
    never reached the intake: it goes on as the role button. A rule's signal, another question
    before it, or a message that says more still get the check-in."""
    from bot.conversation import service as service_module
    from bot.intake import conversation as intake
    from bot.safety import Verdict

    verdicts = {"ik ben de moeder van een jongen": Verdict(crisis=False, check_in=True, category="violence_home",
                                                           confidence=0.73, rule="classifier", about="self"),
                "ik ben de moeder van een jongen die wegloopt": Verdict(
                    crisis=False, check_in=True, category="missing", confidence=0.7, rule="classifier")}
    monkeypatch.setattr(service_module, "screen", lambda text: verdicts.get(text, Verdict(crisis=False)))
    hooks = Hooks()
    intake.register(hooks, settings=settings, store=store)
    role_question = [{"text": "Voor wie schrijf je?", "buttons": [
        {"title": "Ik ben ouder of verzorger", "payload": '/inform_role{"role":"ouder"}'}]}]
    service, requests = make(settings, store, hooks, answer=role_question)
    await service.handle(Inbound("terminal", "w1", text="hallo"))
    out = await service.handle(Inbound("terminal", "w1", text="ik ben de moeder van een jongen"))
    assert requests[-1]["message"] == '/inform_role{"role":"ouder"}', [r.text for r in out]
    assert not any(r.kind == "check_in" for r in out)

    # Saying more than who is writing: the check-in as always, and Rasa waits for its answer.
    await service.handle(Inbound("terminal", "w2", text="hallo"))
    sent = len(requests)
    out = await service.handle(Inbound("terminal", "w2", text="ik ben de moeder van een jongen die wegloopt"))
    assert len(requests) == sent and any(r.kind == "check_in" for r in out)

    # A rule's signal is never waived.
    verdicts["ik ben de moeder van een jongen"] = Verdict(crisis=False, check_in=True, category="suicide",
                                                          confidence=0.9, rule="rules:signal")
    await service.handle(Inbound("terminal", "w3", text="hallo"))
    sent = len(requests)
    out = await service.handle(Inbound("terminal", "w3", text="ik ben de moeder van een jongen"))
    assert len(requests) == sent and any(r.kind == "check_in" for r in out)

    # Not an answer to "Voor wie schrijf je?": the check-in as always.
    verdicts["ik ben de moeder van een jongen"] = Verdict(crisis=False, check_in=True, category="violence_home",
                                                          confidence=0.73, rule="classifier", about="self")
    service, requests = make(settings, store, hooks, answer=[{"text": "Hoe oud is je kind?"}])
    await service.handle(Inbound("terminal", "w4", text="hallo"))
    out = await service.handle(Inbound("terminal", "w4", text="ik ben de moeder van een jongen"))
    assert len(requests) == 1 and any(r.kind == "check_in" for r in out)




async def test_the_bots_own_words_for_asking_for_a_person_go_to_rasa_as_that_request_in_any_state(settings, store):
    """Typed "ik wil iemand spreken" is the call-back request also where no such button was
    offered (the role question, a form's question); the model read it as an appointment."""
    from bot.dialogue.asking_for_a_person import read_typed_request

    hooks = Hooks()
    hooks.typed_request(read_typed_request)
    service, requests = make(settings, store, hooks, answer=[{"text": "Hoe oud is je kind?"}])
    # The refusal is "ik hoef niemand te spreken": the bare "ik wil niemand spreken" gets the safety
    # check-in from the 56-writer risk model (session 22, docs/safety.md), which is the screen's
    # business, not this reader's.
    for text in ("hallo", "ik wil iemand spreken", "Ik wil graag iemand spreken!", "ik hoef niemand te spreken",
                 "ik wil iemand spreken over mijn zoon van 14, hij gaat niet meer naar school"):
        await service.handle(Inbound("terminal", "p1", text=text))
    assert [r["message"] for r in requests] == [
        "hallo", "/request_human", "/request_human", "ik hoef niemand te spreken",
        "ik wil iemand spreken over mijn zoon van 14, hij gaat niet meer naar school"]


def test_the_composition_root_reads_typed_requests_for_a_person(settings, store):
    from bot.dialogue.asking_for_a_person import read_typed_request
    from bot.features import build_hooks

    assert read_typed_request in build_hooks(settings, store).typed_requests
