"""First-line answers by role: which variation a parent, a young person and a professional get,
how a typed answer to "Voor wie schrijf je?" is read, and what the conversation remembers."""

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.content.themes import ROLES, THEMES, answered, read_role, response_name, theme_of
from bot.nlg import ResponseRenderer

DOMAIN = PROJECT_ROOT / "nlu_data" / "domain"


def render(name, role=None, arguments=None, language="nl"):
    slots = {"language": language, "worker_title": "POH-Jeugd", "practice_name": "De Linde"}
    if role:
        slots["role"] = role
    return ResponseRenderer(DOMAIN).render({"response": name, "tracker": {"slots": slots, "events": []},
                                            "arguments": arguments or {}})


def answered_themes() -> list[str]:
    """The themes that have an answer in the domain (all of THEMES once every intent exists)."""
    responses = {}
    for path in DOMAIN.glob("*.yml"):
        responses.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return [t for t in THEMES if response_name(t) in responses]


def test_the_three_first_themes_have_answers():
    assert {"opvoeding", "angst", "school"} <= set(answered_themes())


@pytest.mark.parametrize("theme", answered_themes())
def test_parent_young_person_and_professional_each_get_their_own_answer(theme):
    texts = {role: render(response_name(theme), role)["text"] for role in ROLES}
    assert all(texts.values())
    assert len({texts["ouder"], texts["professional"]}) == 2
    if theme != "baby_jgz":  # a young parent with a baby gets the parents' answer
        assert len(set(texts.values())) == 3, theme
    assert "je kind" in texts["ouder"] or "jullie" in texts["ouder"] or "baby" in texts["ouder"], theme
    assert "je kind" not in texts["jongere"], theme


@pytest.mark.parametrize("theme", answered_themes())
def test_without_a_role_the_answer_asks_who_is_writing_with_buttons(theme):
    out = render(response_name(theme))
    assert "voor wie schrijf je" in out["text"].lower()
    assert {b["payload"] for b in out["buttons"]} == {
        '/inform_role{"role":"ouder"}', '/inform_role{"role":"jongere"}', '/inform_role{"role":"professional"}'}


def test_the_role_passed_by_an_action_wins_over_the_tracker_from_before_the_action():
    out = render("utter_theme_angst", arguments={"role": "ouder"})
    assert "Oefen samen in kleine stappen, en prijs elke stap" in out["text"]


def test_the_parent_answer_on_anxiety_has_the_key_advice_for_parents():
    text = render("utter_theme_angst", "ouder")["text"]
    for advice in ("serieus", "niet om alles te vermijden", "kleine stappen", "prijs elke stap"):
        assert advice in text


def test_the_offer_is_said_only_once_the_role_is_known_and_differs_for_professionals():
    assert render("utter_offer_appointment")["text"] is None
    parent = render("utter_offer_appointment", "ouder")
    assert {b["payload"] for b in parent["buttons"]} == {"/request_appointment", "/deny"}
    professional = render("utter_offer_appointment", "professional")
    assert "De Linde" in professional["text"] and not professional["buttons"]


def test_help_line_numbers_are_filled_in():
    text = render("utter_theme_school", "ouder")["text"]
    assert "{" not in text


@pytest.mark.parametrize("text, role", [
    ("moeder", "ouder"), ("Ik ben de vader", "ouder"), ("oma", "ouder"), ("I'm his mum", "ouder"),
    ("parent", "ouder"), ("over mezelf", "jongere"), ("ik", "jongere"), ("myself", "jongere"), ("I'm 16", "jongere"),
    ("ik ben 15", "jongere"), ("leerkracht", "professional"), ("I'm a teacher", "professional"),
    ("ik werk in het wijkteam", "professional"),
])
def test_a_typed_answer_to_who_is_writing_is_read(text, role):
    assert read_role(text, answering=True) == role


def test_outside_the_question_only_strong_signals_count():
    assert read_role("mijn zoon van 8 heeft driftbuien") == "ouder"
    assert read_role("ik ben bang om naar school te gaan") is None
    assert read_role("mijn moeder snapt me niet") is None
    assert read_role("mijn moeder snapt me niet, maar ik wil niet dat ze boos wordt", answering=True) is None


def test_theme_of_intent():
    assert theme_of("ask_angst") == "angst"
    assert theme_of("ask_baby_jgz") == "baby_jgz"
    assert theme_of("ask_weer") is None and theme_of(None) is None and theme_of("faq") is None


def test_an_answered_theme_becomes_the_intakes_topic_and_stops_waiting():
    result = answered("slaap", "ouder", ["school"])
    assert result.slots == {"topic": "slaap", "themes": ["slaap", "school"], "pending_theme": None,
                            "theme_waits_for_role": False}
    assert result.payloads == [] and result.offer
    assert not answered("baby_jgz", "ouder", None).offer  # the consultatiebureau, not the POH


@pytest.mark.parametrize("role, about", [("ouder", "child"), ("jongere", "self"), ("professional", "other")])
def test_low_mood_asks_the_safety_check_in_about_the_right_person(role, about):
    result = answered("somberheid", role, None)
    assert result.payloads == [{"safety_check_in": {"category": "suicide", "about": about, "theme": "somberheid"}}]


# Words that name a disorder: an answer never puts one on a child or a young person.
DIAGNOSES = ("adhd", "add ", "autisme", "autistisch", "depressie", "depressief", "stoornis", "anorexia",
             "boulimia", "eetstoornis", "angststoornis", "ocd", "dwangstoornis", "borderline", "verslaafd",
             "verslaving", "dyslexie", "gender dysforie", "genderdysforie")


@pytest.mark.parametrize("theme", answered_themes())
def test_no_answer_names_a_disorder(theme):
    for role in ROLES:
        text = render(response_name(theme), role)["text"].lower()
        assert not [d for d in DIAGNOSES if d in text], (theme, role)


@pytest.mark.parametrize("theme", answered_themes())
def test_young_people_are_addressed_with_je_never_u(theme):
    import re

    text = render(response_name(theme), "jongere")["text"]
    assert not re.search(r"\b(?:u|uw)\b", text), theme
    assert re.search(r"\b(?:je|jij|jou|jouw)\b", text, re.I), theme


@pytest.mark.parametrize("text", ["weet ik niet", "hallo", "mag ik iets vragen", "ik weet het niet", "I don't know"])
def test_an_answer_that_says_nothing_about_who_is_writing_is_not_a_role(text):
    assert read_role(text, answering=True) is None


def test_the_intakes_role_question_reads_typed_answers_the_same_way():
    from bot.intake.flow import validate

    assert validate("role", "I'm the mother", {})[0]["role"] == "ouder"
    assert validate("role", "over mezelf", {})[0]["role"] == "jongere"
    assert validate("role", "weet ik niet", {})[0]["role"] is None
