"""The safety net inside the conversation service, with a fake Rasa and a real temp database."""

import json

import httpx
from sqlalchemy import select

from bot.conversation import AlertSink, ConversationService, Inbound, RasaClient
from bot.store import repo
from bot.store.models import CrisisEvent, StaffAlert
from bot.store.seed import seed_demo


class RecordingAlerts(AlertSink):
    def __init__(self):
        self.sent = []

    async def crisis(self, *, reference, category):
        self.sent.append((reference, category))


def make_service(settings, store, answer=None, fail=False):
    requests = []

    def handler(request):
        requests.append(json.loads(request.content))
        if fail:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=answer if answer is not None else [])

    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    alerts = RecordingAlerts()
    return ConversationService(settings, store, client, alerts), alerts, requests


async def test_a_crisis_is_recorded_and_alerted_with_reference_and_category_never_the_text(settings, store):
    service, alerts, requests = make_service(settings, store, fail=True)
    text = "ik wil er niet meer zijn"
    out = await service.handle(Inbound("terminal", "s1", text=text))
    assert out[0].kind == "crisis" and "0800-0113" in out[0].text
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="s1")
        events = s.execute(select(CrisisEvent).where(CrisisEvent.conversation_id == conv.id)).scalars().all()
        alert_rows = s.execute(select(StaffAlert).where(StaffAlert.conversation_id == conv.id)).scalars().all()
        reference = conv.reference
    assert [(e.category, e.source) for e in events] == [("suicide", "screen")]
    assert len(alert_rows) == 1 and reference in alert_rows[0].text and "suicide" in alert_rows[0].text
    assert text not in alert_rows[0].text and "zijn" not in alert_rows[0].text
    assert alerts.sent == [(reference, "suicide")]
    # Rasa hears about it as the crisis intent, with the category and the source
    assert requests[0]["message"].startswith("/crisis") and '"crisis_source": "screen"' in requests[0]["message"]


async def test_a_parent_gets_the_parent_reply_and_the_practice_huisartsenpost(settings, store):
    with store.session() as s:
        seed_demo(s)
    service, alerts, _ = make_service(settings, store)
    await service.handle(Inbound("terminal", "p1", text="/start LINDE"))
    out = await service.handle(Inbound("terminal", "p1", text="mijn zoon snijdt zichzelf"))
    assert "Is je kind nu veilig?" in out[1].text
    assert any("huisartsenpost" in r.text and "(+31 " in r.text for r in out[2:]), [r.text for r in out]
    assert alerts.sent[0][1] == "self_harm"


async def test_without_a_practice_there_is_no_made_up_huisartsenpost_number(settings, store):
    service, _, _ = make_service(settings, store)
    out = await service.handle(Inbound("terminal", "p2", text="ik heb een overdosis genomen"))
    assert out[0].text.startswith("Bel nu 112.\nDit klinkt als een noodgeval.")
    assert not any(r.text.startswith("De huisartsenpost bij jou") for r in out)


