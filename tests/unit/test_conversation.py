"""The conversation service with a fake Rasa (httpx MockTransport): ordering and fault paths."""

import json

import httpx
import pytest

from bot.conversation import ConversationService, Inbound, RasaClient
from bot.store import repo


class FakeRasa:
    def __init__(self, answer=None, status=200, fail=False):
        self.requests = []
        self.answer = answer if answer is not None else [{"recipient_id": "x", "text": "Hoi!"}]
        self.status = status
        self.fail = fail

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        if self.fail:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(self.status, json=self.answer)


def service(settings, store, fake):
    client = RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(fake)))
    return ConversationService(settings, store, client)


async def test_a_normal_message_is_stored_then_sent_to_rasa_and_the_reply_rendered(settings, store):
    fake = FakeRasa([{"text": "Voor wie schrijf je?", "buttons": [{"title": "Ouder", "payload": "/inform_role"}]}])
    out = await service(settings, store, fake).handle(Inbound("terminal", "u1", text="hallo"))
    assert [r.text for r in out] == ["Voor wie schrijf je?"]
    assert out[0].buttons[0].payload == "/inform_role"
    assert fake.requests[0]["message"] == "hallo"
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u1")
        lines = repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)
    assert [(ln.direction, ln.text.split("\n")[0]) for ln in lines] == [("in", "hallo"), ("out", "Voor wie schrijf je?")]
    assert fake.requests[0]["sender"] == conv.sender_id


async def test_crisis_reply_comes_first_even_when_rasa_is_down(settings, store):
    fake = FakeRasa(fail=True)
    order = []

    async def emit(reply):
        order.append(reply)

    await service(settings, store, fake).handle_stream(Inbound("terminal", "u2", text="ik wil er niet meer zijn"), emit)
    assert order[0].kind == "crisis"
    assert "113" in order[0].text and "0800-0113" in order[0].text
    assert all(r.kind != "error" for r in order), "no apology after a crisis reply"
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u2")
        assert conv.flagged and conv.crisis_category == "suicide"


async def test_rasa_down_gets_an_apology_with_help_lines_and_the_message_is_kept(settings, store):
    out = await service(settings, store, FakeRasa(fail=True)).handle(Inbound("terminal", "u3", text="mijn dochter piekert veel"))
    assert len(out) == 1 and out[0].kind == "error"
    assert "Probeer het zo nog eens" in out[0].text and "113" in out[0].text
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u3")
        assert repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)[0].text == "mijn dochter piekert veel"


@pytest.mark.parametrize("status", [500, 502])
async def test_rasa_errors_are_not_shown_to_the_user(settings, store, status):
    out = await service(settings, store, FakeRasa(status=status)).handle(Inbound("terminal", "u4", text="hoi"))
    assert out[0].kind == "error" and "Traceback" not in out[0].text


async def test_database_down_still_answers_crisis_and_apologises_otherwise(settings, tmp_path):
    from bot.config import Settings
    from bot.store.db import Store

    broken = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_SECRET_KEY": "x",
                                "INTAKE_DATABASE_URL": "sqlite:////proc/no-such-dir/intake.db"})
    store = Store(broken)
    svc = service(broken, store, FakeRasa())
    crisis = await svc.handle(Inbound("terminal", "u5", text="ik wil dood"))
    assert crisis[0].kind == "crisis" and "113" in crisis[0].text
    normal = await svc.handle(Inbound("terminal", "u5", text="hoi"))
    assert normal[0].kind == "error"


async def test_stickers_get_a_request_to_type_without_calling_rasa(settings, store):
    fake = FakeRasa()
    out = await service(settings, store, fake).handle(Inbound("terminal", "u6", kind="sticker"))
    assert "typen" in out[0].text and fake.requests == []


async def test_start_with_a_practice_code_selects_the_practice_and_tells_rasa(settings, store):
    from bot.store.seed import seed_demo

    with store.session() as s:
        seed_demo(s)
    fake = FakeRasa()
    await service(settings, store, fake).handle(Inbound("terminal", "u7", text="/start linde"))
    sent = fake.requests[0]["message"]
    assert sent.startswith("/start{") and json.loads(sent[len("/start"):])["practice_name"] == "Huisartsenpraktijk De Linde"


async def test_unknown_practice_code_is_said_kindly_and_the_conversation_goes_on(settings, store):
    fake = FakeRasa()
    out = await service(settings, store, fake).handle(Inbound("terminal", "u8", text="/start NOPE"))
    assert "NOPE" in out[0].text and fake.requests[0]["message"] == "/start"


async def test_stop_resets_the_rasa_conversation(settings, store):
    fake = FakeRasa()
    svc = service(settings, store, fake)
    await svc.handle(Inbound("terminal", "u9", text="hoi"))
    out = await svc.handle(Inbound("terminal", "u9", text="/stop"))
    await svc.handle(Inbound("terminal", "u9", text="hoi"))
    assert "gestopt" in out[0].text
    assert fake.requests[0]["sender"] != fake.requests[1]["sender"]


async def test_very_long_messages_are_cut_for_rasa_but_kept_whole(settings, store):
    fake = FakeRasa()
    long = "ik maak me zorgen. " * 300
    await service(settings, store, fake).handle(Inbound("terminal", "u10", text=long))
    assert len(fake.requests[0]["message"]) <= 2000
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u10")
        assert repo.transcript(s, conversation_id=conv.id, cipher=store.cipher)[0].text == long


async def test_rasa_crisis_intent_payload_becomes_the_crisis_reply(settings, store):
    fake = FakeRasa([{"custom": {"crisis": True, "category": "self_harm"}}])
    out = await service(settings, store, fake).handle(Inbound("terminal", "u11", text="hallo"))
    assert out[0].kind == "crisis" and "0800-0432" in out[0].text
