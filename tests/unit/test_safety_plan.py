"""The safety plan through the conversation service (every feature registered, Rasa faked):
made step by step, shown, changed, shared, with the safety screen on every answer."""

import json

import httpx
from sqlalchemy import select, text

from bot.conversation import Inbound, RasaClient
from bot.features import build_service
from bot.store import repo
from bot.store.models_waiting import SafetyPlan
from bot.store.seed import seed_demo
from bot.waiting import plan as P

ANSWERS = {
    "warning_signs": "Ik trek me terug op mijn kamer en ik slaap slecht",
    "self_help": "Gitaar spelen en een rondje fietsen",
    "people_places": "Bij oma in de tuin",
    "contacts": "Mijn zus Lotte 0612345678",
    "safe_surroundings": "De scheermesjes aan mama geven",
    "reasons": "Mijn hond Bram en later dierenarts worden",
}


def make_service(settings, store, answer=None):
    sent = []

    def handler(request):
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=answer if answer is not None else [{"text": "(rasa)"}])

    rasa = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    return build_service(settings, store, rasa), sent


class Person:
    def __init__(self, service, user="jong-1"):
        self.service, self.user = service, user

    async def say(self, words):
        return await self.service.handle(Inbound("terminal", self.user, text=words))

    async def press(self, payload):
        return await self.service.handle(Inbound("terminal", self.user, button=payload, kind="button"))

    async def answer(self, words):
        """Say an answer; when the screen asks its direct question about it, answer "nee"."""
        out = await self.say(words)
        if out and out[0].kind == "check_in":
            out = await self.say("nee")
        return out


def payloads(replies):
    return [b.payload for r in replies for b in r.buttons]


def stored_plan(store, user="jong-1"):
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id=user, cipher=store.cipher)
        return P.state_of(P.row_of(s, conv.id), store.cipher)


async def start(settings, store, user="jong-1", answer=None):
    with store.session() as s:
        seed_demo(s)
    service, sent = make_service(settings, store, answer)
    person = Person(service, user)
    await person.say("/start LINDE")
    return person, sent


async def test_a_plan_made_step_by_step_shown_changed_and_shared(settings, store):
    person, sent = await start(settings, store)
    out = await person.say("/veiligheidsplan")
    assert "veiligheidsplan" in out[0].text and "POH-Jeugd" in out[0].text
    assert payloads(out) == ["/plan_start", "/plan_later"]
    rasa_calls = len(sent)

    out = await person.press("/plan_start")
    assert out[0].text.startswith("Stap 1 van 6") and payloads(out) == ["/plan_skip", "/plan_stop"]
    out = await person.say(ANSWERS["warning_signs"])
    assert "Opgeschreven" in out[0].text and "Stap 2 van 6" in out[0].text
    assert payloads(out) == ["/plan_skip", "/plan_back", "/plan_stop"]
    out = await person.say("terug")  # typed instead of pressed
    assert "Stap 1 van 6" in out[0].text
    await person.say(ANSWERS["warning_signs"])
    for code in P.STEPS[1:-1]:
        out = await person.answer(ANSWERS[code])  # "scheermesjes" makes the screen ask first
    assert "Stap 6 van 6" in out[-1].text
    out = await person.press("/plan_skip")  # "what makes it worth it" can wait
    assert "klaar" in out[0].text
    shown = out[1].text
    assert all(ANSWERS[c] in shown for c in P.STEPS[:-1]) and "(niets ingevuld)" in shown
    assert "113" in shown and "0800-0113" in shown and "0800-0432" in shown and "112" in shown
    assert payloads(out) == ["/plan_share", "/plan_noshare"]
    assert len(sent) == rasa_calls  # no answer went to Rasa

    out = await person.press("/plan_share")
    assert "gedeeld" in out[0].text
    state = stored_plan(store)
    assert state.shared and state.content["contacts"] == ANSWERS["contacts"]
    with store.engine.connect() as c:
        raw = c.execute(text("select content, draft from safety_plans")).one()
    assert b"Lotte" not in (raw[0] or b"") and raw[1] is None  # encrypted at rest

    out = await person.say("/veiligheidsplan")  # shown again on request
    assert ANSWERS["reasons"] not in out[0].text and ANSWERS["contacts"] in out[0].text
    assert payloads(out) == ["/plan_edit", "/plan_unshare", "/plan_close"]
    out = await person.press("/plan_edit")
    assert '/plan_edit{"step":"reasons"}' in payloads(out) and "/plan_edit_all" in payloads(out)
    out = await person.press('/plan_edit{"step":"reasons"}')
    assert "Stap 6 van 6" in out[0].text and "/plan_back" not in payloads(out)
    out = await person.say(ANSWERS["reasons"])
    assert "aangepast" in out[0].text and ANSWERS["reasons"] in out[1].text
    assert stored_plan(store).content["reasons"] == ANSWERS["reasons"]

    out = await person.press("/plan_unshare")
    assert "niet meer gedeeld" in out[0].text and not stored_plan(store).shared


