"""The safety plan off the script, through the real stack and `intake chat --json`: a parent who
asks for it gets an explanation and no plan form; a question typed at a step gets an answer and
the same step again; an answer at the step about means that names them gets no check-in, while
a crisis there still gets the card at once."""

from __future__ import annotations

import pytest

from bot.waiting import plan as P
from tests.conversation.test_waiting import Chat, conversation_id, payloads, store_of, text

pytestmark = pytest.mark.stack

MEANS_ONLY = "mijn mesjes geef ik aan mijn moeder"


def stored_plan(store, user: str) -> P.PlanState:
    with store.session() as s:
        return P.state_of(P.row_of(s, conversation_id(store, user)), store.cipher)


def test_a_parent_asking_for_the_safety_plan_gets_an_explanation_not_the_plan(stack):
    user = stack.new_user("planouder")
    chat = Chat(stack, user)
    try:
        chat.say("/start LINDE")
        chat.say("Mijn dochter van 15 zegt dat ze niet meer wil leven")  # the card; Rasa hears of it
        replies = chat.say("/veiligheidsplan")
        words = text(replies)
        assert "maakt een jongere zelf" in words and "Leg medicijnen" in words and "0800-0113" in words
        assert not any(p.startswith("/plan_") for p in payloads(replies)) and "Stap 1" not in words
        # Unknown at first, a parent finds the way to the explanation on the plan's start.
        other = Chat(stack, stack.new_user("planwie"))
        try:
            other.say("/start LINDE")
            replies = other.say("/veiligheidsplan")
            assert payloads(replies) == ["/plan_start", "/plan_later", "/plan_parent"]
            replies = other.say("ik ben zijn vader")
            assert "maakt een jongere zelf" in text(replies) and not payloads(replies)
        finally:
            other.close()
    finally:
        chat.close()


def test_questions_at_a_step_and_means_named_at_the_means_step(stack):
    user = stack.new_user("planvraag")
    chat = Chat(stack, user)
    store = store_of(stack)
    try:
        chat.say("/start LINDE")
        chat.say("/veiligheidsplan")
        replies = chat.press("/plan_start")
        assert "Stap 1 van 6" in text(replies)
        replies = chat.say("waarom vraag je dit?")
        assert "moeilijk moment" in text(replies) and "Stap 1 van 6" in replies[-1]["text"]
        replies = chat.say("wat is 113")
        assert "0800-0113" in text(replies) and "Stap 1 van 6" in replies[-1]["text"]
        assert stored_plan(store, user).draft == {}
        for words in ("Ik ga niet meer naar buiten en slaap heel slecht", "Muziek luisteren",
                      "Bij mijn oma", "Mijn zus, 06-12345678"):
            replies = chat.say(words)
        assert "Stap 5 van 6" in replies[-1]["text"]
        replies = chat.say(MEANS_ONLY)
        assert not any("Denk je aan" in r["text"] or "/affirm_risk" in payloads([r]) for r in replies)
        assert "Stap 6 van 6" in replies[-1]["text"]
        assert stored_plan(store, user).draft[P.MEANS_STEP] == MEANS_ONLY

        # A crisis at the means step still gets the card at once, and the plan waits.
        replies = chat.press("/plan_back")
        assert "Stap 5 van 6" in text(replies)
        replies = chat.say("ik wil mezelf snijden met de mesjes vannacht")
        assert "113" in replies[0]["text"] and "/affirm_safe" in payloads(replies)
        assert "Stap" not in text(replies) and stored_plan(store, user).paused
    finally:
        chat.close()
        store.dispose()
