"""The NLU training data and the held-out test set keep their promises (plain YAML, no Rasa)."""

import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "nlu_data" / "data" / "nlu"
OWN_FILES = ("general", "themes", "faq", "requests", "out_of_scope")
CORE_INTENTS = (
    "greet", "goodbye", "thanks", "affirm", "deny", "help", "privacy", "bot_challenge", "request_human",
    "ask_opvoeding", "ask_angst", "ask_school", "request_appointment", "reschedule_appointment",
    "cancel_appointment", "out_of_scope", "other_care",
)
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _examples(path: Path):
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip():
                    yield block["intent"], line.strip()[2:]


def _plain(text: str) -> str:
    return _ANNOTATION.sub(r"\1", text).strip().lower()


def test_no_held_out_message_is_in_the_training_data():
    training = {_plain(t) for path in NLU.glob("*.yml") for _, t in _examples(path)}
    held_out = [t for _, t in _examples(ROOT / "tests" / "data" / "nlu_test.yml")]
    assert len(held_out) >= 150
    assert [t for t in held_out if _plain(t) in training] == []


def test_every_core_intent_has_at_least_40_training_examples():
    counts = Counter(intent.split("/")[0] for name in OWN_FILES for intent, _ in _examples(NLU / f"{name}.yml"))
    assert {i: counts[i] for i in CORE_INTENTS if counts[i] < 40} == {}


def test_every_faq_topic_has_an_answer_and_at_least_12_answers_exist():
    topics = {intent for intent, _ in _examples(NLU / "faq.yml")}
    responses = yaml.safe_load((ROOT / "nlu_data" / "domain" / "faq.yml").read_text())["responses"]
    assert {f"utter_{t}" for t in topics} == set(responses)
    assert len(responses) >= 12


def test_theme_answers_link_a_trusted_source_and_put_no_label_on_a_child():
    responses = yaml.safe_load((ROOT / "nlu_data" / "domain" / "themes.yml").read_text())["responses"]
    for theme in ("opvoeding", "angst", "school"):
        text = responses[f"utter_theme_{theme}"][0]["text"]
        assert re.search(r"https://www\.(opvoeden|thuisarts|jouwggd|kindertelefoon|mindkorrelatie)\.nl", text)
        assert not re.search(r"stoornis|adhd|autisme|depressie|diagnose", text, re.I)
    offer = responses["utter_offer_appointment"][0]["buttons"]
    assert [b["payload"] for b in offer] == ["/request_appointment", "/deny"]
