"""Through the real stack (Rasa server, action server, `intake chat --json`):

- after "no" to the safety check-in, the message that raised the question gets the answer it would
  have got without the question (pressed, typed as a denial, or typed after the gentle follow-up);
  a half no ("nee niet nu, maar wel vaak", "nee, nu even niet") is never taken as a no;
- a person who writes a whole message in English gets the conversation in English, is told how to
  go back, and `/taal nl` goes back; short messages never switch.

The messages are the writers' own (training examples in nlu_data, with the intent they were
written for), chosen by what the safety screen says about them today, so the test still means
something when the screen changes.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.content.themes import response_name
from bot.nlg import ResponseRenderer
from bot.safety import screen
from bot.store.seed import DEMO_PRACTICES
from tests.support.theme_answers import PARENT, answer_in, asks_who, payloads, texts

pytestmark = pytest.mark.stack

WRITERS = PROJECT_ROOT / "nlu_data" / "data" / "nlu" / "writers"
DENY = "/deny_risk"
THANKS = "Dank je voor je antwoord. Dan gaan we verder."
SWITCHED = "You are writing in English, so I will continue in English. Type /taal nl for Dutch."


@cache
def _examples(writer: str) -> list[tuple[str, str]]:
    """(text, theme) of the writer's first-line theme examples, annotations removed."""
    data = yaml.safe_load((WRITERS / f"{writer}.yml").read_text(encoding="utf-8"))
    out = []
    for item in data.get("nlu", []):
        intent = item.get("intent", "")
        if not intent.startswith("ask_"):
            continue
        for line in item["examples"].splitlines():
            text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip().removeprefix("- ").strip())
            if text:
                out.append((text, intent.removeprefix("ask_")))
    return out


def check_in_messages(n: int, category: str | None = None) -> list[tuple[str, str]]:
    """A parent's everyday messages that the screen answers with the check-in question today
    (about ``category`` when given: which category the classifier guesses for an everyday message
    changes with every corpus)."""
    found = [(text, theme) for text, theme in _examples("nlu-parent-low-literacy")
             if (v := screen(text)).check_in and not v.crisis and category in (None, v.category)]
    assert len(found) >= n, "fewer parent messages raise the check-in now: pick them from another writer"
    return found[:n]


def reach_the_answer(stack, user: str, outs: list[dict]) -> tuple[str, str] | None:
    """Press the parent's role when asked (as the message's writer would), then the theme answer."""
    found = next((a for out in outs if (a := answer_in(out))), None)
    if found is None and asks_who(outs[-1]):
        (out,) = stack.chat([{"user": user, "button": PARENT}])
        outs.append(out)
        found = answer_in(out)
    return found


# How the person says no: pressed, typed as a denial (which the screen reads as a check-in itself),
# or typed after a question in between (answered, with the gentle follow-up).
WAYS = {
    "pressed": [{"button": DENY}],
    "typed denial": [{"text": "nee ik denk niet aan zelfdoding"}],
    "after the follow-up": [{"text": "hoe lang is de wachttijd?"}, {"text": "Nee hoor"}],
}


@pytest.mark.parametrize("way", list(WAYS))
def test_no_to_the_check_in_gets_the_answer_the_message_would_have_got(stack, way):
    text, theme = check_in_messages(len(WAYS))[list(WAYS).index(way)]
    user = stack.new_user("checkin-" + way.split()[0])
    lines = [{"text": "/start LINDE"}, {"text": text}, *WAYS[way]]
    outs = stack.chat([{"user": user, **line} for line in lines])
    asked = outs[1]
    assert "/deny_risk" in payloads(asked), f"the message no longer raises the check-in: {texts(asked)}"
    if way == "after the follow-up":
        between = outs[2]
        assert "Je hoeft niet meteen te antwoorden" in texts(between)[0] and len(texts(between)) >= 2
    answered = outs[-1]
    said = texts(answered)
    assert said[0] == THANKS, said
    assert not any("begreep ik niet" in t for t in said), said
    assert said.count(THANKS) == 1 and len(said) == len(set(said)), "nothing said twice"
    assert reach_the_answer(stack, user, outs[-1:]) == (theme, "ouder"), f"{theme}: {said}"


def test_a_late_no_after_the_conversation_went_on_is_thanked_without_bringing_back_the_old_message(stack):
    (text, _theme), = check_in_messages(1)
    user = stack.new_user("checkin-late")
    outs = stack.chat([{"user": user, **line} for line in (
        {"text": "/start LINDE"}, {"text": text}, {"text": "hoe lang is de wachttijd?"},
        {"text": "wat kost het?"}, {"button": DENY})])
    assert "Je hoeft niet meteen te antwoorden" not in "\n".join(texts(outs[3])), "followed up once, not twice"
    assert texts(outs[4]) == [THANKS]


# Half answers (typed): a no that takes itself back is a yes; a no that holds back gets the gentle
# follow-up with the lines. Neither is thanked and carried on.
HALF_ANSWERS = {
    "nee niet nu, maar wel vaak": "crisis",
    "nee, nu even niet": "follow-up",
}


@pytest.mark.parametrize("answer", list(HALF_ANSWERS))
def test_a_half_no_to_the_check_in_is_never_taken_as_a_plain_no(stack, answer):
    # The suicide check-in: a half no asks again or gives the card for suicide (113).
    text, _theme = check_in_messages(len(HALF_ANSWERS), "suicide")[list(HALF_ANSWERS).index(answer)]
    user = stack.new_user("checkin-half-" + HALF_ANSWERS[answer])
    outs = stack.chat([{"user": user, **line} for line in ({"text": "/start LINDE"}, {"text": text}, {"text": answer})])
    assert "/deny_risk" in payloads(outs[1]), f"the message no longer raises the check-in: {texts(outs[1])}"
    said = texts(outs[2])
    assert THANKS not in said and "113" in said[0], said
    if HALF_ANSWERS[answer] == "crisis":
        # The card for suicide (in the voice the screen reads in the first message), with 112.
        assert "113 Zelfmoordpreventie" in said[0] and "112" in said[0], said
        assert any(t.endswith("veilig?") for t in said), "the card's own question follows"
    else:
        assert said[0].startswith("Je hoeft niet meteen te antwoorden"), said


