"""The screen's check-in on a message kept behind others while Rasa is away: a check-in of the
classifier alone is decided when the message is sent (after the replies to the messages before
it), as it would be in a quiet chat; a crisis and a check-in the rules found are answered at once."""

from __future__ import annotations

import json

import httpx

from bot.conversation import ConversationService, Inbound, RasaClient
from bot.features import build_hooks
from bot.safety.replies import CHECK_IN_THANKS, check_in_reply
from bot.safety.screen import screen
from bot.scale import waiting
from bot.scale.shared import MemoryState

ROLE_ANSWER = "ik ben de moeder van een jongen"  # a role answer the classifier alone read as risk
WORRY = "ik kan niet meer"  # the classifier alone: a check-in, and no answer to any question


class RoleQuestionRasa:
    """Asks who the person writes for, with the role buttons, whatever it is told."""

    def __init__(self):
        self.up = False
        self.received: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200 if self.up else 503, text="Hello from Rasa")
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        self.received.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[{"text": "Voor wie schrijf je?", "buttons": [
            {"title": "Voor mezelf", "payload": '/inform_role{"role":"jongere"}'},
            {"title": "Voor mijn kind", "payload": '/inform_role{"role":"ouder"}'}]}])


def _service(settings, store, rasa) -> ConversationService:
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(rasa.handler)))
    return ConversationService(settings, store, client, hooks=build_hooks(settings, store))


def _replay(service, store, pushed: list[str]) -> waiting.Replay:
    def push(external_id):
        async def emit(reply):
            pushed.append(reply.text)
        return emit

    return waiting.Replay(service, store, MemoryState(), owner="a", push=push, turn_key=str)


def _question(text: str) -> str:
    verdict = screen(text)
    return check_in_reply("nl", verdict.category, verdict.about, buttons=True).text


async def test_a_role_answer_kept_behind_a_message_gets_no_check_in_as_in_a_quiet_chat(settings, store):
    # Before the screen's plain-answer floor the classifier alone asked the check-in here and the
    # dialogue's waiver (answer_to_who_writes) dropped it in a quiet chat; the floor now drops it in
    # the screen itself (the same predicate, parsing.says_only_who_writes), so neither path asks it.
    verdict = screen(ROLE_ANSWER)
    assert not verdict.check_in and not verdict.crisis, "a role answer gets nothing from the classifier alone"
    rasa = RoleQuestionRasa()
    service = _service(settings, store, rasa)
    rasa.up = True
    quiet = []
    for text in ("hoi", ROLE_ANSWER):
        quiet += [r.text for r in await service.handle(Inbound("telegram", "701", text=text))]
    quiet_received, rasa.received = rasa.received, []
    assert _question(ROLE_ANSWER) not in quiet, "waived in a quiet chat: it answers the role question"

    rasa.up = False
    at_once = []
    for text in ("hoi", ROLE_ANSWER):
        at_once += [r.text for r in await service.handle(Inbound("telegram", "702", text=text))]
    assert at_once == [waiting.t("nl", waiting.ONE_MOMENT)], "no check-in while the question is not asked yet"
    rasa.up = True
    pushed: list[str] = []
    assert await _replay(service, store, pushed).once() == 2
    assert pushed == quiet and rasa.received == quiet_received, "the same replies as the quiet chat"


async def test_a_worry_kept_behind_a_message_gets_its_check_in_in_its_place_and_a_no_carries_on_with_it(
        settings, store):
    verdict = screen(WORRY)
    assert verdict.check_in and verdict.rule == "classifier", "the case this test is about"
    rasa = RoleQuestionRasa()
    service = _service(settings, store, rasa)
    for text in ("hoi", WORRY):
        await service.handle(Inbound("telegram", "711", text=text))
    rasa.up = True
    pushed: list[str] = []
    assert await _replay(service, store, pushed).once() == 2
    assert pushed == ["Voor wie schrijf je?", _question(WORRY)], "asked after the reply to the message before it"
    assert rasa.received == ["hoi"], "the worry waits for the answer"
    answer = [r.text for r in await service.handle(Inbound("telegram", "711", text="nee"))]
    assert answer[0] == waiting.t("nl", CHECK_IN_THANKS)
    assert rasa.received == ["hoi", WORRY], "'nee' carries on with the message that raised the question"


async def test_a_check_in_the_rules_found_and_a_crisis_are_answered_at_once_also_behind_a_kept_message(
        settings, store):
    rules_check_in = "ik heb geen gedachten aan zelfmoord"
    verdict = screen(rules_check_in)
    assert verdict.check_in and verdict.rule.startswith("rules"), verdict
    rasa = RoleQuestionRasa()
    service = _service(settings, store, rasa)
    await service.handle(Inbound("telegram", "721", text="hoi"))
    asked = [r.text for r in await service.handle(Inbound("telegram", "721", text=rules_check_in))]
    assert asked == [_question(rules_check_in)]
    await service.handle(Inbound("telegram", "722", text="hoi"))
    card = [r.text for r in await service.handle(Inbound("telegram", "722", text="ik wil er niet meer zijn"))]
    assert "113" in card[0]