async def test_editing_every_step_keeps_what_is_not_changed_and_stop_changes_nothing(settings, store):
    person, _ = await start(settings, store)
    await person.press("/veiligheidsplan")  # typed slash text is not a button: nothing happens
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    for code in P.STEPS:
        await person.answer(ANSWERS[code])
    await person.press("/plan_noshare")
    await person.say("/veiligheidsplan")
    await person.press("/plan_edit")
    out = await person.press("/plan_edit_all")
    assert "Nu staat er: " + ANSWERS["warning_signs"] in out[0].text and "/plan_keep" in payloads(out)
    await person.press("/plan_keep")
    await person.say("Muziek heel hard aan")
    out = await person.press("/plan_stop")
    assert "niet veranderd" in out[0].text
    assert stored_plan(store).content["self_help"] == ANSWERS["self_help"]


async def test_a_crisis_in_a_plan_answer_gets_the_help_lines_and_pauses_the_plan(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    out = await person.say("Dan denk ik: ik wil niet meer leven")
    assert out[0].kind == "crisis" and "113" in out[0].text
    assert any(b.payload == "/affirm_safe" for r in out for b in r.buttons)
    state = stored_plan(store)
    # the help lines first; the words are kept as the answer, and the plan waits
    assert state.paused and state.draft["warning_signs"] == "Dan denk ik: ik wil niet meer leven"
    assert sent[-1]["message"].startswith("/crisis")
    # while paused, the conversation is the safety conversation's: nothing is taken as an answer
    out = await person.say("oké")
    assert out[0].text == "(rasa)"
    out = await person.press("/affirm_safe")
    assert "/plan_resume" in payloads(out)
    out = await person.press("/plan_resume")
    assert "Stap 2 van 6" in out[0].text


async def test_after_a_crisis_and_safe_now_a_young_person_is_offered_a_plan(settings, store):
    person, _ = await start(settings, store)
    await person.say("ik wil niet meer leven")
    out = await person.press("/affirm_safe")
    assert out[0].text == "(rasa)"  # the safety dialogue's own answer first
    assert "veiligheidsplan maken" in out[1].text and payloads(out)[:1] == ["/plan_start"]
    out = await person.press("/plan_start")
    assert "Stap 1 van 6" in out[0].text


async def test_safe_now_typed_instead_of_pressed_gets_the_offer_too(settings, store):
    person, sent = await start(settings, store)
    await person.say("ik wil niet meer leven")
    out = await person.say("ja ik ben nu wel veilig")
    assert sent[-1]["message"] == "/affirm_safe"  # the safety feature sent it as the button
    assert any("veiligheidsplan maken" in r.text for r in out) and "/plan_start" in payloads(out)


async def test_the_screen_s_direct_question_comes_first_and_no_carries_on_with_the_plan(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    out = await person.say("Ik heb geen gedachten aan zelfmoord, ik word gewoon stil")
    assert len(out) == 1 and "113" in out[0].text and "Stap" not in out[0].text  # only the question
    assert stored_plan(store).draft == {}
    rasa_calls = len(sent)
    out = await person.say("nee")
    # thanks, then the message that raised the question is the plan's answer after all
    assert "Stap 2 van 6" in out[-1].text and len(sent) == rasa_calls
    assert stored_plan(store).draft["warning_signs"].startswith("Ik heb geen gedachten")


async def test_yes_to_the_screen_s_direct_question_gets_the_help_lines_and_pauses_the_plan(settings, store):
    person, _ = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.say("Ik heb geen gedachten aan zelfmoord, ik word gewoon stil")
    out = await person.say("ja")
    assert out[0].kind == "crisis" and "113" in out[0].text
    state = stored_plan(store)
    assert state.paused and state.draft["warning_signs"].startswith("Ik heb geen gedachten")


async def test_stop_in_the_middle_keeps_what_was_written_and_slash_stop_ends_the_step(settings, store):
    person, _ = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.say(ANSWERS["warning_signs"])
    out = await person.say("stop")
    assert "bewaard" in out[0].text
    out = await person.say("/veiligheidsplan")
    assert payloads(out) == ["/plan_resume", "/plan_restart", "/plan_later"]
    out = await person.press("/plan_resume")
    assert "Stap 2 van 6" in out[0].text
    await person.say("/stop")
    out = await person.say("hoi")  # after /stop the question no longer waits for an answer
    assert out[0].text == "(rasa)"
    assert stored_plan(store).draft["warning_signs"] == ANSWERS["warning_signs"]


async def test_a_parent_writing_about_their_child_is_not_offered_a_plan_after_safe_now(settings, store):
    person, _ = await start(settings, store, user="ouder-0")
    await person.say("mijn zoon zegt dat hij niet meer wil leven")
    out = await person.press("/affirm_safe")
    assert "/plan_start" not in payloads(out)


async def test_a_parent_is_not_offered_a_plan_for_themselves_after_safe_now(settings, store):
    from bot.intake.handover import submit_intake
    from bot.intake.record import IntakeRecord

    person, _ = await start(settings, store, user="ouder-1")
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id="ouder-1", cipher=store.cipher)
        submit_intake(s, conversation_id=conv.id, cipher=store.cipher, record=IntakeRecord(role="ouder", age=14))
    await person.say("mijn dochter wil niet meer leven")
    out = await person.press("/affirm_safe")
    assert "/plan_start" not in payloads(out)


async def test_the_plan_goes_with_the_conversation_on_erasure(settings, store):
    from bot.privacy.erasure import delete_conversation
    from bot.store.models import Conversation

    person, _ = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.say(ANSWERS["warning_signs"])
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id="jong-1", cipher=store.cipher)
        delete_conversation(s, s.get(Conversation, conv.id))
    with store.session() as s:
        assert s.execute(select(SafetyPlan)).first() is None