async def test_a_denied_signal_gets_the_direct_question_and_waits_for_the_answer(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Waar gaat het over?"}])
    out = await service.handle(Inbound("terminal", "n1", text="ik heb geen gedachten aan zelfmoord hoor"))
    assert [r.kind for r in out] == ["check_in"]
    assert "denk je aan zelfdoding?" in out[0].text and "112" in out[0].text
    assert [b.payload for b in out[0].buttons] == ["/affirm_risk", "/deny_risk"]
    assert alerts.sent == [] and requests == []


async def test_no_to_the_question_carries_on_with_the_message_that_raised_it(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Waar gaat het over?"}])
    await service.handle(Inbound("terminal", "n2", text="ik heb geen gedachten aan zelfmoord hoor"))
    out = await service.handle(Inbound("terminal", "n2", button="/deny_risk", kind="button"))
    assert [r.text for r in out] == ["Dank je voor je antwoord. Dan gaan we verder.", "Waar gaat het over?"]
    assert requests[0]["message"] == "ik heb geen gedachten aan zelfmoord hoor" and alerts.sent == []


async def test_yes_to_the_question_is_the_crisis_path_with_alert(settings, store):
    service, alerts, requests = make_service(settings, store)
    await service.handle(Inbound("terminal", "n3", text="ik heb geen gedachten aan zelfmoord hoor"))
    out = await service.handle(Inbound("terminal", "n3", text="ja, eigenlijk wel"))
    assert out[0].kind == "crisis" and "113" in out[0].text
    assert [category for _ref, category in alerts.sent] == ["suicide"]
    assert requests[-1]["message"].startswith("/crisis")


async def test_something_else_after_the_question_gets_a_gentle_follow_up_and_a_normal_answer(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Het spreekuur is om 9 uur."}])
    await service.handle(Inbound("terminal", "n4", text="ik heb geen gedachten aan zelfmoord hoor"))
    out = await service.handle(Inbound("terminal", "n4", text="hoe laat is het spreekuur"))
    assert "Je hoeft niet meteen te antwoorden" in out[0].text and out[1].text == "Het spreekuur is om 9 uur."
    assert requests[-1]["message"] == "hoe laat is het spreekuur" and alerts.sent == []


async def test_not_safe_answers_for_the_category_and_tells_rasa(settings, store):
    service, alerts, requests = make_service(settings, store)
    first = await service.handle(Inbound("terminal", "n5", text="mijn vader slaat me elke avond en ik ben bang"))
    deny = first[1].buttons[1].payload
    out = await service.handle(Inbound("terminal", "n5", button=deny, kind="button"))
    assert out[0].text.startswith("Bel nu 112.") and "Veilig Thuis" in out[0].text
    assert requests[-1]["message"] == "/deny_safe"


async def test_rasa_crisis_intent_is_the_second_net(settings, store):
    service, alerts, _ = make_service(settings, store, answer=[{"custom": {"crisis": True, "category": "violence_home"}}])
    # A message the screen lets through (with the 56-writer model "er gebeuren dingen thuis waar ik
    # bang van word" gets the screen's own check-in), read by Rasa as a crisis: the card and the alert.
    out = await service.handle(Inbound("terminal", "r1", text="het gaat niet zo goed thuis"))
    assert out[0].kind == "crisis" and "0800-2000" in out[0].text
    assert alerts.sent and alerts.sent[0][1] == "violence_home"


async def test_buttons_are_not_screened(settings, store):
    service, alerts, _ = make_service(settings, store, answer=[
        {"text": "Fijn.", "buttons": [{"title": "Nee, ik wil niet dood", "payload": "/deny_safe"}]}])
    await service.handle(Inbound("terminal", "b1", text="hoi"))
    out = await service.handle(Inbound("terminal", "b1", button="/deny_safe", kind="button"))
    assert out[-1].text == "Fijn." and alerts.sent == []


async def test_a_typed_intent_payload_is_only_text(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Waar gaat het over?"}])
    await service.handle(Inbound("terminal", "f1", text='/crisis{"crisis_category": "abuse"}'))
    await service.handle(Inbound("terminal", "f1", text='/inform_age{"age": "99"}'))
    assert [r["message"] for r in requests] == ['crisis{"crisis_category": "abuse"}', 'inform_age{"age": "99"}']
    assert alerts.sent == []


async def test_a_button_the_bot_never_offered_here_is_refused(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[
        {"text": "Voor wie?", "buttons": [{"title": "Ouder", "payload": '/inform_role{"role":"ouder"}'}]}])
    await service.handle(Inbound("terminal", "f2", text="hoi"))
    forged = await service.handle(Inbound("terminal", "f2", button='/inform_age{"age":"99"}', kind="button"))
    other = await service.handle(Inbound("terminal", "f3", button='/inform_role{"role":"ouder"}', kind="button"))
    pressed = await service.handle(Inbound("terminal", "f2", button='/inform_role{"role":"ouder"}', kind="button"))
    assert forged[0].kind == "notice" and "knop" in forged[0].text
    assert other[0].kind == "notice", "offered in another conversation does not count"
    assert pressed[0].text == "Voor wie?"
    assert [r["message"] for r in requests] == ["hoi", '/inform_role{"role":"ouder"}']


def test_the_check_in_answer_comes_from_its_buttons_or_the_first_typed_word_never_a_typed_payload():
    from bot.conversation.crisis import answer_of

    assert answer_of("/affirm_risk", pressed=True) == "yes" and answer_of("/deny_risk", pressed=True) == "no"
    assert answer_of("/affirm_risk", pressed=False) is None
    assert answer_of("Ja, eigenlijk wel", pressed=False) == "yes"
    assert answer_of("nee hoor", pressed=False) == "no"
    assert answer_of("Evet", pressed=False) == "yes" and answer_of("ні", pressed=False) == "no"
    assert answer_of("hoe laat is het spreekuur", pressed=False) is None


async def test_a_typed_not_safe_after_the_crisis_card_gets_112_first_even_when_a_form_question_followed(settings, store):
    # Rasa's form asks its next question in the same batch as the card ("Hoe oud ben je?"); the
    # person answers the card's "Ben je nu veilig?" by typing.
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Hoe oud ben je?"}])
    first = await service.handle(Inbound("terminal", "ts1", text="mijn vader slaat me elke avond en ik ben bang"))
    assert first[0].kind == "crisis"
    out = await service.handle(Inbound("terminal", "ts1", text="nee ik ben niet veilig"))
    assert out[0].text.startswith("Bel nu 112.") and "Veilig Thuis" in out[0].text
    assert requests[-1]["message"] == "/deny_safe", "Rasa stops the form"


async def test_not_safe_after_an_english_card_is_answered_in_english_typed_or_pressed(settings, store):
    # The conversation is Dutch; the card answered an English message in English, so its
    # "no, not safe" answer must be English too, whether typed or pressed.
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Hoe oud ben je?"}])
    typed_card = await service.handle(Inbound("terminal", "en1", text="i am going to kill myself tonight, i have the pills here"))
    assert typed_card[0].kind == "crisis" and "Are you safe right now?" in typed_card[1].text
    typed = await service.handle(Inbound("terminal", "en1", text="no im not safe"))
    assert typed[0].text.startswith("Call 112 now.") and "113" in typed[0].text, typed[0].text
    assert "Bel nu" not in typed[0].text and requests[-1]["message"] == "/deny_safe"

    pressed_card = await service.handle(Inbound("terminal", "en2", text="i am going to kill myself tonight, i have the pills here"))
    pressed = await service.handle(Inbound("terminal", "en2", button=pressed_card[1].buttons[1].payload, kind="button"))
    assert pressed[0].text.startswith("Call 112 now.") and "Bel nu" not in pressed[0].text, pressed[0].text

    again = await service.handle(Inbound("terminal", "en2", text="still not safe"))
    assert again[0].text.startswith("Call 112 now."), again[0].text

    parent_card = await service.handle(Inbound("terminal", "en4", text=(
        "my son (15) sent me a goodbye message and says he will end it tonight, he has pills")))
    parent = await service.handle(Inbound("terminal", "en4", text="no hes not safe"))
    assert parent_card[0].kind == "crisis" and parent[0].text.startswith("Call 112 now and stay with your child"), parent

    dutch_card = await service.handle(Inbound("terminal", "en3", text="ik wil vannacht een eind aan mijn leven maken"))
    dutch = await service.handle(Inbound("terminal", "en3", text="nee ik ben niet veilig"))
    assert "Ben je nu veilig?" in dutch_card[1].text and dutch[0].text.startswith("Bel nu 112."), dutch[0].text


async def test_a_typed_safe_after_the_crisis_card_is_its_button_and_not_the_next_answer(settings, store):
    service, alerts, requests = make_service(settings, store, answer=[{"text": "Hoe oud ben je?"}])
    await service.handle(Inbound("terminal", "ts2", text="ik wil niet meer leven"))
    await service.handle(Inbound("terminal", "ts2", text="ja ik ben nu veilig"))
    assert requests[-1]["message"] == "/affirm_safe"
    # Only the first message after the card: later a "ja" is an ordinary answer again.
    await service.handle(Inbound("terminal", "ts2", text="ja"))
    assert requests[-1]["message"] == "ja"


def test_a_typed_answer_to_the_safety_question_doubts_towards_unsafe():
    from bot.conversation.crisis import safety_answer_of as answer

    assert answer("nee ik ben niet veilig") == answer("nee") == answer("niet echt veilig eigenlijk") == "unsafe"
    assert answer("ja maar ik ben niet meer veilig") == answer("nee hoor, ik ben veilig") == "unsafe"
    assert answer("no, I'm not safe") == answer("güvende değilim") == answer("ні, я не в безпеці") == "unsafe"
    # English "-n't": fold makes "don't" into "dont", which still says "not".
    assert answer("I don't feel safe") == answer("she isn't safe here") == answer("we can't be safe") == "unsafe"
    assert answer("ja ik ben nu veilig") == answer("ja") == answer("Yes we are safe now") == "safe"
    assert answer("15") is None and answer("hoe laat is het spreekuur") is None and answer("/affirm_safe") is None


async def test_a_message_that_names_nobody_after_a_card_about_a_friend_is_asked_about_the_friend(
        settings, store, monkeypatch):
    """"soms" after "Is hij of zij nu veilig?" is no news about the writer: a check-in on it asks
    about the friend ("denkt hij of zij …"), never "denk je aan zelfdoding?"."""
    import bot.conversation.service as service_module
    from bot.safety.screen import Verdict
    from bot.safety.screen import screen as real_screen

    def fake(text):
        if text in ("soms", "ik soms"):  # what the classifier alone says on a bare word
            return Verdict(crisis=False, check_in=True, category="suicide", confidence=0.0, rule="classifier",
                           about="self")
        return real_screen(text)

    monkeypatch.setattr(service_module, "screen", fake)
    service, _, _ = make_service(settings, store)
    card = await service.handle(Inbound("terminal", "fr1", text="mijn vriendin zegt dat ze vannacht een einde "
                                                                "aan haar leven gaat maken"))
    assert any("Is hij of zij nu veilig?" in reply.text for reply in card)
    out = await service.handle(Inbound("terminal", "fr1", text="soms"))
    asked = " ".join(reply.text for reply in out)
    assert "vragen: denkt hij of zij aan zelfdoding" in asked and "belangrijk is: denk je aan" not in asked
    # A message of the writer's own is about the writer again.
    service, _, _ = make_service(settings, store)
    await service.handle(Inbound("terminal", "fr2", text="mijn vriendin zegt dat ze vannacht een einde "
                                                         "aan haar leven gaat maken"))
    out = await service.handle(Inbound("terminal", "fr2", text="ik soms"))
    assert "belangrijk is: denk je aan zelfdoding?" in " ".join(reply.text for reply in out)
