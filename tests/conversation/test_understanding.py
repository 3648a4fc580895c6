"""Understanding: first-line answers, FAQ in the middle of a conversation, redirects and the
clarifying question, through the real Rasa server, action server and bot app.

The themes are reached from messages by writers who wrote none of that theme's training data
(tests/data/nlu_theme_holdout.jsonl, kept out of training by scripts/import_nlu_writers.py).
A theme is recognised by its answer: the reply is one of the variations of the domain response
utter_theme_<theme> for the conversation's role, whatever its wording.
"""

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.classify import THEMES
from bot.safety import screen

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
ROLE = '/inform_role{"role":"ouder"}'
ROLES = {"ouder": '/inform_role{"role":"ouder"}', "jongere": '/inform_role{"role":"jongere"}'}
THEME_BUTTONS = {"/ask_opvoeding", "/ask_angst", "/ask_school"}
HOLDOUT = ROOT / "tests" / "data" / "nlu_theme_holdout.jsonl"
# How often an unseen writer's message reaches its theme is `make nlu-eval`'s figure (one English
# writer holds out three themes, and English from the other writers is scarce). This test guards
# the whole path from an unseen writer's message to the theme's answer for each role.


def _responses() -> dict:
    responses = {}
    for path in (ROOT / "nlu_data" / "domain").glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


def _fixed_parts(template: str) -> list[str]:
    """The literal pieces of a response text between its {slot} placeholders."""
    return [p.strip() for p in re.split(r"\{[^}]*\}", template) if len(p.strip()) >= 20]


def theme_answer_given(out: dict, theme: str, role: str, responses: dict) -> bool:
    """Whether the replies hold utter_theme_<theme>'s variation for this role (Dutch source text)."""
    said = texts(out)
    variations = responses[f"utter_theme_{theme}"]

    def role_of(v):
        return next((c.get("value") for c in v.get("condition") or [] if c.get("name") == "role"), None)

    chosen = [v for v in variations if role_of(v) == role] or [v for v in variations if role_of(v) is None]
    return any(all(part in said for part in _fixed_parts(v["text"])) for v in chosen)


def _held_out_messages() -> dict[str, list[str]]:
    by_theme = defaultdict(list)
    for line in HOLDOUT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        # A crisis message gets the crisis card instead of a first-line answer, by design.
        if not screen(row["text"]).crisis:
            by_theme[row["label"][len("ask_"):]].append(row["text"])
    return by_theme


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
        {"user": user, "text": "mijn zoon van 12 gamet tot diep in de nacht en wordt woest als ik de wifi uitzet"},
        {"user": user, "text": "kost het geld?"},
        {"user": user, "button": "/deny"},
    ])
    tips = texts(out[0])
    # Gaming is its own theme now (middelen_gamen) and also upbringing: either answer will do.
    assert re.search(r"https://www\.(opvoeden|jellinek)\.nl", tips)
    assert {"/request_appointment", "/deny"} <= payloads(out[0])
    assert "gemeente" in texts(out[1])
    assert "geen probleem" in texts(out[2])


def test_an_adult_asking_for_themselves_is_kindly_sent_to_the_huisarts_without_booking(stack):
    user = stack.new_user()
    (out,) = stack.chat([{"user": user, "text": "ik ben 26 en heb paniekaanvallen"}])
    reply = texts(out)
    assert "huisarts" in reply and "23" in reply
    assert "/request_appointment" not in payloads(out)


@pytest.mark.parametrize("message", ["🙈🙈🙈", "😂", "asdkjh qwpoe zxmnb", "jfjfjfjf"])
def test_emoji_only_and_gibberish_get_a_clarifying_question_with_buttons(stack, message):
    user = stack.new_user()
    (out,) = stack.chat([{"user": user, "text": message}])
    assert "begreep ik niet" in texts(out)
    assert THEME_BUTTONS <= payloads(out)


def test_a_clarifying_button_leads_to_that_themes_first_line_answer(stack):
    user = stack.new_user()
    # Only emoji: no words to understand, so the clarifying question (gibberish such as
    # "xkcdqwe" depends on the model and is the dialogue's own test).
    (first,) = stack.chat([{"user": user, "text": "🤷‍♀️🤷‍♀️"}])
    offered = [b["payload"] for r in first["replies"] for b in r["buttons"]]
    assert "/ask_school" in offered, first
    (asked,) = stack.chat([{"user": user, "button": "/ask_school"}])
    assert "voor wie schrijf je" in texts(asked).lower()  # the answer depends on who is writing
    (out,) = stack.chat([{"user": user, "button": ROLE}])
    assert "mentor" in texts(out) and "jeugdarts" in texts(out)


def test_the_test_stories_in_nlu_data_tests_pass_with_the_trained_model(stack, tmp_path):
    # The stack fixture has trained models/intake.tar.gz from the current nlu_data/.
    rasa = str(Path(sys.executable).parent / "rasa")
    result = subprocess.run(
        [rasa, "test", "core", "--stories", str(ROOT / "nlu_data" / "tests"),
         "--model", str(ROOT / "models" / "intake.tar.gz"), "--out", str(tmp_path),
         "--fail-on-prediction-errors", "--no-plot"],
        capture_output=True, text=True, cwd=ROOT, env={**stack.env, "RASA_TELEMETRY_ENABLED": "false"},
        timeout=600,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text() if failed.exists() else result.stdout[-2000:] + result.stderr[-2000:]
    assert result.returncode == 0, detail
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["accuracy"] == 1.0


def test_every_theme_is_reached_by_a_writer_who_wrote_none_of_its_training_data_for_both_roles(stack):
    messages = _held_out_messages()
    responses = _responses()
    assert set(messages) == set(THEMES)
    # Every theme as soon as its answer exists (the three first ones at least).
    answered = [t for t in THEMES if f"utter_theme_{t}" in responses]
    assert {"opvoeding", "angst", "school"} <= set(answered)
    lines, index = [], []
    for theme in answered:
        for role, button in ROLES.items():
            for text in messages[theme]:
                user = stack.new_user(f"theme-{role}")
                lines += [{"user": user, "text": "hallo"}, {"user": user, "button": button}, {"user": user, "text": text}]
                index.append((theme, role, len(lines) - 1))
    out = stack.chat(lines, timeout=1800)
    reached = defaultdict(list)
    for theme, role, i in index:
        reached[(theme, role)].append(theme_answer_given(out[i], theme, role, responses))
    rates = {key: sum(hits) / len(hits) for key, hits in reached.items()}
    print("reached per theme and role:", {f"{t}/{r}": round(v, 2) for (t, r), v in sorted(rates.items())})
    assert {key for key, hits in reached.items() if not any(hits)} == set()
    # The role decides the answer, not what was understood: the same messages reach the same themes.
    assert [rates[(t, "ouder")] for t in answered] == [rates[(t, "jongere")] for t in answered]
