"""Understanding: first-line answers, FAQ in the middle of a conversation, redirects and the
clarifying question, through the real Rasa server, action server and bot app."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
ROLE = '/inform_role{"role":"ouder"}'
WAYS_ON = {"/request_appointment", "/request_human"}


def texts(out: dict) -> str:
    return "\n".join(r["text"] for r in out["replies"])


def payloads(out: dict) -> set[str]:
    return {b["payload"] for r in out["replies"] for b in r.get("buttons") or []}


def test_a_cost_question_in_the_middle_is_answered_and_the_next_step_still_works(stack):
    plain, with_faq = stack.new_user(), stack.new_user()
    reference = stack.chat([{"user": plain, "text": "hallo"}, {"user": plain, "button": ROLE}])
    out = stack.chat([
        {"user": with_faq, "text": "hallo"},
        {"user": with_faq, "text": "kost het geld?"},
        {"user": with_faq, "button": ROLE},
    ])
    answer = texts(out[1])
    assert "gemeente" in answer and "eigen risico" in answer
    # After the answer the role button does exactly what it does without the detour.
    assert out[2]["replies"] == reference[1]["replies"]


def test_a_worry_gets_first_line_tips_with_a_source_and_the_offer_of_a_conversation(stack):
    user = stack.new_user()
    out = stack.chat([
        {"user": user, "text": "hallo"},
        {"user": user, "button": ROLE},
        {"user": user, "text": "ze durft niet naar school, ze zit al weken thuis"},
        {"user": user, "text": "kost het geld?"},
        {"user": user, "button": "/deny"},
    ])
    tips = texts(out[2])
    assert re.search(r"https://www\.\w+\.(nl|info)", tips)
    assert {"/request_appointment", "/deny"} <= payloads(out[2])
    assert "gemeente" in texts(out[3])
    assert "geen probleem" in texts(out[4])


def test_an_adult_asking_for_themselves_is_kindly_sent_to_the_huisarts_without_booking(stack):
    # The routing, on a writer's own other_care sentence (how well unseen adults are recognised
    # is make nlu-eval's figure for other_care).
    user = stack.new_user()
    (out,) = stack.chat([{"user": user, "text": "Ik ben 38 en voel mij zelf depressief, kan ik ook hier gesprek?"}])
    reply = texts(out)
    assert "huisarts" in reply and "23" in reply
    assert "/request_appointment" not in payloads(out)


@pytest.mark.parametrize("message", ["🙈🙈🙈", "😂", "asdkjh qwpoe zxmnb", "jfjfjfjf", "xkcdqwe"])
def test_emoji_only_and_gibberish_get_a_clarifying_question_with_a_way_on_not_a_guess(stack, message):
    user = stack.new_user()
    (out,) = stack.chat([{"user": user, "text": message}])
    assert "begreep ik niet" in texts(out)
    assert WAYS_ON <= payloads(out)
    assert "Vertel maar waar ik je mee kan helpen" not in texts(out)  # not read as a yes or a no


def test_a_clarifying_button_leads_on_and_something_else_asks_in_other_words(stack):
    user = stack.new_user()
    (first,) = stack.chat([{"user": user, "text": "🤷‍♀️🤷‍♀️"}])
    assert "/request_appointment" in payloads(first), first
    (out,) = stack.chat([{"user": user, "button": "/request_appointment"}])
    assert "een paar korte vragen" in texts(out)
    other = stack.new_user()
    (first,) = stack.chat([{"user": other, "text": "xkcdqwe"}])
    (out,) = stack.chat([{"user": other, "button": "/help"}])
    assert "automatische assistent" in texts(out)


@pytest.mark.parametrize("stories", sorted(p.name for p in (ROOT / "nlu_data" / "tests").glob("test_*.yml")))
def test_the_test_stories_in_nlu_data_tests_pass_with_the_trained_model(stack, stories):
    # Rasa's own story evaluation (what `rasa test core` runs), asked of the stack's running Rasa
    # server through its HTTP API instead of a second Rasa process that loads the model again
    # (a minute or two of CI time). Intents, entities and actions of every turn are compared.
    import httpx

    from bot.config import Settings
    from bot.runtime import rasa_api_token

    token = rasa_api_token(Settings.from_env(stack.env))
    body = (ROOT / "nlu_data" / "tests" / stories).read_bytes()
    reply = httpx.post(f"{stack.rasa_url}/model/test/stories", params={"token": token}, content=body,
                       headers={"Content-Type": "application/x-yaml"}, timeout=1200)
    assert reply.status_code == 200, reply.text[-2000:]
    evaluation = reply.json()
    wrong = [(a["action"], a["predicted"]) for a in evaluation["actions"] if a["action"] != a["predicted"]]
    assert evaluation["actions"] and not wrong, wrong
    assert evaluation["accuracy"] == 1.0, evaluation["report"]
