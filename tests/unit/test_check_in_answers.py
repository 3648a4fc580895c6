"""What an answer to the safety check-in leads to (fake Rasa, real temp database): a no carries on
with the message that raised the question, once, also typed as a denial and after the gentle
follow-up; Rasa being away loses nothing."""

import json

import httpx

from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_hooks
from bot.scale import waiting
from bot.scale.shared import MemoryState

RAISES = "ik heb geen gedachten aan zelfmoord hoor, maar ik slaap wel slecht"  # a denied signal: the check-in
THANKS = "Dank je voor je antwoord. Dan gaan we verder."
FOLLOW_UP = "Je hoeft niet meteen te antwoorden"


class FakeRasa:
    def __init__(self):
        self.up = True
        self.received: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200 if self.up else 503, text="Hello from Rasa")
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        message = json.loads(request.content)["message"]
        self.received.append(message)
        return httpx.Response(200, json=[{"text": f"antwoord op {message}"}])


def make(settings, store, hooks=None):
    rasa = FakeRasa()
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(rasa.handler)))
    return ConversationService(settings, store, client, hooks=hooks), rasa


async def said(service, user, **inbound):
    return [r.text for r in await service.handle(Inbound("terminal", user, **inbound))]


async def test_a_pressed_or_typed_no_carries_on_with_the_first_message_once(settings, store):
    service, rasa = make(settings, store)
    for user, answer in (("p", {"button": "/deny_risk", "kind": "button"}), ("t", {"text": "Nee."})):
        assert (await service.handle(Inbound("terminal", user, text=RAISES)))[0].kind == "check_in"
        assert await said(service, user, **answer) == [THANKS, f"antwoord op {RAISES}"]
    assert rasa.received == [RAISES, RAISES]


async def test_a_no_that_repeats_the_denial_is_a_no_although_it_screens_as_a_check_in(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "d", text=RAISES))
    assert await said(service, "d", text="nee ik denk niet aan zelfdoding") == [THANKS, f"antwoord op {RAISES}"]
    assert rasa.received == [RAISES]


async def test_a_no_that_carries_a_risk_sign_is_not_a_plain_no(settings, store):
    # As a first message this screens as nothing; after "Denk je aan zelfdoding?" the "nee" in it
    # must not close the question.
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "r", text=RAISES))
    answer = "nee, maar ik kan het niet meer"
    out = await said(service, "r", text=answer)
    assert THANKS not in out and out[0].startswith(FOLLOW_UP) and "113" in out[0], out
    assert rasa.received == [answer], "the first message is not carried on as if the answer were no"


def test_a_no_is_plain_only_without_a_risk_sign_said_plainly():
    from bot.conversation.crisis import _plain_no
    from bot.safety import Verdict
    from bot.safety.screen import SAFE

    # Whatever the screen says on it as a first message, a sign in the answer keeps it from being a no.
    assert not _plain_no("nee, soms denk ik wel aan doodgaan", SAFE)
    assert not _plain_no("nee, maar ik kan het niet meer", SAFE)
    assert _plain_no("nee hoor, ik slaap gewoon slecht", SAFE)
    assert _plain_no("nee ik denk niet aan zelfdoding", Verdict(crisis=False, check_in=True, rule="rules:negated"))
    assert not _plain_no("nee", Verdict(crisis=False, check_in=True, rule="classifier"))


async def test_after_the_follow_up_a_no_still_carries_on_with_the_first_message(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "f", text=RAISES))
    between = await said(service, "f", text="hoe laat is het spreekuur")
    assert between[0].startswith(FOLLOW_UP) and between[1] == "antwoord op hoe laat is het spreekuur"
    assert await said(service, "f", text="nee hoor") == [THANKS, f"antwoord op {RAISES}"]
    assert rasa.received == ["hoe laat is het spreekuur", RAISES]
    # Answered: a later "nee" is an ordinary message, the first message is not fed in again.
    assert await said(service, "f", text="nee") == ["antwoord op nee"]


