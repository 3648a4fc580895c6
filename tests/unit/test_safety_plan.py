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
    # nothing says who is writing: a parent has a way to their own explanation
    assert payloads(out) == ["/plan_start", "/plan_later", "/plan_parent"]
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


async def test_a_question_in_between_is_answered_and_the_step_waits(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    out = await person.say("Wat is De Kindertelefoon?")  # the plan answers it
    assert "0800-0432" in out[0].text and "Stap 1 van 6" in out[-1].text
    out = await person.say("hoe laat is mijn afspraak?")  # the dialogue answers it
    assert out[0].text == "(rasa)" and sent[-1]["message"] == "hoe laat is mijn afspraak?"
    assert "Stap 1 van 6" in out[-1].text
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


# -- a parent or professional asks for the plan ----------------------------------------------


def assert_parent_explanation(out):
    assert len(out) == 1 and not payloads(out)  # an explanation, no plan form
    words = out[0].text
    assert "maakt een jongere zelf" in words and "POH-Jeugd" in words and "113" in words
    assert "0800-0113" in words and "Leg medicijnen" in words and "Blijf dichtbij" in words and "112" in words
    assert "Stap 1" not in words


async def test_a_parent_who_said_so_gets_an_explanation_instead_of_the_plan(settings, store):
    person, sent = await start(settings, store, user="ouder-2")
    await person.say("mijn zoon van 15 zit alleen nog maar op zijn kamer")
    out = await person.say("/veiligheidsplan")
    assert_parent_explanation(out)
    assert stored_plan(store, "ouder-2").exists is False


async def test_a_parent_from_the_intake_gets_the_explanation_in_words_too(settings, store):
    from bot.intake.handover import submit_intake
    from bot.intake.record import IntakeRecord

    person, _ = await start(settings, store, user="ouder-3", answer=[{"custom": {"safety_plan": True}}])
    with store.session() as s:
        conv = repo.find_conversation(s, channel="terminal", external_id="ouder-3", cipher=store.cipher)
        submit_intake(s, conversation_id=conv.id, cipher=store.cipher, record=IntakeRecord(role="ouder", age=14))
    out = await person.say("kan ik een veiligheidsplan maken")  # Rasa's safety_plan intent
    assert_parent_explanation(out)


async def test_unknown_writer_gets_the_plan_start_and_a_parent_button(settings, store):
    person, _ = await start(settings, store, user="wie-1")
    out = await person.say("/veiligheidsplan")
    assert payloads(out) == ["/plan_start", "/plan_later", "/plan_parent"]
    out = await person.press("/plan_parent")
    assert_parent_explanation(out)
    out = await person.say("/veiligheidsplan")  # remembered: no plan form next time either
    assert_parent_explanation(out)


async def test_unknown_writer_who_types_who_they_are_at_the_plan_start(settings, store):
    person, _ = await start(settings, store, user="wie-2")
    await person.say("/veiligheidsplan")
    out = await person.say("ik ben zijn moeder")
    assert_parent_explanation(out)
    person, _ = await start(settings, store, user="wie-3")
    await person.say("/veiligheidsplan")
    out = await person.say("ik ben mentor")
    assert len(out) == 1 and "Ook professionals kunnen 113" in out[0].text and not payloads(out)


async def test_a_young_person_who_said_their_age_gets_the_plan_without_the_parent_button(settings, store):
    person, _ = await start(settings, store, user="jong-2")
    await person.say("ik ben 16 en ik voel me echt rot")
    out = await person.say("/veiligheidsplan")
    assert payloads(out) == ["/plan_start", "/plan_later"]


def test_the_writer_is_read_from_buttons_answers_and_plain_statements(store):
    from bot.store.models import Conversation
    from bot.waiting.writer import writer_role

    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="w", cipher=store.cipher)
        cid = conv.id

        def add(direction, words, kind="text"):
            repo.add_message(s, conversation=s.get(Conversation, cid), cipher=store.cipher, direction=direction,
                             text=words, kind=kind)
            s.flush()
            return writer_role(s, cid, store.cipher)

        assert add("in", "hallo") is None
        assert add("out", "Voor wie schrijf je?\n[Mijn kind] | [Mezelf]") is None
        assert add("in", "moeder") == "ouder"  # a typed answer to the intake's question
        assert add("in", '/inform_role{"role":"jongere"}', kind="button") == "jongere"  # the newest sign wins
        assert add("in", "mijn moeder is streng") == "jongere"  # someone else's parent says nothing
        assert add("in", "mijn dochter wil niet naar school") == "ouder"


# -- a question at a step ------------------------------------------------------------------


