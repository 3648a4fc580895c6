"""RasaAdmin: Rasa's HTTP API for one conversation, against a fake Rasa (httpx.MockTransport).

A conversation that cannot be read, reset or parsed must give the caller a plain "no" (None/False)
and a log line with the kind of failure only, never the person's words.
"""

from __future__ import annotations

import json
import logging

import httpx

from bot.dialogue.rasa_admin import RasaAdmin, kept_slots


def admin(handler, token: str | None = "secret") -> tuple[RasaAdmin, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    return RasaAdmin("http://rasa.test/", token, client=client), seen


async def test_tracker_is_read_with_the_token_and_without_events():
    ra, seen = admin(lambda r: httpx.Response(200, json={"slots": {"role": "parent"}}))
    assert await ra.tracker("42") == {"slots": {"role": "parent"}}
    assert seen[0].method == "GET"
    assert seen[0].url.path == "/conversations/42/tracker"
    assert seen[0].url.params["token"] == "secret"
    assert seen[0].url.params["include_events"] == "NONE"


async def test_reset_restarts_sets_the_kept_slots_and_listens():
    ra, seen = admin(lambda r: httpx.Response(200, json={}))
    assert await ra.reset("42", {"role": "parent", "child_age": 14}) is True
    assert seen[0].method == "POST" and seen[0].url.path == "/conversations/42/tracker/events"
    events = json.loads(seen[0].content)
    assert events[0] == {"event": "restart"}
    assert {"event": "slot", "name": "child_age", "value": 14} in events
    assert events[-1] == {"event": "action", "name": "action_listen"}


async def test_intent_asks_the_parse_api_and_gives_the_name():
    ra, seen = admin(lambda r: httpx.Response(200, json={"intent": {"name": "ask_school", "confidence": 0.9}}))
    assert await ra.intent("ze durft niet naar school") == "ask_school"
    assert seen[0].url.path == "/model/parse"
    assert json.loads(seen[0].content) == {"text": "ze durft niet naar school"}


async def test_a_refusal_is_a_plain_no_and_logs_only_the_status(caplog):
    ra, _ = admin(lambda r: httpx.Response(500, text="boom"))
    with caplog.at_level(logging.WARNING, logger="bot.dialogue.rasa_admin"):
        assert await ra.tracker("42") is None
        assert await ra.reset("42", {"name": "Sanne"}) is False
        assert await ra.intent("mijn zoon van 14 spijbelt") is None
    text = caplog.text
    assert "rasa tracker refused status=500" in text
    assert "rasa reset refused status=500" in text
    assert "rasa parse refused status=500" in text
    assert "Sanne" not in text and "spijbelt" not in text


async def test_rasa_down_is_a_plain_no(caplog):
    def down(request):
        raise httpx.ConnectError("refused", request=request)

    ra, _ = admin(down)
    with caplog.at_level(logging.WARNING, logger="bot.dialogue.rasa_admin"):
        assert await ra.tracker("42") is None
        assert await ra.reset("42", {}) is False
        assert await ra.intent("hallo") is None
    assert "rasa parse unavailable error=ConnectError" in caplog.text


async def test_without_a_token_nothing_is_asked():
    ra, seen = admin(lambda r: httpx.Response(200, json={}), token=None)
    assert await ra.tracker("42") is None
    assert await ra.reset("42", {}) is False
    assert await ra.intent("hallo") is None
    assert seen == []


async def test_an_answer_that_is_not_an_object_is_no_tracker_and_no_intent():
    ra, _ = admin(lambda r: httpx.Response(200, json=["not", "a", "tracker"]))
    assert await ra.tracker("42") is None
    assert await ra.intent("hallo") is None


def test_kept_slots_drop_the_step_in_progress():
    tracker = {"slots": {"role": "parent", "requested_slot": "child_age", "practice_code": "LINDE",
                         "child_age": None, "language": "nl"}}
    assert kept_slots(tracker) == {"role": "parent", "practice_code": "LINDE", "language": "nl"}
    assert kept_slots(tracker, minimal=True) == {"role": "parent", "practice_code": "LINDE", "language": "nl"}
    assert kept_slots(None) == {}