def _english_theme_answer(theme: str) -> str:
    renderer = ResponseRenderer(PROJECT_ROOT / "nlu_data" / "domain")
    linde = next(p for p in DEMO_PRACTICES if p["code"] == "LINDE")
    slots = {"language": "en", "role": "ouder", "worker_title": linde["worker_title"], "practice_name": linde["name"]}
    return renderer.render({"response": response_name(theme), "tracker": {"slots": slots, "events": []}})["text"]


def test_a_parent_who_writes_english_gets_the_conversation_in_english_and_can_go_back(stack):
    text, theme = next((t, th) for t, th in _examples("nlu-parent-expat")
                       if th == "slaap" and not screen(t).check_in and not screen(t).crisis)
    user = stack.new_user("english")
    outs = stack.chat([{"user": user, **line} for line in (
        {"text": "/start LINDE"}, {"text": text}, {"button": PARENT}, {"text": "/taal nl"}, {"text": "hoi"})])
    said = texts(outs[1])
    assert said[0] == SWITCHED, said
    assert not any("Sorry, dat" in t or "voor wie schrijf" in t.lower() for t in said), said
    assert _english_theme_answer(theme) in texts(outs[1]) + texts(outs[2]), texts(outs[1]) + texts(outs[2])
    assert texts(outs[2]).count(SWITCHED) == 0, "said once"
    assert texts(outs[3])[0] == "Oké, we praten verder in het Nederlands.", texts(outs[3])
    assert not any(t == SWITCHED for t in texts(outs[4]))


def test_the_dad_who_writes_english_is_answered_in_english_and_short_messages_never_switch(stack):
    user = stack.new_user("english-dad")
    outs = stack.chat([{"user": user, **line} for line in (
        {"text": "/start LINDE"}, {"text": "ok"}, {"text": "hi"},
        {"text": "I am the dad, my daughter (15) will not go to school"})])
    assert not any(SWITCHED in t for out in outs[1:3] for t in texts(out)), "ok and hi never switch"
    said = texts(outs[3])
    assert said[0] == SWITCHED, said
    assert len(said) >= 2 and not any("begreep" in t or "Voor wie" in t or "Waar gaat" in t for t in said), said


def _dutch(replies: list[dict]) -> list[str]:
    """The replies the detector reads as Dutch (a whole sentence; a Dutch institution name in an
    English sentence does not make it Dutch)."""
    from bot.langid import clearly_written_in

    names = [p["name"] for p in DEMO_PRACTICES]  # "Great, now I know: Huisartsenpraktijk De Linde."
    plain = [(t, t) for t in texts(replies)]
    for name in names:
        plain = [(t, p.replace(name, "")) for t, p in plain]
    return [t for t, p in plain if clearly_written_in(p) == "nl"]


@pytest.mark.parametrize("opening", ["/taal en", "I am the dad, my daughter (15) will not go to school"],
                         ids=["taal en", "an English first message"])
def test_short_dutch_answers_and_dutch_words_keep_an_english_conversation_english(stack, opening):
    """The database holds the conversation's language; only /taal, a language asked for by name or
    a clear whole English message changes it. A parent who chose English (or wrote English) and
    then answers "ja", "moeder", "dertien" or names a Dutch institution is answered in English;
    "Nederlands graag" goes back to Dutch (it got "Okay, we'll continue in English")."""
    user = stack.new_user("english-stays")
    lines = ["/start LINDE", opening, "ja", "moeder", "dertien", "moet ik de leerplichtambtenaar bellen?"]
    outs = stack.chat([{"user": user, "text": text} for text in lines])
    for text, out in zip(lines[1:], outs[1:], strict=True):
        assert texts(out), f"{text!r} got no reply"
        assert not _dutch(out), f"{text!r} was answered in Dutch: {texts(out)}"
    back = stack.chat([{"user": user, "text": "Nederlands graag"}, {"user": user, "text": "ik ben de moeder"}])
    assert texts(back[0])[0] == "Oké, we praten verder in het Nederlands.", texts(back[0])
    assert _dutch(back[1]), texts(back[1])


@pytest.mark.parametrize("message", ["my dad hits me", "he hit me"])
def test_a_short_english_crisis_message_in_a_dutch_conversation_is_answered_in_english(stack, message):
    """Three or four English words are too few to switch the conversation, but the card (or the
    check-in and the card after its yes) and the answer to "Are you safe right now?" are English:
    "my dad hits me" got the Dutch card and "Bel nu 112"."""
    verdict = screen(message)
    assert verdict.crisis or verdict.check_in, f"{message!r} no longer raises anything: pick another message"
    user = stack.new_user("short-english-crisis")
    outs = stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": "hoi"},
                       {"user": user, "text": message}])
    said = texts(outs[2])
    if verdict.check_in:
        assert said[0].startswith("I want to ask you something directly"), said
        said = texts(stack.chat([{"user": user, "text": "yes"}])[0])
    assert any("Are you safe right now?" in t for t in said), said
    assert not _dutch(outs[2]), said
    (after,) = stack.chat([{"user": user, "text": "no im not safe"}])
    assert texts(after)[0].startswith("Call 112 now."), texts(after)
    assert SWITCHED not in texts(outs[2]) + texts(after)
