"""The first slice of the conversation, through the real Rasa server and action server."""

import pytest

pytestmark = pytest.mark.stack

ROLE = '/inform_role{"role":"ouder"}'


def test_greeting_is_dutch_discloses_the_assistant_and_offers_role_buttons(stack):
    user = stack.new_user()
    (out,) = stack.chat([{"user": user, "text": "/start LINDE"}])
    assert out["user"] == user
    texts = [r["text"] for r in out["replies"]]
    greeting = texts[0]
    assert "Huisartsenpraktijk De Linde" in greeting
    assert "computerprogramma" in greeting and "geen mens" in greeting
    assert "medewerkers van de praktijk" in greeting  # what happens with what you write
    role_reply = out["replies"][-1]
    payloads = [b["payload"] for b in role_reply["buttons"]]
    assert ROLE in payloads
    assert '/inform_role{"role":"jongere"}' in payloads
    assert [b["title"] for b in role_reply["buttons"]][0] == "Ik ben ouder of verzorger"


def test_role_button_leads_to_topic_buttons(stack):
    user = stack.new_user()
    out = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "button": ROLE}])
    topic = out[1]["replies"][-1]
    assert topic["text"] == "Waar gaat het over?"
    assert [b["title"] for b in topic["buttons"]] == ["Opvoeding", "Angst of piekeren", "School", "Iets anders"]


def test_without_a_practice_code_the_practice_is_asked_early_with_buttons_and_typed_search(stack):
    user = stack.new_user()
    out = stack.chat([{"user": user, "text": "/start"}, {"user": user, "button": ROLE},
                      {"user": user, "text": "zwole"}])
    practice = out[1]["replies"][-1]
    assert practice["text"].startswith("Bij welke huisartsenpraktijk")
    assert '/choose_practice{"practice_code":"LINDE"}' in [b["payload"] for b in practice["buttons"]]
    typed = [r["text"] for r in out[2]["replies"]]
    assert "Gezondheidscentrum Het Anker" in typed[0]  # a typo of the place found it
    assert typed[-1] == "Waar gaat het over?"


def test_every_input_line_gets_exactly_one_output_line_even_when_malformed(stack):
    user = stack.new_user()
    out = stack.chat([{"user": user, "text": "hoi"}, {"no_user": True}, {"user": user, "kind": "sticker"}])
    assert out[1]["error"]
    assert "typen" in out[2]["replies"][0]["text"]