async def test_the_follow_up_is_said_once_then_typed_words_are_ordinary_messages_but_a_late_press_counts(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "l", text=RAISES))
    await service.handle(Inbound("terminal", "l", text="hoe laat is het spreekuur"))
    assert await said(service, "l", text="waar zitten jullie") == ["antwoord op waar zitten jullie"]
    assert await said(service, "l", text="nee") == ["antwoord op nee"], "a typed no this late answers something else"
    assert await said(service, "l", button="/deny_risk", kind="button") == [THANKS], "no old message out of place"
    assert RAISES not in rasa.received


async def test_a_late_no_gets_the_usual_next_step(settings, store):
    service, rasa = make(settings, store, hooks=build_hooks(settings, store))
    await service.handle(Inbound("terminal", "n", text=RAISES))
    await service.handle(Inbound("terminal", "n", text="hoe laat is het spreekuur"))
    await service.handle(Inbound("terminal", "n", text="waar zitten jullie"))
    (late,) = await service.handle(Inbound("terminal", "n", button="/deny_risk", kind="button"))
    assert late.text == THANKS and "/request_appointment" in [b.payload for b in late.buttons]


async def test_a_late_yes_press_is_the_crisis_path(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "y", text=RAISES))
    await service.handle(Inbound("terminal", "y", text="hoe laat is het spreekuur"))
    await service.handle(Inbound("terminal", "y", text="waar zitten jullie"))
    out = await service.handle(Inbound("terminal", "y", button="/affirm_risk", kind="button"))
    assert out[0].kind == "crisis" and "113" in out[0].text
    assert rasa.received[-1].startswith("/crisis")


async def test_after_stop_the_old_question_is_not_answered_any_more(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "s", text=RAISES))
    await service.handle(Inbound("terminal", "s", text="/stop"))
    out = await said(service, "s", button="/deny_risk", kind="button")
    assert THANKS not in out and RAISES not in rasa.received


async def test_while_rasa_is_away_the_first_message_waits_after_the_no_and_is_answered_once_later(settings, store):
    service, rasa = make(settings, store, hooks=build_hooks(settings, store))
    assert (await service.handle(Inbound("telegram", "77", text=RAISES)))[0].kind == "check_in"
    rasa.up = False
    out = [r.text for r in await service.handle(Inbound("telegram", "77", button="/deny_risk", kind="button"))]
    assert out == [THANKS, waiting.t("nl", waiting.ONE_MOMENT)]
    pushed: list[str] = []

    def push(_external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    rasa.up = True
    assert await waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str).once() == 1
    assert pushed == [f"antwoord op {RAISES}"] and rasa.received == [RAISES]


async def test_a_no_that_takes_itself_back_is_the_crisis_path_and_one_that_holds_back_is_followed_up(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "b", text=RAISES))
    out = await service.handle(Inbound("terminal", "b", text="nee niet nu, maar wel vaak"))
    assert out[0].kind == "crisis" and "113" in out[0].text and THANKS not in [r.text for r in out]
    assert rasa.received[-1].startswith("/crisis"), "Rasa learns of it (the dialogue follows up)"
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "h", text=RAISES))
    out = await said(service, "h", text="nee, nu even niet")
    assert out[0].startswith(FOLLOW_UP) and "113" in out[0] and THANKS not in out, out
    # Still open once more: a plain no now carries on with the first message.
    assert await said(service, "h", text="nee hoor") == [THANKS, f"antwoord op {RAISES}"]