async def test_the_plan_is_in_the_person_s_copy_of_their_data(settings, store):
    from bot.privacy.export import collect, render_text
    from bot.store.models import Conversation

    person, _ = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    for code in P.STEPS:
        await person.answer(ANSWERS[code])
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id="jong-1", cipher=store.cipher)
        data = collect(s, s.get(Conversation, conv.id), cipher=store.cipher)
    assert data["safety_plan"]["plan"]["contacts"] == ANSWERS["contacts"] and not data["safety_plan"]["shared"]
    copy = render_text(data, "nl")
    assert "Je veiligheidsplan" in copy and ANSWERS["reasons"] in copy and "Gedeeld met de praktijk: nee" in copy


async def test_a_question_in_between_goes_to_the_dialogue_and_the_step_waits(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    out = await person.say("Wat is De Kindertelefoon?")
    assert out[0].text == "(rasa)" and sent[-1]["message"] == "Wat is De Kindertelefoon?"
    out = await person.say(ANSWERS["warning_signs"])
    assert "Stap 2 van 6" in out[0].text
    assert stored_plan(store).draft == {"warning_signs": ANSWERS["warning_signs"]}


async def test_typed_instead_of_pressed_in_the_plan_s_menus(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    rasa_calls = len(sent)
    out = await person.say("ja")  # to "Zullen we beginnen?" with [Ja, begin maar] [Nu niet]
    assert "Stap 1 van 6" in out[0].text and len(sent) == rasa_calls
    for code in P.STEPS:
        out = await person.answer(ANSWERS[code])
    assert "/plan_noshare" in payloads(out)  # the question whether to share it
    await person.say("nee")
    assert stored_plan(store).finished and not stored_plan(store).shared
    out = await person.say("/veiligheidsplan")
    assert "/plan_share" in payloads(out)  # the plan's menu: Aanpassen | Delen met … | Klaar
    out = await person.say("ja")  # a yes to that menu is no consent to share: not a choice
    assert out[0].text == "(rasa)" and not stored_plan(store).shared
    await person.say("/veiligheidsplan")
    out = await person.say("1")  # its first button, Aanpassen: which step?
    assert "/plan_edit_all" in payloads(out)
    out = await person.say("alles langslopen")
    assert "Stap 1 van 6" in out[0].text


async def test_verder_typed_after_stop_goes_on_with_the_plan_and_long_words_are_no_choice(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.answer(ANSWERS["warning_signs"])
    await person.say("/stop")
    out = await person.say("/veiligheidsplan")
    assert "/plan_resume" in payloads(out)
    out = await person.say("nee ik wil eerst weten wie mijn plan kan lezen")
    assert out[0].text == "(rasa)"  # their own words, not a choice in the menu
    await person.say("/veiligheidsplan")
    out = await person.say("verder")
    assert "Stap 2 van 6" in out[0].text
    assert stored_plan(store).draft["warning_signs"] == ANSWERS["warning_signs"]
