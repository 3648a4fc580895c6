"""A conversation whose dialogue got stuck in Rasa comes back, with its answers, on the real stack.

The field failure: a prediction loop tripped Rasa's circuit breaker, and because no
``action_listen`` followed, every later message in that conversation tripped it again at once:
an empty answer, the apology for good. The test puts a conversation in exactly that state
through Rasa's tracker API and checks that the next message gets the intake back.
"""

from __future__ import annotations

import httpx
import pytest

from tests.support.stack import ROOT

pytestmark = pytest.mark.stack

ROLE = '/inform_role{"role":"ouder"}'


def _sender(stack, user: str) -> str:
    from bot.config import Settings
    from bot.store import repo
    from bot.store.db import Store

    store = Store(Settings.from_env(stack.env))
    try:
        with store.session() as s:
            return repo.find_conversation(s, channel="terminal", external_id=user).sender_id
    finally:
        store.dispose()


def _token(stack) -> str:
    return (stack.data_dir / "rasa" / "api-token").read_text().strip()


def _trip_the_circuit_breaker(stack, sender: str) -> None:
    """Ten predicted actions without action_listen: what a tripped breaker leaves behind."""
    events = [{"event": "action", "name": "utter_greet"}] * 10
    resp = httpx.post(f"{stack.rasa_url}/conversations/{sender}/tracker/events",
                      params={"token": _token(stack), "include_events": "NONE"}, json=events, timeout=30)
    assert resp.status_code == 200, resp.text


def test_a_conversation_stuck_in_rasa_is_restarted_with_its_answers_and_the_intake_goes_on(stack):
    user = stack.new_user("stuck")
    out = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "button": ROLE},
                      {"user": user, "text": "mijn zoon wil niet naar school"}])
    assert out[-1]["replies"][-1]["text"] == "Hoe oud is je kind?"
    sender = _sender(stack, user)
    _trip_the_circuit_breaker(stack, sender)
    # The failure is real: Rasa itself answers this conversation with nothing now.
    bare = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": "13"}, timeout=60)
    assert bare.json() == []

    (back,) = stack.chat([{"user": user, "text": "13"}])
    texts = [r["text"] for r in back["replies"]]
    assert not any("er gaat nu iets mis" in t for t in texts), texts
    assert texts[0].startswith("Sorry, ik raakte even de draad kwijt"), texts
    # The answers are kept, the age too: Rasa read "13" (the answer to the open question) before
    # the breaker tripped. The intake goes on at the next question, not at the start.
    assert "dat je contact opneemt" in texts[-1], texts
    (after,) = stack.chat([{"user": user, "text": "ja"}])
    assert "Hoe lang speelt" in after["replies"][-1]["text"], after


def test_when_rasa_is_down_for_everyone_the_apology_with_help_lines_stays(stack, tmp_path):
    import subprocess

    from tests.support.stack import INTAKE, free_port

    env = stack.client_env(INTAKE_RASA_URL=f"http://127.0.0.1:{free_port()}")
    result = subprocess.run([INTAKE, "chat", "--json"], input='{"user": "down-1", "text": "hallo"}\n',
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert "er gaat nu iets mis" in result.stdout and "113" in result.stdout