# What a typed answer to "Denk je aan zelfdoding?" is read as.
TYPED = {
    "yes": ["nee niet nu, maar wel vaak", "Ja, eigenlijk wel", "soms", "af en toe denk ik er wel aan",
            "hij zegt het wel vaak", "no but sometimes i do", "nee 's nachts wel", "nee, soms denk ik wel aan doodgaan",
            "niet nu maar vroeger wel", "Evet"],
    "unsure": ["nee, nu even niet", "no, not right now", "niet echt", "weet ik niet", "misschien", "nee niet vaak",
               "nee denk het niet"],
    "no": ["Nee.", "nee hoor", "nee nooit", "nee ik denk niet aan zelfdoding", "nee, maar ik slaap wel slecht",
           "nee maar soms slaap ik slecht", "nee hoor, niet meer", "ні", "no never"],
    None: ["hoe laat is het spreekuur", "vaak moe", "/deny_risk"],
}


def test_a_typed_answer_is_read_as_a_whole_not_by_its_first_word():
    from bot.safety.check_in_answer import typed_answer

    got = {text: typed_answer(text) for texts in TYPED.values() for text in texts}
    assert {text: want for want, texts in TYPED.items() for text in texts} == got


async def test_a_professional_is_asked_whether_someone_is_in_danger_not_whether_they_think_of_suicide(settings, store):
    service, rasa = make(settings, store)
    await service.handle(Inbound("terminal", "m", text="ik ben haar mentor"))
    (asked,) = await service.handle(Inbound("terminal", "m", text="ik las in een opstel dat het leven geen zin meer heeft"))
    assert asked.kind == "check_in" and "denkt hij of zij aan zelfdoding, of is iemand nu in gevaar?" in asked.text
    assert "denk je aan zelfdoding?" not in asked.text.split("\n")[0], asked.text
    out = await service.handle(Inbound("terminal", "m", button="/affirm_risk", kind="button"))
    assert out[0].kind == "crisis" and "Laat hem of haar nu niet alleen" in out[0].text, out[0].text
    # The same message from someone who never said who they are is asked about themselves.
    service, rasa = make(settings, store)
    (asked,) = await service.handle(Inbound("terminal", "s", text="ik las in een opstel dat het leven geen zin meer heeft"))
    assert asked.text.startswith("Ik wil je iets direct vragen, omdat het belangrijk is: denk je aan zelfdoding?")


def test_a_message_told_about_someone_else_is_answered_as_to_someone_who_worries():
    from bot.safety import screen

    for text, about in (("ze zegt dat ze er niet meer wil zijn", "other"),
                        ("ik maak me zorgen, hij praat steeds over doodgaan", "other"),
                        ("I'm worried, she says she wants to die", "other"),
                        ("ze pesten me en ik wil dood", "self"),
                        ("ik maak me zorgen om mezelf, ze zeggen dat ik te dun ben", "self"),
                        ("mijn dochter zegt dat ze dood wil", "child")):
        assert screen(text).about == about, text


async def test_a_short_english_message_in_a_dutch_conversation_is_asked_and_answered_in_english(settings, store):
    # The conversation is Dutch (nothing switched it); the message that raised the question is
    # English, so the question, the gentle follow-up, the thanks and the card after a yes are too.
    service, rasa = make(settings, store)
    raises = "not suicidal though"  # three words: too short to switch the conversation to English
    question = (await service.handle(Inbound("terminal", "en1", text=raises)))[0]
    assert question.kind == "check_in" and "are you thinking about suicide" in question.text, question.text
    assert [b.title for b in question.buttons] == ["Yes", "No"]
    assert (await said(service, "en1", text="no"))[0] == "Thank you for your answer. Let's carry on."
    await service.handle(Inbound("terminal", "en2", text=raises))
    follow_up = await said(service, "en2", text="hmm")
    assert follow_up[0].startswith("You don't have to answer right away"), follow_up
    await service.handle(Inbound("terminal", "en3", text=raises))
    card = await said(service, "en3", text="yes")
    assert "113" in card[0] and "Call" in card[0] and "Bel" not in card[0], card
    # A Dutch message in the same kind of conversation is asked in Dutch.
    dutch = (await service.handle(Inbound("terminal", "nl1", text=RAISES)))[0]
    assert "denk je aan zelfdoding" in dutch.text