async def test_a_question_at_a_step_gets_a_short_answer_and_the_same_step_again(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    rasa_calls = len(sent)
    out = await person.say("waarom vraag je dit?")
    assert "moeilijk moment" in out[0].text and "Stap 1 van 6" in out[-1].text
    out = await person.say("wat is 113")  # no question mark
    assert "0800-0113" in out[0].text and "Stap 1 van 6" in out[-1].text
    out = await person.say("wie kan dit lezen?")
    assert "versleuteld" in out[0].text and "dit gesprek lezen" in out[0].text and "Stap 1 van 6" in out[-1].text
    assert len(sent) == rasa_calls and stored_plan(store).draft == {}  # nothing stored as the answer
    out = await person.say(ANSWERS["warning_signs"])
    assert "Stap 2 van 6" in out[0].text
    assert stored_plan(store).draft == {"warning_signs": ANSWERS["warning_signs"]}


def test_questions_are_recognised_after_a_few_words_and_answers_are_not():
    from bot.waiting.plan_questions import OTHER, question_kind

    assert question_kind("ik weet niet, waarom vraag je dit eigenlijk") == "why"
    assert question_kind("sorry maar wat bedoel je") == "meaning"
    assert question_kind("oke. wat is 113") == "line_113"
    assert question_kind("wat kost het?") == OTHER
    for answer in ("wat muziek luisteren", "als ik denk: waarom ik eigenlijk?", "ik begrijp mezelf niet",
                   "waarom leef ik nog, dat denk ik dan", "ik heb niemand", "de pillen bij mama leggen"):
        assert question_kind(answer) is None, answer


async def test_another_question_goes_to_the_dialogue_and_the_step_comes_again(settings, store):
    person, sent = await start(settings, store, answer=[{"text": "Een gesprek met de POH-Jeugd is gratis."}])
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.answer(ANSWERS["warning_signs"])
    out = await person.say("wat kost het?")
    assert sent[-1]["message"] == "wat kost het?" and out[0].text.startswith("Een gesprek")
    assert "Stap 2 van 6" in out[-1].text
    assert stored_plan(store).draft == {"warning_signs": ANSWERS["warning_signs"]}


async def test_when_the_dialogue_asks_its_own_question_the_plan_waits(settings, store):
    asks = [{"text": "Wil je een afspraak maken?", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]
    person, sent = await start(settings, store, answer=asks)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    await person.answer(ANSWERS["warning_signs"])
    out = await person.say("kan ik een afspraak maken?")
    assert "/affirm" in payloads(out) and "/veiligheidsplan" in out[-1].text and "Stap" not in out[-1].text
    out = await person.say("ja graag")  # the answer to the dialogue's question, not to the plan
    assert sent[-1]["message"] == "ja graag"
    out = await person.say("/veiligheidsplan")
    assert "/plan_resume" in payloads(out)
    out = await person.press("/plan_resume")
    assert "Stap 2 van 6" in out[0].text


# -- the step about means ----------------------------------------------------------------------


async def at_the_means_step(settings, store):
    person, sent = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    for code in P.STEPS[:P.STEPS.index(P.MEANS_STEP)]:
        await person.answer(ANSWERS[code])
    return person, sent


MEANS_ONLY = "mijn mesjes geef ik aan mijn moeder"


async def test_means_named_at_the_means_step_get_no_check_in(settings, store):
    from bot.safety import screen

    assert screen(MEANS_ONLY).check_in  # anywhere else the screen asks about it
    person, _ = await at_the_means_step(settings, store)
    out = await person.say(MEANS_ONLY)
    assert out[0].kind != "check_in" and "Stap 6 van 6" in out[-1].text
    assert stored_plan(store).draft[P.MEANS_STEP] == MEANS_ONLY


async def test_means_named_at_another_step_still_get_the_check_in(settings, store):
    person, _ = await start(settings, store)
    await person.say("/veiligheidsplan")
    await person.press("/plan_start")
    out = await person.say(MEANS_ONLY)
    assert out[0].kind == "check_in" and "113" in out[0].text


async def test_a_crisis_at_the_means_step_still_gets_the_card_at_once(settings, store):
    person, _ = await at_the_means_step(settings, store)
    out = await person.say("ik wil mezelf snijden met de mesjes")
    assert out[0].kind == "crisis" and "113" in out[0].text
    assert stored_plan(store).paused


async def test_another_sign_next_to_the_means_still_gets_the_check_in(settings, store):
    from bot.safety import screen

    words = "de mesjes weg, ik zie het niet meer zitten"
    assert screen(words).check_in and screen("ik zie het niet meer zitten").check_in
    person, _ = await at_the_means_step(settings, store)
    out = await person.say(words)
    assert out[0].kind == "check_in"


def test_the_means_are_blanked_and_the_rest_is_screened(monkeypatch):
    """Without the model: the waiver asks the screen about the answer without its means."""
    from bot.safety import screen as real
    from bot.waiting import plan_means

    assert "mesjes" not in plan_means.without_means("De mesjes en het touw aan mama")
    assert "mama" in plan_means.without_means("De mesjes en het touw aan mama")
    seen = []

    def fake(text):
        seen.append(text)
        return real("ik zie het niet meer zitten") if "zitten" in text else real("")

    monkeypatch.setattr("bot.safety.screen", fake)
    assert plan_means.only_names_means("pillen naar mijn vader") and "pillen" not in seen[-1]
    assert not plan_means.only_names_means("pillen weg, ik zie het niet meer zitten")
